package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
)

// RunShares is the conformance suite of carrierclaim.Shares; newStore must
// return an empty store each call.
func RunShares(t *testing.T, newStore func(t *testing.T) carrierclaim.Shares) {
	t.Run("ShareAndRevoke", func(t *testing.T) {
		ctx := context.Background()
		st := newStore(t)
		files := func(complaintID string) []string {
			t.Helper()
			list, err := st.ByComplaint(ctx, complaintID)
			require.NoError(t, err)
			out := []string{}
			for _, s := range list {
				require.Equal(t, complaintID, s.ComplaintID)
				out = append(out, s.FileID)
			}
			return out
		}
		require.Equal(t, []string{}, files("c_1"), "nothing is shared by default")
		first := base.Add(time.Hour)
		require.NoError(t, st.Create(ctx, carrierclaim.Share{ComplaintID: "c_1", FileID: "f_b", At: first}))
		require.NoError(t, st.Create(ctx, carrierclaim.Share{ComplaintID: "c_1", FileID: "f_a", At: first}))
		require.NoError(t, st.Create(ctx, carrierclaim.Share{ComplaintID: "c_2", FileID: "f_c", At: first}))
		require.NoError(t, st.Create(ctx, carrierclaim.Share{ComplaintID: "c_1", FileID: "f_b", At: first.Add(time.Hour)}),
			"sharing twice is no error")
		require.Equal(t, []string{"f_a", "f_b"}, files("c_1"), "by file ID, each once")
		list, err := st.ByComplaint(ctx, "c_1")
		require.NoError(t, err)
		require.True(t, list[1].At.Equal(first), "the first time stays")
		require.NoError(t, st.Delete(ctx, "c_1", "f_b"))
		require.NoError(t, st.Delete(ctx, "c_1", "f_b"), "taking back twice is no error")
		require.NoError(t, st.Delete(ctx, "c_9", "f_x"))
		require.Equal(t, []string{"f_a"}, files("c_1"))
		require.Equal(t, []string{"f_c"}, files("c_2"), "other complaints keep theirs")
	})
}
