package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// RunErase is the conformance suite of complaint.Store.Erase, the one
// write that rewrites stored messages and history entries: only to their
// tombstones, with the version check, the search following. Run calls it.
func RunErase(t *testing.T, newHarness func(t *testing.T) Harness) {
	t.Run("Tombstones", func(t *testing.T) { testEraseTombstones(t, newHarness(t)) })
	t.Run("OnlyTombstones", func(t *testing.T) { testEraseOnlyTombstones(t, newHarness(t)) })
}

// erasable returns a stored sample complaint with an internal note that
// names the consumer.
func erasable(t *testing.T, h Harness, id string) *complaint.Complaint {
	t.Helper()
	c := SampleComplaint(id, "shop-a")
	c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: base.Add(2 * time.Hour),
		Actor: fairshops.Actor{Role: fairshops.RoleOperator, Name: "olga"}, Action: complaint.ActionNoted,
		Detail: "Frau Mustermann rief an"})
	require.NoError(t, h.Store.Create(context.Background(), c, nil))
	return c
}

// tombstoned returns c with its personal data replaced as the Service's
// erasure does, and an "erased" entry appended.
func tombstoned(c *complaint.Complaint) *complaint.Complaint {
	e := c.Clone()
	e.Contact = complaint.Contact{Name: fairshops.Tombstone(c.Contact.Name),
		Email: fairshops.Tombstone(c.Contact.Email), Phone: fairshops.Tombstone(c.Contact.Phone)}
	e.OrderRef = fairshops.Tombstone(c.OrderRef)
	e.Facts.Description = fairshops.Tombstone(c.Facts.Description)
	for i := range e.Messages {
		e.Messages[i].Body = fairshops.Tombstone(e.Messages[i].Body)
	}
	for i := range e.History {
		if e.History[i].Action == complaint.ActionNoted {
			e.History[i].EraseDetail()
		}
	}
	e.History.Append(e.ID, fairshops.PlainEntries, fairshops.Entry{At: base.Add(3 * time.Hour),
		Actor: fairshops.Actor{Role: fairshops.RoleOperator, Name: "olga"}, Action: complaint.ActionErased,
		Detail: "reason requested"})
	return e
}

func testEraseTombstones(t *testing.T, h Harness) {
	ctx := context.Background()
	c := erasable(t, h, "c_e1")
	e := tombstoned(c)
	ev := event(t, complaint.EventErased, e)
	require.NoError(t, h.Store.Erase(ctx, e, []fairshops.Event{ev}))
	require.Equal(t, 2, e.Version)

	got, err := h.Store.Get(ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, "", diff(e, got))
	require.NoError(t, complaint.VerifyHistory(c.ID, got.History), "the history verifies after erasure")
	require.Equal(t, fairshops.Tombstone("Erika Mustermann"), got.Contact.Name)
	require.Equal(t, fairshops.Tombstone("Frau Mustermann rief an"), got.History[4].Detail)
	if h.Events != nil {
		evs := h.Events()
		require.Equal(t, complaint.EventErased, evs[len(evs)-1].Type)
	}
	for _, q := range []string{"Mustermann", "erika@example.org", "A-10023", "zurückgeschickt"} {
		found, err := h.Store.Search(ctx, complaint.Query{Text: q})
		require.NoError(t, err)
		require.Empty(t, found, "search for %q after erasure", q)
	}
	found, err := h.Store.Search(ctx, complaint.Query{Text: c.Reference})
	require.NoError(t, err)
	require.Len(t, found, 1, "the reference still finds the erased complaint")
	require.Empty(t, found[0].Excerpt)
	byEmail, err := h.Store.ByEmail(ctx, "erika@example.org", 10)
	require.NoError(t, err)
	require.Empty(t, byEmail)

	// Stale version: Conflict, nothing written.
	again := tombstoned(c)
	kindIs(t, h.Store.Erase(ctx, again, nil), fairshops.Conflict)
	kindIs(t, h.Store.Erase(ctx, &complaint.Complaint{ID: "c_missing", Version: 1}, nil), fairshops.NotFound)
}

func testEraseOnlyTombstones(t *testing.T, h Harness) {
	ctx := context.Background()
	c := erasable(t, h, "c_e2")
	for name, change := range map[string]func(e *complaint.Complaint){
		"message body rewritten": func(e *complaint.Complaint) { e.Messages[0].Body = "anders" },
		"message dropped":        func(e *complaint.Complaint) { e.Messages = e.Messages[:1] },
		"entry detail rewritten": func(e *complaint.Complaint) { e.History[0].Detail = "category delivery" },
		"entry dropped":          func(e *complaint.Complaint) { e.History = e.History[:2] },
		"entry action changed":   func(e *complaint.Complaint) { e.History[2].Action = "closed" },
	} {
		e := tombstoned(c)
		change(e)
		kindIs(t, h.Store.Erase(ctx, e, nil), fairshops.Invalid)
		got, err := h.Store.Get(ctx, c.ID)
		require.NoError(t, err, name)
		require.Equal(t, "", diff(c, got), "%s: nothing written", name)
	}
}
