package bench

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
)

func TestComplaintsAreDeterministic(t *testing.T) {
	cfg := Config{Complaints: 300, Shops: 10, Seed: 1, End: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), Days: 30}
	collect := func() []*complaint.Complaint {
		var out []*complaint.Complaint
		require.NoError(t, Complaints(cfg, func(_ int, c *complaint.Complaint) error { out = append(out, c); return nil }))
		return out
	}
	a, b := collect(), collect()
	require.Len(t, a, 300)
	states := map[complaint.State]int{}
	for i := range a {
		require.Equal(t, a[i].ID, b[i].ID)
		require.Equal(t, a[i].Contact, b[i].Contact)
		require.Equal(t, a[i].Facts.Description, b[i].Facts.Description)
		require.NotEmpty(t, a[i].Facts.Description)
		if i > 0 {
			require.True(t, complaint.Less(a[i-1], a[i]), "filing order")
		}
		require.Less(t, a[i].ShopID, ShopID(cfg.Shops))
		states[a[i].State]++
	}
	require.Greater(t, len(states), 3, "several states: %v", states)
	require.Equal(t, "shop-00007", Shop(cfg, 7).ID)
}

func TestFromEnv(t *testing.T) {
	end := time.Now()
	t.Setenv("FAIRSHOPS_BENCH_N", "")
	t.Setenv("FAIRSHOPS_BENCH_SHOPS", "")
	cfg, err := FromEnv(end)
	require.NoError(t, err)
	require.Equal(t, DefaultN, cfg.Complaints)
	require.Equal(t, 100, cfg.Shops)
	t.Setenv("FAIRSHOPS_BENCH_N", "1000000")
	t.Setenv("FAIRSHOPS_BENCH_SHOPS", "10000")
	cfg, err = FromEnv(end)
	require.NoError(t, err)
	require.Equal(t, 1_000_000, cfg.Complaints)
	require.Equal(t, 10_000, cfg.Shops)
	for _, bad := range []string{"x", "0", "-3"} {
		t.Setenv("FAIRSHOPS_BENCH_N", bad)
		_, err = FromEnv(end)
		require.Error(t, err, bad)
	}
}

func TestPercentile(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		var out []time.Duration
		for _, v := range n {
			out = append(out, time.Duration(v)*time.Millisecond)
		}
		return out
	}
	require.Zero(t, Percentile(nil, 95))
	require.Equal(t, 5*time.Millisecond, Percentile(ms(5), 95))
	l := ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)
	require.Equal(t, 10*time.Millisecond, Percentile(l, 50))
	require.Equal(t, 19*time.Millisecond, Percentile(l, 95))
	require.Equal(t, 20*time.Millisecond, Percentile(l, 100))
}

// TestReference: references are valid (their check character fits) and
// unique.
func TestReference(t *testing.T) {
	seen := map[string]bool{}
	for _, i := range []int{0, 1, 28, 29, 999_999, 1_000_000, 17_249_876_308} {
		ref := Reference(i)
		canon, err := complaint.ParseReference(ref)
		require.NoError(t, err, i)
		require.Equal(t, canon, ref)
		require.False(t, seen[ref], "%s twice", ref)
		seen[ref] = true
	}
}
