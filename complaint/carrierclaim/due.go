package carrierclaim

import (
	"context"
	"slices"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// DueReport counts what one ProcessDue run did.
type DueReport struct {
	Reminders int // reminder events written
	Barred    int // claims marked time_barred
	Failed    int // claims whose timer failed (logged)
}

// ProcessDue fires what is due on every claim: the reminder of each
// deadline on its RemindOn (while it still matters), and time_barred the day
// after the limitation's Latest day. Each fires exactly once across nodes:
// the claim records it in the same Update that writes the event, and a
// Conflict (another node's run, a concurrent answer) is retried on the
// fresh claim, which then may have nothing left to do
// (docs/adr-multi-node.md).
func (s *Service) ProcessDue(ctx context.Context) (DueReport, error) {
	const op = "carrierclaim.Service.ProcessDue"
	var r DueReport
	_, today := s.now()
	seen := map[string]bool{}
	for {
		batch, err := s.store.Due(ctx, today, dueBatch)
		if err != nil {
			return r, fairshops.Wrap(op, "", err)
		}
		fresh := 0
		for _, c := range batch {
			if seen[c.ID] {
				continue
			}
			seen[c.ID] = true
			fresh++
			rem, barred, err := s.tick(ctx, c, today)
			switch {
			case err != nil && ctx.Err() != nil:
				return r, fairshops.Wrap(op, c.ID, err)
			case err != nil:
				r.Failed++
				s.log.ErrorContext(ctx, "carrier claim timer failed", "claim", c.ID, "error", err)
			}
			r.Reminders += rem
			if barred {
				r.Barred++
			}
		}
		if fresh == 0 || len(batch) < dueBatch {
			break
		}
	}
	return r, nil
}

func (s *Service) tick(ctx context.Context, c *Claim, today fairshops.Date) (int, bool, error) {
	for attempt := 0; ; attempt++ {
		now, _ := s.now()
		evs, barred, err := fire(c, now, today)
		if err != nil {
			return 0, false, err
		}
		if len(evs) == 0 && c.NextDue == c.Timer() {
			return 0, false, nil
		}
		c.NextDue, c.UpdatedAt = c.Timer(), now
		err = s.store.Update(ctx, c, evs)
		if err == nil {
			n := len(evs)
			if barred {
				n--
			}
			return n, barred, nil
		}
		if fairshops.KindOf(err) != fairshops.Conflict || attempt >= maxRetries {
			return 0, false, err
		}
		if c, err = s.store.Get(ctx, c.ID); err != nil {
			return 0, false, err
		}
	}
}

// fire applies what is due on c today and returns its events, and whether
// the claim became time-barred.
func fire(c *Claim, now time.Time, today fairshops.Date) ([]fairshops.Event, bool, error) {
	var evs []fairshops.Event
	system := fairshops.Actor{Role: fairshops.RoleSystem}
	if c.State.Final() {
		return nil, false, nil
	}
	if d, ok := c.Deadline(Limitation); ok && today.After(d.Latest) {
		to, err := Next(c.State, MoveBar, fairshops.RoleSystem)
		if err != nil {
			return nil, false, err
		}
		c.State = to
		c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: now, Actor: system,
			Action: "time_barred", Detail: "limitation ended " + d.Latest.String()})
		ev, err := newEvent(EventClosed, c, now, EventData{})
		return append(evs, ev), true, err
	}
	for _, d := range c.Deadlines {
		if d.RemindOn.IsZero() || d.RemindOn.After(today) || slices.Contains(c.Reminded, d.Kind) || !d.remindIn(c.State) {
			continue
		}
		c.Reminded = append(c.Reminded, d.Kind)
		c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: now, Actor: system,
			Action: "reminder", Detail: string(d.Kind) + " due " + d.Due.String()})
		ev, err := newEvent(EventReminder, c, now, EventData{Deadline: d.Kind, Due: d.Due.String()})
		if err != nil {
			return nil, false, err
		}
		evs = append(evs, ev)
	}
	return evs, false, nil
}
