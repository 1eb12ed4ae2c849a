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
)

// TestNotesAndAssignment: notes and assignments are operator-only moves,
// recorded in the chained history, and never handed to a shop or a
// consumer (Get, List and the answer of their own moves).
func TestNotesAndAssignment(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00")
	c, tok := e.submit(t, "fair-shop", intake())
	op := fairshops.AsOperator("olga")
	shop := fairshops.AsShop("fair-shop")
	consumer := fairshops.AsConsumer(tok)

	got, err := e.svc.AddNote(ctx, op, c.ID, "Shop anrufen, intern: Vorgang 4711")
	require.NoError(t, err)
	require.Equal(t, "consumer:submitted", actions(got)[0])
	last := got.History[len(got.History)-1]
	require.Equal(t, complaint.ActionNoted, last.Action)
	require.Equal(t, "Shop anrufen, intern: Vorgang 4711", last.Detail)
	require.Equal(t, "olga", last.Actor.Name)

	got, err = e.svc.Assign(ctx, op, c.ID, "olga")
	require.NoError(t, err)
	require.Equal(t, "olga", got.AssignedTo)
	require.Equal(t, complaint.ActionAssigned, got.History[len(got.History)-1].Action)
	n := len(got.History)
	got, err = e.svc.Assign(ctx, op, c.ID, "olga")
	require.NoError(t, err)
	require.Len(t, got.History, n, "assigning again records nothing")
	require.NoError(t, complaint.VerifyHistory(got.ID, got.History), "the operator's history verifies")

	for _, who := range []fairshops.Principal{shop, consumer} {
		seen, err := e.svc.Get(ctx, who, c.ID)
		require.NoError(t, err, who.Role)
		for _, en := range seen.History {
			require.False(t, complaint.Internal(en.Action), "%s sees %s", who.Role, en.Action)
			require.NotContains(t, en.Detail, "4711")
		}
		require.Empty(t, seen.AssignedTo, who.Role)
	}
	list, err := e.svc.List(ctx, shop, complaint.Filter{})
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Empty(t, list[0].AssignedTo)
	for _, en := range list[0].History {
		require.False(t, complaint.Internal(en.Action))
	}
	answered, err := e.svc.AddMessage(ctx, shop, c.ID, "Wir liefern morgen.")
	require.NoError(t, err)
	for _, en := range answered.History {
		require.False(t, complaint.Internal(en.Action), "the shop's own move hands back no note")
	}
	sums, err := e.svc.Search(ctx, shop, complaint.Query{})
	require.NoError(t, err)
	require.Len(t, sums, 1)
	require.Empty(t, sums[0].AssignedTo, "a shop's search hides the assignment")

	// Unassign.
	got, err = e.svc.Assign(ctx, op, c.ID, "")
	require.NoError(t, err)
	require.Empty(t, got.AssignedTo)

	for _, tc := range []struct {
		name string
		err  error
		kind fairshops.Kind
	}{
		{"a shop cannot note", second(e.svc.AddNote(ctx, shop, c.ID, "x")), fairshops.Forbidden},
		{"a consumer cannot note", second(e.svc.AddNote(ctx, consumer, c.ID, "x")), fairshops.Forbidden},
		{"a shop cannot assign", second(e.svc.Assign(ctx, shop, c.ID, "olga")), fairshops.Forbidden},
		{"an empty note", second(e.svc.AddNote(ctx, op, c.ID, " ")), fairshops.Invalid},
		{"a note with control characters", second(e.svc.AddNote(ctx, op, c.ID, "a\x00b")), fairshops.Invalid},
		{"a login with control characters", second(e.svc.Assign(ctx, op, c.ID, "ol\nga")), fairshops.Invalid},
		{"a login too long", second(e.svc.Assign(ctx, op, c.ID, strings.Repeat("x", 500))), fairshops.Invalid},
		{"no such complaint", second(e.svc.AddNote(ctx, op, "c_nope", "x")), fairshops.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) { kindIs(t, tc.err, tc.kind) })
	}
}

func second[T any](_ T, err error) error { return err }

// TestSearchAccess: the operator searches everything, a shop only its own
// forwarded complaints, a consumer nothing; bad states are named.
func TestSearchAccess(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00", func(c *complaint.Config) { c.ManualForward = true })
	a, _ := e.submit(t, "fair-shop", intake())
	in := intake()
	in.Contact.Name = "Hans Müller"
	b, tok := e.submit(t, "mod-shop", in)
	op := fairshops.AsOperator("olga")

	all, err := e.svc.Search(ctx, op, complaint.Query{Text: "Müller"})
	require.NoError(t, err)
	require.Len(t, all, 1)
	require.Equal(t, b.ID, all[0].ID)

	shop := fairshops.AsShop("fair-shop")
	none, err := e.svc.Search(ctx, shop, complaint.Query{})
	require.NoError(t, err)
	require.Empty(t, none, "not forwarded yet")
	_, err = e.svc.Forward(ctx, op, a.ID)
	require.NoError(t, err)
	mine, err := e.svc.Search(ctx, shop, complaint.Query{AssignedTo: "olga"})
	require.NoError(t, err)
	require.Len(t, mine, 1, "a shop's assignment filter is dropped")

	_, err = e.svc.Search(ctx, shop, complaint.Query{ShopID: "mod-shop"})
	kindIs(t, err, fairshops.Forbidden)
	_, err = e.svc.Search(ctx, fairshops.AsConsumer(tok), complaint.Query{})
	kindIs(t, err, fairshops.Forbidden)
	_, err = e.svc.Search(ctx, op, complaint.Query{States: []complaint.State{"nope"}, Text: strings.Repeat("a", 201)})
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve))
	require.Len(t, ve.Fields, 2)

	overdue, err := e.svc.Search(ctx, op, complaint.Query{Overdue: true})
	require.NoError(t, err)
	require.Empty(t, overdue)
	e.clock.Advance(30 * 24 * time.Hour)
	overdue, err = e.svc.Search(ctx, op, complaint.Query{Overdue: true})
	require.NoError(t, err)
	require.Len(t, overdue, 1, "Today comes from the clock")
}

// TestStatsThroughService: operators only; the months end with today's.
func TestStatsThroughService(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00")
	e.submit(t, "fair-shop", intake())
	st, q, err := e.svc.Stats(ctx, fairshops.AsOperator("olga"), 12, 5)
	require.NoError(t, err)
	require.Equal(t, fairshops.MustDate("2025-04-01"), q.From)
	require.Equal(t, fairshops.MustDate("2026-03-31"), q.To)
	require.Equal(t, []complaint.StateCount{{State: complaint.Forwarded, Count: 1}}, st.States)
	require.Len(t, st.Filed, 1)
	require.Equal(t, []complaint.ShopCount{{ShopID: "fair-shop", Total: 1, Open: 1}}, st.Shops)
	_, _, err = e.svc.Stats(ctx, fairshops.AsShop("fair-shop"), 12, 5)
	kindIs(t, err, fairshops.Forbidden)
}
