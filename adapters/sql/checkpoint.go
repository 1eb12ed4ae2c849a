package sqlstore

import (
	"context"
	"database/sql"
	"log/slog"
	"time"
)

// checkpointer copies the write-ahead log of a SQLite database into the
// database file in the background, on a connection of its own, so that
// the one writer never does it inside a commit. With SQLite's automatic
// checkpoint the commit that crosses the threshold copies the log and
// syncs the database file itself, and every request of its batch waits
// for that: a fifth of the writer's time in the intake profile.
//
// After each commit the writer kicks it (without waiting); it then runs
// one PASSIVE checkpoint (which neither blocks nor waits for the writer
// and readers) and rests for a while, so that one checkpoint copies the
// frames of many commits. The writer's own automatic checkpoint stays as a
// safety net at a higher threshold (writerAutoCheckpoint), for when the
// background one falls behind.
type checkpointer struct {
	pool    *sql.DB
	rest    time.Duration
	log     *slog.Logger
	ran     func(copied int, err error) // after each checkpoint, if set (tests)
	kicks   chan struct{}
	quit    chan struct{}
	stopped chan struct{}
}

// writerAutoCheckpoint is the writer's own checkpoint threshold in pages
// (SQLite's default is 1000): reached only when the background
// checkpointer falls behind.
const writerAutoCheckpoint = 10000

// checkpointRest is the pause after each background checkpoint: a page
// written many times meanwhile is copied once, and the database file is
// synced at most twice a second.
const checkpointRest = 500 * time.Millisecond

// newCheckpointer starts a checkpointer on pool (one connection, not
// query_only); ran, if not nil, hears the outcome of each checkpoint.
func newCheckpointer(pool *sql.DB, rest time.Duration, log *slog.Logger, ran func(copied int, err error)) *checkpointer {
	c := &checkpointer{pool: pool, rest: rest, log: log, ran: ran, kicks: make(chan struct{}, 1),
		quit: make(chan struct{}), stopped: make(chan struct{})}
	go c.loop()
	return c
}

// kick asks for a checkpoint; it never blocks.
func (c *checkpointer) kick() {
	select {
	case c.kicks <- struct{}{}:
	default:
	}
}

func (c *checkpointer) loop() {
	defer close(c.stopped)
	ctx := context.Background()
	for {
		select {
		case <-c.quit:
			return
		case <-c.kicks:
		}
		var busy, frames, copied int
		err := c.pool.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
		if err != nil {
			c.log.Warn("sqlite checkpoint failed", "error", err)
		}
		if c.ran != nil {
			c.ran(copied, err)
		}
		t := time.NewTimer(c.rest)
		select {
		case <-c.quit:
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// close stops the checkpointer; the last connection to close checkpoints
// what is left.
func (c *checkpointer) close() {
	close(c.quit)
	<-c.stopped
}
