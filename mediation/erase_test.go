package mediation_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

func TestEraseCases(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.settled()
	before := f.get(c.ID)
	eraser := mediation.NewEraser(f.db.Cases(), f.clock)
	events := len(f.db.Events())

	require.NoError(t, eraser.EraseCases(f.ctx, complaintID, complaint.ErasureRequested))
	got := f.get(c.ID)
	at, ok := got.ErasedAt()
	require.True(t, ok)
	require.True(t, at.Equal(f.clock.Now().UTC()))
	require.Equal(t, []string{mediation.EventErased}, f.eventTypes()[events:])
	for i, st := range got.Statements {
		require.Equal(t, fairshops.Tombstone(before.Statements[i].Text), st.Text)
	}
	require.Equal(t, fairshops.Tombstone(before.Facts.Description), got.Facts.Description)
	// The settlement stays whole (commercial retention duties), and the
	// history verifies.
	require.Equal(t, before.Settlement, got.Settlement)
	require.Equal(t, before.State, got.State)
	require.NoError(t, mediation.VerifyHistory(got.ID, got.History))
	raw := string(mustJSONAll(t, got))
	for _, s := range []string{"Das Gerät ist defekt.", "Wir sehen keinen Mangel."} {
		require.NotContains(t, raw, s)
	}

	// Idempotent: a second run writes nothing.
	events = len(f.db.Events())
	require.NoError(t, eraser.EraseCases(f.ctx, complaintID, complaint.ErasureRetention))
	require.Len(t, f.db.Events(), events)
	require.Equal(t, got.Version, f.get(c.ID).Version)
}

func TestEraseCasesRefusesRunningCase(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.stated()
	err := mediation.NewEraser(f.db.Cases(), f.clock).EraseCases(f.ctx, complaintID, complaint.ErasureRequested)
	require.Equal(t, fairshops.NotAllowed, fairshops.KindOf(err), "%v", err)
	require.Equal(t, "Das Gerät ist defekt.", f.get(c.ID).Statements[0].Text)
}

func mustJSONAll(t *testing.T, c *mediation.Case) []byte {
	t.Helper()
	var b strings.Builder
	for _, st := range c.Statements {
		b.WriteString(st.Text)
	}
	b.WriteString(c.Facts.Description)
	for _, e := range c.History {
		b.WriteString(e.Detail + e.Before + e.After)
	}
	return []byte(b.String())
}
