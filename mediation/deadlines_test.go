package mediation_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/fairshops/konfliktservice/mediation"
)

// run processes what is due on a day and returns the events it wrote.
func (f *fixture) run(day string) []fairshops.Event {
	f.t.Helper()
	f.at(day)
	before := len(f.db.Events())
	n, err := f.svc.ProcessDue(f.ctx)
	require.NoError(f.t, err)
	evs := f.db.Events()[before:]
	require.Len(f.t, evs, n, "ProcessDue reports what it wrote")
	return evs
}

func types(evs []fairshops.Event) []string {
	out := []string{}
	for _, ev := range evs {
		out = append(out, ev.Type)
	}
	return out
}

// twoOptions replaces the draft of a complete case with two options.
func (f *fixture) twoOptions(c *mediation.Case) *mediation.Case {
	opts := editedOptions(f)
	second := opts[0]
	second.ID, second.Amount = "o2", eur("7.50")
	second.Duties = []mediation.Duty{{Party: fairshops.RoleShop, Action: mediation.ActIssueVoucher, Amount: ptr(eur("7.50")),
		Due: opts[0].Duties[0].Due}}
	return f.must(f.svc.EditDraft(f.ctx, f.operator, c.ID, append(opts, second)))
}

func TestDeadlines(t *testing.T) {
	for _, tc := range []struct {
		name     string
		build    func(f *fixture) *mediation.Case
		deadline mediation.DeadlineKind
		due      string
		remind   string // the reminder day; the day before it nothing happens
		to       string // who the reminder is for
		after    mediation.State
		then     mediation.DeadlineKind // the next deadline, when the case goes on
	}{
		{"decision on a request", func(f *fixture) *mediation.Case { return f.requested() },
			mediation.DeadlineDecision, "2026-04-22", "2026-04-19", "operator", mediation.Expired, ""},
		{"decision in shop_discretion waits on the shop", func(f *fixture) *mediation.Case {
			f.shops.book(shopID, streitmoderation(fairshops.ShopDiscretion))
			return f.requested()
		}, mediation.DeadlineDecision, "2026-04-22", "2026-04-19", "shop", mediation.Expired, ""},
		{"cost acceptance", func(f *fixture) *mediation.Case {
			return f.must(f.svc.MarkAbusive(f.ctx, f.operator, f.requested().ID))
		}, mediation.DeadlineCost, "2026-04-15", "2026-04-12", "consumer", mediation.Expired, ""},
		{"statements, nobody stated", func(f *fixture) *mediation.Case { return f.open() },
			mediation.DeadlineStatements, "2026-04-15", "2026-04-12", "parties", mediation.Expired, ""},
		{"statements, the consumer stated: the file completes", func(f *fixture) *mediation.Case { return f.stated() },
			mediation.DeadlineStatements, "2026-04-15", "2026-04-12", "shop", mediation.Statements, mediation.DeadlineProposal},
		{"statements, the shop stated", func(f *fixture) *mediation.Case {
			c := f.open()
			return f.must(f.svc.AddStatement(f.ctx, f.shop, c.ID, mediation.StatementInput{Text: "Alles korrekt geliefert."}))
		}, mediation.DeadlineStatements, "2026-04-15", "2026-04-12", "consumer", mediation.Statements, mediation.DeadlineProposal},
		{"proposal within 90 days of the complete file", func(f *fixture) *mediation.Case { return f.complete() },
			mediation.DeadlineProposal, "2026-06-30", "2026-06-27", "operator", mediation.Expired, ""},
		{"answers, nobody answered", func(f *fixture) *mediation.Case { return f.proposed() },
			mediation.DeadlineAnswers, "2026-04-15", "2026-04-12", "parties", mediation.Expired, ""},
		{"answers, only the consumer accepted", func(f *fixture) *mediation.Case {
			c := f.proposed()
			return f.must(f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, c.Current().ID, "o1"))
		}, mediation.DeadlineAnswers, "2026-04-15", "2026-04-12", "shop", mediation.Expired, ""},
		{"answers, the shop rejected asking for a revision the consumer did not want", func(f *fixture) *mediation.Case {
			c := f.proposed()
			return f.must(f.svc.RejectProposal(f.ctx, f.shop, c.ID, c.Current().ID, true))
		}, mediation.DeadlineAnswers, "2026-04-15", "2026-04-12", "consumer", mediation.Failed, ""},
		{"answers, each accepted another option", func(f *fixture) *mediation.Case {
			c := f.twoOptions(f.complete())
			c = f.must(f.svc.SendProposal(f.ctx, f.operator, c.ID))
			f.must(f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, c.Current().ID, "o2"))
			c = f.must(f.svc.AcceptProposal(f.ctx, f.shop, c.ID, c.Current().ID, "o1"))
			require.Equal(t, mediation.Proposed, c.State, "a revision is still possible")
			return c
		}, mediation.DeadlineAnswers, "2026-04-15", "2026-04-12", "parties", mediation.Failed, ""},
		{"revision both asked for", func(f *fixture) *mediation.Case {
			c := f.proposed()
			f.must(f.svc.RejectProposal(f.ctx, f.consumer, c.ID, c.Current().ID, true))
			return f.must(f.svc.RequestRevision(f.ctx, f.shop, c.ID, c.Current().ID))
		}, // 30 days end on 1 May, a holiday: the period runs to Monday 4 May.
			mediation.DeadlineRevision, "2026-05-04", "2026-05-01", "operator", mediation.Expired, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fairshops.ConsumerMode)
			c := tc.build(f)
			require.Equal(t, tc.deadline, c.Deadline.Kind)
			require.Equal(t, date(tc.due), c.Deadline.Due)
			require.Equal(t, date(tc.remind), c.NextDue())

			require.Empty(t, f.run(date(tc.remind).AddDays(-1).String()), "nothing before the reminder day")
			evs := f.run(tc.remind)
			require.Equal(t, []string{mediation.EventReminder}, types(evs))
			require.Equal(t, tc.to, evs[0].Recipient)
			require.JSONEq(t, `"`+string(tc.deadline)+`"`, string(mustJSON(t, evs[0], "deadline")))
			require.Empty(t, f.run(tc.remind), "a reminder goes out once")
			require.Empty(t, f.run(tc.due), "the last day still belongs to the period")

			evs = f.run(date(tc.due).AddDays(1).String())
			require.NotEmpty(t, evs)
			got := f.get(c.ID)
			require.Equal(t, tc.after, got.State)
			require.Equal(t, tc.then, got.Deadline.Kind)
			require.Empty(t, f.run(date(tc.due).AddDays(1).String()), "a deadline acts once")
			require.NoError(t, mediation.VerifyHistory(got.ID, got.History))
			switch tc.after {
			case mediation.Expired:
				require.Equal(t, []string{mediation.EventExpired}, types(evs))
				require.Contains(t, got.Notice(fairshops.German), "Universalschlichtungsstelle des Bundes")
			case mediation.Failed:
				require.Equal(t, []string{mediation.EventFailed}, types(evs))
			case mediation.Statements:
				require.Equal(t, []string{mediation.EventFileComplete}, types(evs))
				require.Equal(t, date(tc.due).AddDays(1), got.FileCompleteOn)
			}
		})
	}
}

func TestDeadlineMovesOverHolidays(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	f.at("2026-12-11")
	c := f.open()
	// 2026-12-25 is Christmas Day, then the second day of Christmas (Saturday)
	// and a Sunday: the period ends on Monday (§193 BGB).
	require.Equal(t, date("2026-12-28"), c.Deadline.Due)
	require.Equal(t, date("2026-12-25"), c.Deadline.RemindOn)

	f.at("2026-12-28")
	c = f.must(f.svc.AddStatement(f.ctx, f.consumer, c.ID, mediation.StatementInput{Text: "Am letzten Tag."}))
	f.at("2026-12-29")
	_, err := f.svc.AddStatement(f.ctx, f.shop, c.ID, mediation.StatementInput{Text: "Zu spät."})
	require.ErrorIs(t, err, mediation.ErrDeadlinePassed)
}

func TestDeadlinesConfigurable(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	dl := mediation.DefaultDeadlines()
	dl.Statements = calendar.Days(7)
	dl.ReminderDays = 0
	svc, err := mediation.NewService(mediation.Config{Store: f.db.Cases(), Complaints: f.complaints, Shops: f.shops,
		Clock: f.clock, Location: f.clock.Now().Location(), Deadlines: &dl})
	require.NoError(t, err)
	f.svc = svc
	c := f.open()
	require.Equal(t, date("2026-04-08"), c.Deadline.Due)
	require.True(t, c.Deadline.Reminded, "no reminders configured")
	require.Equal(t, date("2026-04-09"), c.NextDue())
	require.Empty(t, f.run("2026-04-08"))
	require.Equal(t, []string{mediation.EventExpired}, types(f.run("2026-04-09")))

	bad := mediation.Deadlines{Decision: calendar.Days(-1)}
	_, err = mediation.NewService(mediation.Config{Store: f.db.Cases(), Complaints: f.complaints, Shops: f.shops, Deadlines: &bad})
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, "deadlines.decision.days", ve.Fields[0].Field)
	require.Len(t, ve.Fields, 6, "the negative period and the five missing ones")
}

func TestProcessDueConcurrently(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	const cases = 30
	ids := make([]string, cases)
	for i := range cases {
		info := f.complaints.get(complaintID)
		info.ID = "c_" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		f.complaints.set(info)
		c := f.must(f.svc.Request(f.ctx, f.consumer, mediation.RequestInput{ComplaintID: info.ID}))
		ids[i] = c.ID
	}
	f.at("2026-04-19")
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for w := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := f.svc.ProcessDue(f.ctx)
			require.NoError(t, err)
			counts[w] = n
		}()
	}
	wg.Wait()
	total := 0
	for _, n := range counts {
		total += n
	}
	require.Equal(t, cases, total, "each reminder exactly once across concurrent runs")
	reminders := 0
	for _, ev := range f.db.Events() {
		if ev.Type == mediation.EventReminder {
			reminders++
		}
	}
	require.Equal(t, cases, reminders)
	for _, id := range ids {
		require.True(t, f.get(id).Deadline.Reminded)
	}
}

func TestProcessDuePagesThroughManyCases(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	const cases = 130 // more than one batch
	for i := range cases {
		info := f.complaints.get(complaintID)
		info.ID = fmt.Sprintf("c_%03d", i)
		f.complaints.set(info)
		f.must(f.svc.Request(f.ctx, f.consumer, mediation.RequestInput{ComplaintID: info.ID}))
	}
	require.Len(t, f.run("2026-04-19"), cases)
	require.Empty(t, f.run("2026-04-19"))
	require.Len(t, f.run("2026-04-23"), cases, "every request expires the day after its deadline")
	list, err := f.svc.List(f.ctx, f.operator, mediation.Filter{States: []mediation.State{mediation.Expired}, Limit: 500})
	require.NoError(t, err)
	require.Len(t, list, cases)
}
