package complaint_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

func directive(cfg *complaint.Config) { cfg.ADRDirective = true }

// TestReviewDeadline: the operator answers a review within 10 working days
// of the operator's calendar (Config.State), counted from the day of the
// request with the injected clock: weekends and public holidays are not
// counted.
func TestReviewDeadline(t *testing.T) {
	for _, tc := range []struct {
		name, at string
		state    calendar.State
		want     string
	}{
		{"two weekends", "2026-03-04 10:00", calendar.National, "2026-03-18"},
		{"Easter: Good Friday and Easter Monday", "2026-03-30 10:00", calendar.National, "2026-04-15"},
		{"Christmas and New Year", "2025-12-19 16:00", calendar.National, "2026-01-07"},
		{"Epiphany in Bavaria", "2025-12-19 16:00", calendar.BY, "2026-01-08"},
		{"late evening is still the day in Berlin", "2026-03-04 23:30", calendar.National, "2026-03-18"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2025-12-01 09:00", directive, func(cfg *complaint.Config) { cfg.State = tc.state })
			c, tok := e.submit(t, "fair-shop", intake())
			e.clock.Set(berlin(tc.at))
			got, err := e.svc.RequestReview(context.Background(), fairshops.AsConsumer(tok), c.ID, "")
			require.NoError(t, err)
			r, ok := got.PendingReview()
			require.True(t, ok)
			require.Equal(t, tc.want, r.Due.String())
			require.Equal(t, tc.want, complaint.ReviewDue(fairshops.DateOf(berlin(tc.at), fairshops.Berlin()), tc.state).String())
			require.Equal(t, tc.want, e.last(t, complaint.EventReviewRequested).ReviewDue.String())
		})
	}
}

// TestReviewFlow: the consumer asks, the operator answers, the consumer
// reads the answer; a second request for the same pre-check is refused.
func TestReviewFlow(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00", directive)
	c, tok := e.submit(t, "fair-shop", intake())
	consumer, operator := fairshops.AsConsumer(tok), fairshops.AsOperator("Olga Operator")
	require.True(t, c.CanRequestReview())
	require.True(t, e.svc.ReviewsOffered())

	mark := e.mark()
	got, err := e.svc.RequestReview(ctx, consumer, c.ID, "Die Lieferung war doch zugesagt.\nBitte prüfen.")
	require.NoError(t, err)
	require.Equal(t, []string{complaint.EventReviewRequested}, e.events(mark))
	require.False(t, got.CanRequestReview())
	r, ok := got.PendingReview()
	require.True(t, ok)
	require.Equal(t, 0, r.Precheck)
	require.Equal(t, "Die Lieferung war doch zugesagt.\nBitte prüfen.", r.Reason)
	require.Equal(t, "2026-03-16", r.Due.String())
	require.Equal(t, "consumer:review_requested", actions(got)[len(got.History)-1])

	_, err = e.svc.RequestReview(ctx, consumer, c.ID, "")
	kindIs(t, err, fairshops.NotAllowed)
	require.True(t, errors.Is(err, complaint.ErrReviewTaken), "error: %v", err)

	list, err := e.svc.Reviews(ctx, operator, 0)
	require.NoError(t, err)
	require.Equal(t, []string{c.ID}, ids(list))

	mark = e.mark()
	e.clock.Advance(24 * time.Hour)
	got, err = e.svc.AnswerReview(ctx, operator, c.ID, complaint.ReviewAnswer{Outcome: complaint.ReviewCorrected,
		Text: "Der Liefertermin war verbindlich zugesagt; die Nachfrist ist entbehrlich."})
	require.NoError(t, err)
	require.Equal(t, []string{complaint.EventReviewAnswered}, e.events(mark))
	require.Equal(t, "corrected", e.last(t, complaint.EventReviewAnswered).Reason)
	require.True(t, got.NextDue.IsZero() || !got.NextDue.Equal(r.Due.AddDays(1)), "the answered review has no timer")
	list, err = e.svc.Reviews(ctx, operator, 0)
	require.NoError(t, err)
	require.Empty(t, list)

	seen, err := e.svc.Get(ctx, consumer, c.ID)
	require.NoError(t, err)
	cur, ok := seen.CurrentReview()
	require.True(t, ok)
	require.False(t, cur.Pending())
	require.Equal(t, complaint.ReviewCorrected, cur.Outcome)
	require.Equal(t, "Olga Operator", cur.By)
	require.NoError(t, complaint.VerifyHistory(seen.ID, seen.History))
	require.False(t, seen.CanRequestReview(), "one review per pre-check")
	_, err = e.svc.RequestReview(ctx, consumer, c.ID, "noch einmal")
	require.True(t, errors.Is(err, complaint.ErrReviewTaken), "error: %v", err)

	_, err = e.svc.AnswerReview(ctx, operator, c.ID, complaint.ReviewAnswer{Outcome: complaint.ReviewConfirmed})
	kindIs(t, err, fairshops.NotAllowed)
	require.True(t, errors.Is(err, complaint.ErrNoOpenReview), "error: %v", err)
}

// TestReviewRefused: without the setting, by anyone but the consumer, an
// answer by anyone but the operator, bad input.
func TestReviewRefused(t *testing.T) {
	ctx := context.Background()
	operator := fairshops.AsOperator("Olga Operator")

	off := newEnv(t, "2026-03-02 10:00")
	c, tok := off.submit(t, "fair-shop", intake())
	require.False(t, off.svc.ReviewsOffered())
	_, err := off.svc.RequestReview(ctx, fairshops.AsConsumer(tok), c.ID, "")
	kindIs(t, err, fairshops.NotAllowed)
	require.True(t, errors.Is(err, complaint.ErrReviewsOff), "error: %v", err)

	e := newEnv(t, "2026-03-02 10:00", directive)
	c, tok = e.submit(t, "fair-shop", intake())
	consumer := fairshops.AsConsumer(tok)
	for name, p := range map[string]fairshops.Principal{
		"shop": fairshops.AsShop("fair-shop"), "operator": operator, "other shop": fairshops.AsShop("mod-shop"),
	} {
		t.Run("request by "+name, func(t *testing.T) {
			_, err := e.svc.RequestReview(ctx, p, c.ID, "")
			kindIs(t, err, fairshops.Forbidden)
		})
	}
	_, err = e.svc.RequestReview(ctx, fairshops.AsConsumer("wrong-token"), c.ID, "")
	kindIs(t, err, fairshops.NotFound)
	_, err = e.svc.RequestReview(ctx, consumer, c.ID, strings.Repeat("x", complaint.MaxReviewText+1))
	kindIs(t, err, fairshops.Invalid)
	_, err = e.svc.RequestReview(ctx, consumer, c.ID, "<b>ctrl\x00</b>")
	kindIs(t, err, fairshops.Invalid)
	_, err = e.svc.AnswerReview(ctx, operator, c.ID, complaint.ReviewAnswer{Outcome: complaint.ReviewConfirmed})
	require.True(t, errors.Is(err, complaint.ErrNoOpenReview), "no review pending: %v", err)

	_, err = e.svc.RequestReview(ctx, consumer, c.ID, "")
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		p    fairshops.Principal
		a    complaint.ReviewAnswer
		kind fairshops.Kind
	}{
		{"consumer", consumer, complaint.ReviewAnswer{Outcome: complaint.ReviewConfirmed}, fairshops.Forbidden},
		{"shop", fairshops.AsShop("fair-shop"), complaint.ReviewAnswer{Outcome: complaint.ReviewConfirmed}, fairshops.Forbidden},
		{"no outcome", operator, complaint.ReviewAnswer{}, fairshops.Invalid},
		{"unknown outcome", operator, complaint.ReviewAnswer{Outcome: "maybe"}, fairshops.Invalid},
		{"correction without text", operator, complaint.ReviewAnswer{Outcome: complaint.ReviewCorrected}, fairshops.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.AnswerReview(ctx, tc.p, c.ID, tc.a)
			kindIs(t, err, tc.kind)
		})
	}
	var ve *fairshops.ValidationError
	_, err = e.svc.AnswerReview(ctx, operator, c.ID, complaint.ReviewAnswer{Outcome: "maybe", Text: "\x01"})
	require.True(t, errors.As(err, &ve), "error: %v", err)
	require.Len(t, ve.Fields, 2, "every wrong field at once: %v", ve.Fields)

	_, err = e.svc.Reviews(ctx, consumer, 0)
	kindIs(t, err, fairshops.Forbidden)
	_, err = e.svc.Reviews(ctx, fairshops.AsShop("fair-shop"), 0)
	kindIs(t, err, fairshops.Forbidden)
}

// TestReviewWithoutPrecheck: a complaint without a pre-check result has
// nothing to review.
func TestReviewWithoutPrecheck(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00", directive)
	c, tok := e.submit(t, "fair-shop", intake())
	stored, err := e.store.Get(ctx, c.ID)
	require.NoError(t, err)
	stored.Precheck.Clarity = ""
	require.NoError(t, e.store.Update(ctx, stored, nil))
	require.False(t, stored.CanRequestReview())
	_, err = e.svc.RequestReview(ctx, fairshops.AsConsumer(tok), c.ID, "")
	kindIs(t, err, fairshops.NotAllowed)
	require.True(t, errors.Is(err, complaint.ErrNoPrecheck), "error: %v", err)
}

// TestReviewOverdue: ProcessDue writes review_overdue once, the day after
// the deadline, for a review without an answer; the shop's timers go on.
func TestReviewOverdue(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2025-12-18 09:00", directive)
	c, tok := e.submit(t, "fair-shop", intake())
	got, err := e.svc.RequestReview(ctx, fairshops.AsConsumer(tok), c.ID, "")
	require.NoError(t, err)
	r, _ := got.PendingReview()
	require.Equal(t, "2026-01-06", r.Due.String())
	require.Equal(t, "2025-12-27", got.NextDue.String(), "the shop's reminder comes first")

	fired := map[string][]string{}
	var reviews int
	for day := fairshops.MustDate("2025-12-18"); !day.After(fairshops.MustDate("2026-01-20")); day = day.AddDays(1) {
		e.clock.Set(day.In(fairshops.Berlin()).Add(7 * time.Hour))
		before := e.mark()
		rep, err := e.svc.ProcessDue(ctx)
		require.NoError(t, err)
		reviews += rep.Reviews
		for _, typ := range e.events(before) {
			fired[typ] = append(fired[typ], day.String())
		}
	}
	require.Equal(t, map[string][]string{
		complaint.EventReminder:       {"2025-12-27"},
		complaint.EventDeadlineMissed: {"2025-12-30"},
		complaint.EventReviewOverdue:  {"2026-01-07"},
	}, fired)
	require.Equal(t, 1, reviews)
	got, err = e.svc.Get(ctx, fairshops.AsOperator("Olga Operator"), c.ID)
	require.NoError(t, err)
	r, ok := got.PendingReview()
	require.True(t, ok, "overdue, still pending")
	require.True(t, r.Overdue)
	require.True(t, got.NextDue.IsZero())

	// An overdue review is still answered.
	_, err = e.svc.AnswerReview(ctx, fairshops.AsOperator("Olga Operator"), c.ID, complaint.ReviewAnswer{Outcome: complaint.ReviewConfirmed})
	require.NoError(t, err)
}

// TestReviewAfterRecheck: a recorded re-check is a new automated answer,
// which the consumer may have reviewed again.
func TestReviewAfterRecheck(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2025-11-24 10:00", directive)
	c, tok := e.submit(t, "fair-shop", earlyDeadline())
	consumer, operator := fairshops.AsConsumer(tok), fairshops.AsOperator("Olga Operator")
	_, err := e.svc.RequestReview(ctx, consumer, c.ID, "")
	require.NoError(t, err)
	_, err = e.svc.AnswerReview(ctx, operator, c.ID, complaint.ReviewAnswer{Outcome: complaint.ReviewConfirmed})
	require.NoError(t, err)
	stored := e.asRevisionOne(t, c.ID, revisionOneWithdraw)
	require.False(t, stored.CanRequestReview())
	got, err := e.svc.ApplyRecheck(ctx, operator, c.ID, stored.Version, false)
	require.NoError(t, err)
	require.True(t, got.CanRequestReview(), "the re-check's result was not reviewed")
	_, ok := got.CurrentReview()
	require.False(t, ok)
	got, err = e.svc.RequestReview(ctx, consumer, c.ID, "")
	require.NoError(t, err)
	r, _ := got.PendingReview()
	require.Equal(t, 1, r.Precheck)
}

// TestReviewErased: erasure tombstones the consumer's reason and the
// operator's answer; the review itself stays.
func TestReviewErased(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00", directive)
	c, tok := e.submit(t, "fair-shop", intake())
	operator := fairshops.AsOperator("Olga Operator")
	_, err := e.svc.RequestReview(ctx, fairshops.AsConsumer(tok), c.ID, "Erika bittet um Prüfung")
	require.NoError(t, err)
	_, err = e.svc.AnswerReview(ctx, operator, c.ID, complaint.ReviewAnswer{Outcome: complaint.ReviewCorrected, Text: "Liebe Erika, ..."})
	require.NoError(t, err)
	got, err := e.svc.Erase(ctx, operator, c.ID, complaint.ErasureRequested)
	require.NoError(t, err)
	require.Len(t, got.Reviews, 1)
	require.True(t, fairshops.IsTombstone(got.Reviews[0].Reason))
	require.True(t, fairshops.IsTombstone(got.Reviews[0].Answer))
	require.Equal(t, complaint.ReviewCorrected, got.Reviews[0].Outcome)
	require.False(t, got.CanRequestReview())
}
