package complaint_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

func TestAnswerDeadline(t *testing.T) {
	be, err := calendar.ParseState("BE")
	require.NoError(t, err)
	for _, tc := range []struct {
		name                 string
		now                  string
		configure            func(*complaint.Config)
		forwarded, due, remi string
	}{
		{"plain week", "2026-03-03 12:00", nil, "2026-03-03", "2026-03-10", "2026-03-08"},
		{"ends on a Saturday: next Monday", "2026-03-07 12:00", nil, "2026-03-07", "2026-03-16", "2026-03-14"},
		{"ends on Christmas: after the holidays and the weekend", "2025-12-18 09:00", nil, "2025-12-18", "2025-12-29", "2025-12-27"},
		{"Berlin's Women's Day counts with State BE", "2027-03-01 09:00",
			func(c *complaint.Config) { c.State = be }, "2027-03-01", "2027-03-09", "2027-03-07"},
		{"Women's Day is no national holiday", "2027-03-01 09:00", nil, "2027-03-01", "2027-03-08", "2027-03-06"},
		{"the date is read in Berlin", "2026-03-03 00:30", nil, "2026-03-03", "2026-03-10", "2026-03-08"},
		{"answer period of 14 days, reminder 3 days before", "2026-03-03 12:00",
			func(c *complaint.Config) { c.AnswerDays, c.ReminderDays = 14, 3 }, "2026-03-03", "2026-03-17", "2026-03-14"},
		{"no reminders", "2026-03-03 12:00", func(c *complaint.Config) { c.ReminderDays = -1 }, "2026-03-03", "2026-03-10", ""},
		{"reminder would come before forwarding", "2026-03-03 12:00",
			func(c *complaint.Config) { c.AnswerDays, c.ReminderDays = 1, 2 }, "2026-03-03", "2026-03-04", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cfgs []func(*complaint.Config)
			if tc.configure != nil {
				cfgs = append(cfgs, tc.configure)
			}
			e := newEnv(t, tc.now, cfgs...)
			c, _ := e.submit(t, "fair-shop", intake())
			require.Equal(t, tc.forwarded, c.ForwardedOn.String())
			require.Equal(t, tc.due, c.AnswerDue.String())
			require.Equal(t, tc.remi, c.ReminderOn.String())
			next := tc.remi
			if next == "" {
				next = c.AnswerDue.AddDays(1).String()
			}
			require.Equal(t, next, c.NextDue.String())
		})
	}
}

// TestTimersFireOnce walks day by day (twice a day) across the answer
// period over Christmas and checks that the reminder and the
// deadline_missed event each come exactly once, on their day.
func TestTimersFireOnce(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2025-12-18 09:00")
	c, tok := e.submit(t, "fair-shop", intake())
	require.Equal(t, "2025-12-29", c.AnswerDue.String())
	mark := e.mark()
	fired := map[string][]string{}
	for day := fairshops.MustDate("2025-12-18"); !day.After(fairshops.MustDate("2026-01-10")); day = day.AddDays(1) {
		for _, hour := range []int{6, 18} {
			e.clock.Set(day.In(fairshops.Berlin()).Add(time.Duration(hour) * time.Hour))
			before := e.mark()
			_, err := e.svc.ProcessDue(ctx)
			require.NoError(t, err)
			for _, typ := range e.events(before) {
				fired[typ] = append(fired[typ], day.String())
			}
		}
	}
	require.Equal(t, map[string][]string{
		complaint.EventReminder:       {"2025-12-27"},
		complaint.EventDeadlineMissed: {"2025-12-30"},
	}, fired)
	require.Len(t, e.events(mark), 2)

	got, err := e.svc.Get(ctx, fairshops.AsConsumer(tok), c.ID)
	require.NoError(t, err)
	require.True(t, got.Reminded)
	require.True(t, got.DeadlineMissed)
	require.True(t, got.NextDue.IsZero())
	require.Equal(t, complaint.Forwarded, got.State, "a missed deadline does not close the complaint by itself")
	require.NoError(t, complaint.VerifyHistory(got.ID, got.History))
	require.Equal(t, []string{"consumer:submitted", "system:checked", "system:forwarded", "system:reminder", "system:deadline_missed"}, actions(got))
}

func TestTimers(t *testing.T) {
	ctx := context.Background()
	t.Run("a late run sends no stale reminder", func(t *testing.T) {
		e := newEnv(t, "2026-03-02 10:00")
		e.submit(t, "fair-shop", intake())
		e.clock.Set(berlin("2026-03-20 10:00"))
		mark := e.mark()
		r, err := e.svc.ProcessDue(ctx)
		require.NoError(t, err)
		require.Equal(t, complaint.DueReport{Missed: 1}, r)
		require.Equal(t, []string{complaint.EventDeadlineMissed}, e.events(mark))
	})
	t.Run("an answer stops the timers", func(t *testing.T) {
		e := newEnv(t, "2026-03-02 10:00")
		c, _ := e.submit(t, "fair-shop", intake())
		c, err := e.svc.AddMessage(ctx, fairshops.AsShop("fair-shop"), c.ID, "Ist unterwegs.")
		require.NoError(t, err)
		require.Equal(t, complaint.Answered, c.State)
		require.True(t, c.NextDue.IsZero())
		e.clock.Set(berlin("2026-04-01 10:00"))
		mark := e.mark()
		r, err := e.svc.ProcessDue(ctx)
		require.NoError(t, err)
		require.Equal(t, complaint.DueReport{}, r)
		require.Empty(t, e.events(mark))
	})
	t.Run("concurrent runs fire once", func(t *testing.T) {
		e := newEnv(t, "2026-03-02 10:00")
		for range 30 {
			e.submit(t, "fair-shop", intake())
		}
		e.clock.Set(berlin("2026-03-07 10:00"))
		mark := e.mark()
		var wg sync.WaitGroup
		reports := make([]complaint.DueReport, 4)
		for i := range reports {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				reports[i], err = e.svc.ProcessDue(ctx)
				require.NoError(t, err)
			}()
		}
		wg.Wait()
		total := 0
		for _, r := range reports {
			require.Zero(t, r.Failed)
			total += r.Reminders
		}
		require.Equal(t, 30, total)
		require.Len(t, e.events(mark), 30)
	})
	t.Run("many due complaints in several batches", func(t *testing.T) {
		e := newEnv(t, "2026-03-02 10:00")
		for range 230 {
			e.submit(t, "fair-shop", intake())
		}
		e.clock.Set(berlin("2026-03-10 10:00"))
		r, err := e.svc.ProcessDue(ctx)
		require.NoError(t, err)
		require.Equal(t, complaint.DueReport{Missed: 230}, r)
		r, err = e.svc.ProcessDue(ctx)
		require.NoError(t, err)
		require.Equal(t, complaint.DueReport{}, r)
	})
}

func TestCloseDeadlineMissed(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00")
	c, tok := e.submit(t, "fair-shop", intake())
	consumer := fairshops.AsConsumer(tok)
	e.clock.Set(berlin("2026-03-09 23:59"))
	_, err := e.svc.CloseDeadlineMissed(ctx, consumer, c.ID)
	kindIs(t, err, fairshops.NotAllowed)
	require.ErrorContains(t, err, "answer period runs until 2026-03-09")
	e.clock.Set(berlin("2026-03-10 00:01"))
	mark := e.mark()
	c, err = e.svc.CloseDeadlineMissed(ctx, consumer, c.ID)
	require.NoError(t, err)
	require.Equal(t, complaint.Closed, c.State)
	require.True(t, c.NextDue.IsZero())
	require.Equal(t, []string{complaint.EventClosed}, e.events(mark))
	data := e.last(t, complaint.EventClosed)
	require.Equal(t, "deadline_missed", data.Reason)
	require.Equal(t, complaint.Closed, data.State)
}
