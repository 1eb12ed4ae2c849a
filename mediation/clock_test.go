package mediation_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// TestModeratorPausedClock: the moderator's question to a party pauses the
// proposal deadline (file complete on 2026-04-01, due 2026-06-30); the
// party's answer, or 14 days without one, gives the rest back with the
// calendar; at most two pauses; a question outside the moderator's own
// deadline pauses nothing. Steps: "ask shop", "ask consumer", "shop",
// "consumer" (the party answers), "tick" (ProcessDue), "send" (the
// proposal goes out).
func TestModeratorPausedClock(t *testing.T) {
	type step struct{ day, what string }
	for _, tc := range []struct {
		name         string
		stated       bool // only the consumer stated: the statements deadline runs
		steps        []step
		due          string
		kind         mediation.DeadlineKind
		pausedOn     string
		pausedDays   int
		pauses       int
		remind       string
		clockEvents  []string
		wantQuestion int // questions recorded
	}{
		{name: "answer after five days: a Sunday end moves to Monday",
			steps: []step{{"2026-04-10", "ask shop"}, {"2026-04-15", "shop"}},
			due:   "2026-07-06", kind: mediation.DeadlineProposal, pausedDays: 5, pauses: 1, remind: "2026-07-03",
			clockEvents:  []string{mediation.EventClockPaused, mediation.EventClockResumed},
			wantQuestion: 1},
		{name: "paused: the latest end, due on the resume day",
			steps: []step{{"2026-04-10", "ask shop"}, {"2026-04-23", "tick"}},
			due:   "2026-07-14", kind: mediation.DeadlineProposal, pausedOn: "2026-04-10", pauses: 1, remind: "2026-06-27",
			clockEvents: []string{mediation.EventClockPaused}, wantQuestion: 1},
		{name: "no answer in 14 days: runs again on the 14th day",
			steps: []step{{"2026-04-10", "ask shop"}, {"2026-04-30", "tick"}},
			due:   "2026-07-14", kind: mediation.DeadlineProposal, pausedDays: 14, pauses: 1, remind: "2026-07-11",
			clockEvents:  []string{mediation.EventClockPaused, mediation.EventClockResumed},
			wantQuestion: 1},
		{name: "the other party's answer does not resume",
			steps: []step{{"2026-04-10", "ask shop"}, {"2026-04-11", "ask consumer"}, {"2026-04-12", "consumer"}},
			due:   "2026-07-14", kind: mediation.DeadlineProposal, pausedOn: "2026-04-10", pauses: 1, remind: "2026-06-27",
			clockEvents: []string{mediation.EventClockPaused}, wantQuestion: 2},
		{name: "at most two pauses",
			steps: []step{{"2026-04-10", "ask shop"}, {"2026-04-11", "shop"}, {"2026-04-12", "ask consumer"},
				{"2026-04-14", "consumer"}, {"2026-04-20", "ask shop"}},
			due: "2026-07-03", kind: mediation.DeadlineProposal, pausedDays: 3, pauses: 2, remind: "2026-06-30",
			clockEvents: []string{mediation.EventClockPaused, mediation.EventClockResumed,
				mediation.EventClockPaused, mediation.EventClockResumed},
			wantQuestion: 3},
		{name: "the proposal goes out while paused: the pause ends",
			steps: []step{{"2026-04-10", "ask shop"}, {"2026-04-12", "send"}},
			due:   "2026-04-27", kind: mediation.DeadlineAnswers, pausedDays: 2, pauses: 1, remind: "2026-04-24",
			clockEvents:  []string{mediation.EventClockPaused, mediation.EventClockResumed},
			wantQuestion: 1},
		{name: "during the statements the parties' deadline does not pause",
			stated: true, steps: []step{{"2026-04-02", "ask shop"}},
			due: "2026-04-15", kind: mediation.DeadlineStatements, remind: "2026-04-12", wantQuestion: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fairshops.ConsumerMode)
			var c *mediation.Case
			if tc.stated {
				c = f.stated()
			} else {
				c = f.complete()
			}
			mark := len(f.db.Events())
			for _, s := range tc.steps {
				f.at(s.day)
				var err error
				switch s.what {
				case "ask shop":
					_, err = f.svc.AskParty(f.ctx, f.operator, c.ID, fairshops.RoleShop, "Wann kam die Ware zurück?")
				case "ask consumer":
					_, err = f.svc.AskParty(f.ctx, f.operator, c.ID, fairshops.RoleConsumer, "Haben Sie ein Foto?")
				case "shop":
					_, err = f.svc.AnswerQuestion(f.ctx, f.shop, c.ID, "Am 2. März.")
				case "consumer":
					_, err = f.svc.AnswerQuestion(f.ctx, f.consumer, c.ID, "Ja, anbei.")
				case "tick":
					_, err = f.svc.ProcessDue(f.ctx)
				case "send":
					f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
					_, err = f.svc.SendProposal(f.ctx, f.operator, c.ID)
				}
				require.NoError(t, err, s.what+" on "+s.day)
			}
			got := f.get(c.ID)
			require.Equal(t, tc.kind, got.Deadline.Kind)
			require.Equal(t, tc.due, got.Deadline.Due.String(), "due")
			require.Equal(t, tc.remind, got.Deadline.RemindOn.String(), "remind")
			require.Equal(t, tc.pausedOn, got.Clock.PausedOn.String(), "paused on")
			require.Equal(t, tc.pausedDays, got.Clock.PausedDays, "paused days")
			require.Equal(t, tc.pauses, got.Clock.Pauses, "pauses")
			require.Len(t, got.Questions, tc.wantQuestion)
			var clockEvents []string
			for _, ev := range f.db.Events()[mark:] {
				if ev.Type == mediation.EventClockPaused || ev.Type == mediation.EventClockResumed {
					clockEvents = append(clockEvents, ev.Type)
				}
			}
			require.Equal(t, tc.clockEvents, clockEvents)
			require.NoError(t, mediation.VerifyHistory(got.ID, got.History))
		})
	}
}

func TestModeratorQuestionRefused(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.complete()
	for _, tc := range []struct {
		name string
		call func() error
		kind fairshops.Kind
	}{
		{"a party asks", func() error {
			_, err := f.svc.AskParty(f.ctx, f.consumer, c.ID, fairshops.RoleShop, "Frage?")
			return err
		}, fairshops.Forbidden},
		{"asks the operator", func() error {
			_, err := f.svc.AskParty(f.ctx, f.operator, c.ID, fairshops.RoleOperator, "Frage?")
			return err
		}, fairshops.Invalid},
		{"an empty question", func() error {
			_, err := f.svc.AskParty(f.ctx, f.operator, c.ID, fairshops.RoleShop, "  ")
			return err
		}, fairshops.Invalid},
		{"an answer without a question", func() error {
			_, err := f.svc.AnswerQuestion(f.ctx, f.shop, c.ID, "Antwort")
			return err
		}, fairshops.NotAllowed},
		{"the operator answers", func() error {
			_, err := f.svc.AnswerQuestion(f.ctx, f.operator, c.ID, "Antwort")
			return err
		}, fairshops.Forbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			require.Error(t, err)
			require.Equal(t, tc.kind, fairshops.KindOf(err), "%v", err)
		})
	}
	require.Equal(t, complaint.MaxPauses, f.get(c.ID).Clock.PausesLeft())
}
