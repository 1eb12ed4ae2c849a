package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/fairshops/konfliktservice/adapters/notify"
)

// background runs the work that no request starts: the periodic jobs and
// the outbox relay. Stopping it is two-staged, so that a shutdown loses
// nothing it need not lose: Stop asks every loop to end after the run or
// batch in hand (a relay batch is finished and recorded, a ProcessDue run
// completes); only when the shutdown deadline passes does the work context
// end, cutting off what is still in flight (its events stay in the outbox
// and are delivered after the next start: delivery is at least once).
type background struct {
	work     context.Context // ends only at the hard deadline
	cancel   context.CancelFunc
	stopping chan struct{} // closed by Stop
	wg       sync.WaitGroup
	log      *slog.Logger
}

func newBackground(log *slog.Logger) *background {
	work, cancel := context.WithCancel(context.Background())
	return &background{work: work, cancel: cancel, stopping: make(chan struct{}), log: log}
}

// job is one periodic task of the timers.
type job struct {
	name string
	run  func(ctx context.Context) (slog.Attr, error) // what it did, as a log attribute
}

// goTimers runs every job at once (catching up after downtime) and then
// every interval, one job after the other, until Stop.
func (b *background) goTimers(every time.Duration, m *metrics, jobs ...job) {
	b.wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			for _, j := range jobs {
				if b.stopped() {
					return
				}
				did, err := j.run(b.work)
				switch {
				case err != nil && b.work.Err() != nil:
					return
				case err != nil:
					m.timers.WithLabelValues(j.name, "error").Inc()
					b.log.Error("timer job failed", "job", j.name, "err", err)
				default:
					m.timers.WithLabelValues(j.name, "ok").Inc()
					b.log.Debug("timer job done", "job", j.name, did)
				}
			}
			select {
			case <-b.stopping:
				return
			case <-t.C:
			}
		}
	})
}

// goRelay drains the outbox with r until Stop: after a full batch it claims
// again at once, else it waits the relay's interval.
func (b *background) goRelay(r *notify.Relay, batch int, interval time.Duration) {
	b.wg.Go(func() {
		for !b.stopped() {
			n, err := r.RunOnce(b.work)
			if err != nil {
				if b.work.Err() != nil {
					return
				}
				b.log.Warn("relay round failed", "err", err)
			}
			if err == nil && n >= batch {
				continue
			}
			select {
			case <-b.stopping:
				return
			case <-time.After(interval):
			}
		}
	})
}

func (b *background) stopped() bool {
	select {
	case <-b.stopping:
		return true
	default:
		return false
	}
}

// Stop asks the loops to end after their current run and waits for them
// until ctx ends; then it cancels what is still running and waits for the
// loops to return. It reports ctx's error when the deadline cut work off.
func (b *background) Stop(ctx context.Context) error {
	close(b.stopping)
	done := make(chan struct{})
	go func() { b.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = errors.Join(errors.New("background work cut off at the shutdown deadline"), ctx.Err())
		b.cancel()
		<-done
	}
	b.cancel()
	return err
}
