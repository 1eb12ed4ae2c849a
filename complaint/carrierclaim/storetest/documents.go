package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// SampleDocument returns the record of a carrier's document of the claim
// for the content, its size and digest filled in.
func SampleDocument(id, claimID, complaintID string, content []byte, at time.Time) *complaint.Attachment {
	sum := sha256.Sum256(content)
	return &complaint.Attachment{ID: id, ComplaintID: complaintID, Owner: carrierclaim.RoleCarrier,
		Context: carrierclaim.ContextClaim + claimID, Name: "Schadensprotokoll äöü.pdf", Type: "application/pdf",
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), Width: 0, Height: 0,
		CreatedAt: at.UTC().Truncate(time.Microsecond)}
}

// RunDocuments is the conformance suite of carrierclaim.Documents; newStore
// must return an empty store each call.
func RunDocuments(t *testing.T, newStore func(t *testing.T) carrierclaim.Documents) {
	t.Run("RoundTrip", func(t *testing.T) {
		ctx := context.Background()
		st := newStore(t)
		big := make([]byte, 600<<10) // more than two chunks of the SQL store
		for i := range big {
			big[i] = byte(i*7 + i/1000)
		}
		a := SampleDocument("f_b", "cc_1", "c_1", big, base)
		require.NoError(t, st.Create(ctx, a, bytes.NewReader(big)))
		got, err := st.Get(ctx, "f_b")
		require.NoError(t, err)
		require.Empty(t, cmp.Diff(a, got, cmp.Comparer(func(x, y time.Time) bool { return x.Equal(y) })))
		rc, err := st.Open(ctx, "f_b")
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, rc.Close())
		require.NoError(t, err)
		require.Equal(t, big, b, "the bytes come back as stored")
		err = st.Create(ctx, a, bytes.NewReader(big))
		require.Equal(t, fairshops.Conflict, fairshops.KindOf(err), "the same ID twice")
	})
	t.Run("ByClaim", func(t *testing.T) {
		ctx := context.Background()
		st := newStore(t)
		list := func(claimID string) []string {
			t.Helper()
			docs, err := st.ByClaim(ctx, claimID)
			require.NoError(t, err)
			out := []string{}
			for _, d := range docs {
				out = append(out, d.ID)
			}
			return out
		}
		require.Equal(t, []string{}, list("cc_1"))
		for _, d := range []*complaint.Attachment{
			SampleDocument("f_c", "cc_1", "c_1", []byte("%PDF-1"), base.Add(time.Hour)),
			SampleDocument("f_a", "cc_1", "c_1", []byte("%PDF-2"), base.Add(time.Hour)),
			SampleDocument("f_z", "cc_1", "c_1", []byte("%PDF-3"), base),
			SampleDocument("f_x", "cc_2", "c_2", []byte("%PDF-4"), base),
			SampleDocument("f_e", "cc_10", "c_10", []byte(""), base),
		} {
			require.NoError(t, st.Create(ctx, d, bytes.NewReader([]byte("x"))))
		}
		require.Equal(t, []string{"f_z", "f_a", "f_c"}, list("cc_1"), "oldest first, then by ID; not another claim's")
		require.Equal(t, []string{"f_x"}, list("cc_2"))
		require.NoError(t, st.Delete(ctx, "f_a"))
		require.Equal(t, []string{"f_z", "f_c"}, list("cc_1"))
		_, err := st.Get(ctx, "f_a")
		require.Equal(t, fairshops.NotFound, fairshops.KindOf(err))
		_, err = st.Open(ctx, "f_a")
		require.Equal(t, fairshops.NotFound, fairshops.KindOf(err))
		require.Equal(t, fairshops.NotFound, fairshops.KindOf(st.Delete(ctx, "f_a")), "deleting twice")
	})
}
