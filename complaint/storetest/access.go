package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// testByEmail: ByEmail finds the complaints of an address whatever its case
// and surrounding blanks, oldest first, bounded by the limit; a changed
// address moves a complaint to the new one; nothing for an unknown or empty
// address.
func testByEmail(t *testing.T, h Harness) {
	ctx := context.Background()
	mk := func(id, email string, at time.Time) *complaint.Complaint {
		c := SampleComplaint(id, "shop-a")
		c.Contact.Email = email
		c.CreatedAt, c.UpdatedAt = at, at
		require.NoError(t, h.Store.Create(ctx, c, nil))
		return c
	}
	mk("c_3", "Erika@Example.org", base.Add(2*time.Hour))
	mk("c_1", "erika@example.org", base)
	mk("c_2", "otto@example.org", base.Add(time.Hour))
	c4 := mk("c_4", "ERIKA@example.ORG", base.Add(3*time.Hour))

	got, err := h.Store.ByEmail(ctx, " erika@EXAMPLE.org ", 0)
	require.NoError(t, err)
	require.Equal(t, []string{"c_1", "c_3", "c_4"}, ids(got))
	require.Equal(t, "Erika@Example.org", got[1].Contact.Email, "the stored address is kept as given")
	require.Equal(t, "KS-c_3", got[1].Reference)

	got, err = h.Store.ByEmail(ctx, "erika@example.org", 2)
	require.NoError(t, err)
	require.Equal(t, []string{"c_1", "c_3"}, ids(got))

	c4.Contact.Email = "otto@example.org"
	require.NoError(t, h.Store.Update(ctx, c4, nil))
	got, err = h.Store.ByEmail(ctx, "otto@example.org", 0)
	require.NoError(t, err)
	require.Equal(t, []string{"c_2", "c_4"}, ids(got))

	for _, email := range []string{"nobody@example.org", ""} {
		got, err = h.Store.ByEmail(ctx, email, 0)
		require.NoError(t, err)
		require.Empty(t, got, email)
	}
}

// testByReference: ByReference finds the one complaint with the reference;
// NotFound for another; a second complaint with the same reference is
// refused with Conflict and leaves nothing behind.
func testByReference(t *testing.T, h Harness) {
	ctx := context.Background()
	a := SampleComplaint("c_a", "shop-a")
	a.Reference = "KS-7KQ4-M2XF"
	require.NoError(t, h.Store.Create(ctx, a, nil))
	require.NoError(t, h.Store.Create(ctx, SampleComplaint("c_b", "shop-b"), nil))

	got, err := h.Store.ByReference(ctx, "KS-7KQ4-M2XF")
	require.NoError(t, err)
	require.Equal(t, "c_a", got.ID)
	require.Empty(t, diff(a, got))

	_, err = h.Store.ByReference(ctx, "KS-2222-2222")
	kindIs(t, err, fairshops.NotFound)
	_, err = h.Store.ByReference(ctx, "")
	kindIs(t, err, fairshops.NotFound)

	dup := SampleComplaint("c_dup", "shop-a")
	dup.Reference = "KS-7KQ4-M2XF"
	kindIs(t, h.Store.Create(ctx, dup, []fairshops.Event{event(t, complaint.EventSubmitted, dup)}), fairshops.Conflict)
	_, err = h.Store.Get(ctx, "c_dup")
	kindIs(t, err, fairshops.NotFound)
	if h.Events != nil {
		for _, ev := range h.Events() {
			require.NotEqual(t, "c_dup", ev.Subject, "event of a refused complaint")
		}
	}
}

// testOverviews: an overview is found by its hash with what was stored; a
// second one with the hash is a Conflict; DeleteExpired removes exactly the
// ones whose end is not after now.
func testOverviews(t *testing.T, h Harness) {
	ctx := context.Background()
	o := complaint.Overview{Hash: fairshops.Token("o1").Hash(), Email: "erika@example.org",
		CreatedAt: base, ExpiresAt: base.Add(24 * time.Hour)}
	require.NoError(t, h.Overviews.Create(ctx, o))
	kindIs(t, h.Overviews.Create(ctx, o), fairshops.Conflict)
	later := complaint.Overview{Hash: fairshops.Token("o2").Hash(), Email: "otto@example.org",
		CreatedAt: base, ExpiresAt: base.Add(48 * time.Hour)}
	require.NoError(t, h.Overviews.Create(ctx, later))

	got, err := h.Overviews.ByHash(ctx, o.Hash)
	require.NoError(t, err)
	require.Empty(t, diff(o, got))
	_, err = h.Overviews.ByHash(ctx, fairshops.Token("unknown").Hash())
	kindIs(t, err, fairshops.NotFound)

	n, err := h.Overviews.DeleteExpired(ctx, base.Add(time.Hour))
	require.NoError(t, err)
	require.Zero(t, n)
	n, err = h.Overviews.DeleteExpired(ctx, o.ExpiresAt)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = h.Overviews.ByHash(ctx, o.Hash)
	kindIs(t, err, fairshops.NotFound)
	_, err = h.Overviews.ByHash(ctx, later.Hash)
	require.NoError(t, err)

	// The erasure of a complaint deletes the overviews of its address.
	n, err = h.Overviews.DeleteByEmail(ctx, "nobody@example.org")
	require.NoError(t, err)
	require.Zero(t, n)
	n, err = h.Overviews.DeleteByEmail(ctx, later.Email)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = h.Overviews.ByHash(ctx, later.Hash)
	kindIs(t, err, fairshops.NotFound)
}
