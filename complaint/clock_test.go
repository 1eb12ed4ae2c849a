package complaint_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// TestPausedClock walks the shop's answer clock through questions,
// answers and timer runs on given days (an injected clock, 10:00 in
// Berlin) and checks the deadline that results: weekends, Easter, the
// year end, a state's holiday, the automatic resume after PauseDays and the
// limit on pauses. Steps: "ask" (the shop's question), "consumer" (the
// consumer's message), "shop" (the shop's message: its answer), "tick"
// (ProcessDue).
func TestPausedClock(t *testing.T) {
	type step struct{ day, what string }
	for _, tc := range []struct {
		name       string
		filed      string
		state      string // Config.State, "" national
		steps      []step
		due        string // AnswerDue at the end
		pausedOn   string // Clock.PausedOn at the end ("" running)
		pausedDays int
		pauses     int
		reminder   string // ReminderOn at the end
		state2     complaint.State
		events     []string // clock events, in order
	}{
		{name: "answer after four days: the rest from the answer, Saturday moved to Monday",
			filed: "2026-03-03", steps: []step{{"2026-03-05", "ask"}, {"2026-03-09", "consumer"}},
			due: "2026-03-16", pausedDays: 4, pauses: 1, reminder: "2026-03-14", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "over a weekend: Friday question, Monday answer",
			filed: "2026-03-03", steps: []step{{"2026-03-06", "ask"}, {"2026-03-09", "consumer"}},
			due: "2026-03-13", pausedDays: 3, pauses: 1, reminder: "2026-03-11", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "answered the same day: nothing changes",
			filed: "2026-03-03", steps: []step{{"2026-03-05", "ask"}, {"2026-03-05", "consumer"}},
			due: "2026-03-10", pausedDays: 0, pauses: 1, reminder: "2026-03-08", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "Easter: the new end on Good Friday moves past Easter Monday",
			filed: "2026-03-23", steps: []step{{"2026-03-25", "ask"}, {"2026-03-29", "consumer"}},
			due: "2026-04-07", pausedDays: 4, pauses: 1, reminder: "2026-04-05", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "year end: New Year's Eve is a working day",
			filed: "2026-12-18", steps: []step{{"2026-12-21", "ask"}, {"2026-12-24", "consumer"}},
			due: "2026-12-31", pausedDays: 3, pauses: 1, reminder: "2026-12-29", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "year end: New Year's Day and the weekend after it",
			filed: "2026-12-18", steps: []step{{"2026-12-21", "ask"}, {"2026-12-25", "consumer"}},
			due: "2027-01-04", pausedDays: 4, pauses: 1, reminder: "2027-01-02", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "Berlin's Women's Day moves the end with State BE",
			filed: "2027-02-22", state: "BE", steps: []step{{"2027-02-24", "ask"}, {"2027-03-03", "consumer"}},
			due: "2027-03-09", pausedDays: 7, pauses: 1, reminder: "2027-03-07", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "Women's Day is no holiday nationally",
			filed: "2027-02-22", steps: []step{{"2027-02-24", "ask"}, {"2027-03-03", "consumer"}},
			due: "2027-03-08", pausedDays: 7, pauses: 1, reminder: "2027-03-06", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "while paused: the latest end, the timer on the resume day",
			filed: "2026-03-03", steps: []step{{"2026-03-05", "ask"}, {"2026-03-18", "tick"}},
			due: "2026-03-24", pausedOn: "2026-03-05", pauses: 1, reminder: "2026-03-08", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused}},
		{name: "no answer in 14 days: runs again on the 14th day",
			filed: "2026-03-03", steps: []step{{"2026-03-05", "ask"}, {"2026-03-19", "tick"}},
			due: "2026-03-24", pausedDays: 14, pauses: 1, reminder: "2026-03-22", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "a late timer run resumes on the 14th day all the same",
			filed: "2026-03-03", steps: []step{{"2026-03-05", "ask"}, {"2026-03-21", "tick"}},
			due: "2026-03-24", pausedDays: 14, pauses: 1, reminder: "2026-03-22", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "a question while paused is a message",
			filed: "2026-03-03", steps: []step{{"2026-03-04", "ask"}, {"2026-03-05", "ask"}, {"2026-03-06", "consumer"}},
			due: "2026-03-12", pausedDays: 2, pauses: 1, reminder: "2026-03-10", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "at most two pauses: the third question does not stop the clock",
			filed: "2026-03-02", steps: []step{
				{"2026-03-03", "ask"}, {"2026-03-04", "consumer"}, {"2026-03-05", "ask"}, {"2026-03-06", "consumer"},
				{"2026-03-10", "ask"}},
			due: "2026-03-11", pausedDays: 2, pauses: 2, reminder: "2026-03-09", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed,
				complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "a question after the answer period does not pause",
			filed: "2026-03-02", steps: []step{{"2026-03-10", "ask"}},
			due: "2026-03-09", reminder: "2026-03-07", state2: complaint.Forwarded},
		{name: "a question on the last day pauses with no day left",
			filed: "2026-03-02", steps: []step{{"2026-03-09", "ask"}, {"2026-03-11", "consumer"}},
			due: "2026-03-11", pausedDays: 2, pauses: 1, reminder: "", state2: complaint.Forwarded,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "the shop answers while paused: the pause ends",
			filed: "2026-03-03", steps: []step{{"2026-03-05", "ask"}, {"2026-03-07", "shop"}},
			due: "2026-03-12", pausedDays: 2, pauses: 1, reminder: "2026-03-10", state2: complaint.Answered,
			events: []string{complaint.EventClockPaused, complaint.EventClockResumed}},
		{name: "a question after the answer is a message",
			filed: "2026-03-03", steps: []step{{"2026-03-04", "shop"}, {"2026-03-05", "ask"}},
			due: "2026-03-10", reminder: "2026-03-08", state2: complaint.Answered},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			var cfgs []func(*complaint.Config)
			if tc.state != "" {
				st, err := calendar.ParseState(tc.state)
				require.NoError(t, err)
				cfgs = append(cfgs, func(c *complaint.Config) { c.State = st })
			}
			e := newEnv(t, tc.filed+" 10:00", cfgs...)
			c, tok := e.submit(t, "fair-shop", intake())
			mark := e.mark()
			for _, s := range tc.steps {
				e.clock.Set(berlin(s.day + " 10:00"))
				var err error
				switch s.what {
				case "ask":
					_, err = e.svc.Ask(ctx, fairshops.AsShop("fair-shop"), c.ID, "Welche Farbe hatte der Artikel?")
				case "consumer":
					_, err = e.svc.AddMessage(ctx, fairshops.AsConsumer(tok), c.ID, "Blau.")
				case "shop":
					_, err = e.svc.AddMessage(ctx, fairshops.AsShop("fair-shop"), c.ID, "Wir liefern neu.")
				case "tick":
					_, err = e.svc.ProcessDue(ctx)
				}
				require.NoError(t, err, s.what+" on "+s.day)
			}
			got, err := e.svc.Get(ctx, fairshops.AsOperator("op"), c.ID)
			require.NoError(t, err)
			require.Equal(t, tc.due, got.AnswerDue.String(), "AnswerDue")
			require.Equal(t, tc.pausedOn, got.Clock.PausedOn.String(), "PausedOn")
			require.Equal(t, tc.pausedDays, got.Clock.PausedDays, "PausedDays")
			require.Equal(t, tc.pauses, got.Clock.Pauses, "Pauses")
			require.Equal(t, tc.reminder, got.ReminderOn.String(), "ReminderOn")
			require.Equal(t, tc.state2, got.State)
			require.Equal(t, got.Timer(), got.NextDue, "NextDue is the timer")
			var clockEvents []string
			for _, typ := range e.events(mark) {
				if strings.HasPrefix(typ, "complaint.clock_") {
					clockEvents = append(clockEvents, typ)
				}
			}
			require.Equal(t, tc.events, clockEvents)
			require.NoError(t, complaint.VerifyHistory(got.ID, got.History))
			questions := 0
			for _, m := range got.Messages {
				if m.Question {
					questions++
				}
			}
			asks := 0
			for _, s := range tc.steps {
				if s.what == "ask" {
					asks++
				}
			}
			require.Equal(t, asks, questions, "every question is marked")
		})
	}
}

func TestPausedClockEventsAndHistory(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-03 10:00")
	c, tok := e.submit(t, "fair-shop", intake())
	e.clock.Set(berlin("2026-03-05 10:00"))
	c, err := e.svc.Ask(ctx, fairshops.AsShop("fair-shop"), c.ID, "Welche Farbe?")
	require.NoError(t, err)
	require.Equal(t, complaint.Forwarded, c.State, "a question is no answer")
	require.True(t, c.Clock.Paused())
	require.Equal(t, 5, c.Clock.RestDays)
	require.Equal(t, "2026-03-19", c.Clock.ResumeBy.String())
	require.Equal(t, 1, c.Clock.PausesLeft())
	require.Equal(t, 3, c.Clock.PausedDaysOn(fairshops.MustDate("2026-03-08")))
	paused := e.last(t, complaint.EventClockPaused)
	require.Equal(t, "2026-03-05", paused.PausedOn.String())
	require.Equal(t, "2026-03-19", paused.ResumeBy.String())
	require.Equal(t, "2026-03-24", paused.AnswerDue.String())
	require.Equal(t, c.Messages[0].ID, paused.Message)

	// Paused: the consumer may not close for a missed deadline.
	e.clock.Set(berlin("2026-03-11 10:00"))
	_, err = e.svc.CloseDeadlineMissed(ctx, fairshops.AsConsumer(tok), c.ID)
	kindIs(t, err, fairshops.NotAllowed)

	c, err = e.svc.AddMessage(ctx, fairshops.AsConsumer(tok), c.ID, "Blau.")
	require.NoError(t, err)
	resumed := e.last(t, complaint.EventClockResumed)
	require.Equal(t, complaint.ResumeAnswered, resumed.Reason)
	require.Equal(t, 6, resumed.PausedDays)
	require.Equal(t, "2026-03-16", resumed.AnswerDue.String())
	require.Equal(t, []string{"consumer:submitted", "system:checked", "system:forwarded", "shop:message_added",
		"shop:clock_paused", "consumer:message_added", "consumer:clock_resumed"}, actions(c))
	require.Equal(t, "resume by 2026-03-19", c.History[4].Detail)
	require.Equal(t, "answer due 2026-03-16", c.History[6].Detail)
}

func TestAskRefused(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-03 10:00")
	c, tok := e.submit(t, "fair-shop", intake())
	for _, tc := range []struct {
		name string
		p    fairshops.Principal
		body string
		kind fairshops.Kind
	}{
		{"the consumer", fairshops.AsConsumer(tok), "Frage?", fairshops.Forbidden},
		{"the operator", fairshops.AsOperator("op"), "Frage?", fairshops.Forbidden},
		{"another shop", fairshops.AsShop("mod-shop"), "Frage?", fairshops.NotFound},
		{"an empty body", fairshops.AsShop("fair-shop"), " ", fairshops.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mark := e.mark()
			_, err := e.svc.Ask(ctx, tc.p, c.ID, tc.body)
			kindIs(t, err, tc.kind)
			require.Empty(t, e.events(mark), "nothing written")
		})
	}
	t.Run("a displeasure-only complaint is closed", func(t *testing.T) {
		d, _ := e.submit(t, "fair-shop", displeasure())
		_, err := e.svc.Ask(ctx, fairshops.AsShop("fair-shop"), d.ID, "Frage?")
		kindIs(t, err, fairshops.NotAllowed)
	})
}

// TestPausedClockResumesOnce runs the timers of many paused complaints from
// several goroutines (as several nodes would): each clock runs again
// exactly once.
func TestPausedClockResumesOnce(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00")
	for range 20 {
		c, _ := e.submit(t, "fair-shop", intake())
		_, err := e.svc.Ask(ctx, fairshops.AsShop("fair-shop"), c.ID, "Frage?")
		require.NoError(t, err)
	}
	e.clock.Set(berlin("2026-03-16 10:00"))
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
		total += r.Resumed
	}
	require.Equal(t, 20, total)
	require.Len(t, e.events(mark), 20)
}
