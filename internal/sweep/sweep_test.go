package sweep_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/sweep"
)

// items are n due IDs, "i0000", "i0001", ..., listed by a cursor.
func items(n int) func(after string, limit int) ([]string, error) {
	all := make([]string, n)
	for i := range all {
		all[i] = fmt.Sprintf("i%04d", i)
	}
	return func(after string, limit int) ([]string, error) {
		var page []string
		for _, x := range all {
			if x > after && len(page) < limit {
				page = append(page, x)
			}
		}
		return page, nil
	}
}

func id(s string) string { return s }

// TestDue: every page is read (one item more than a page), an item do
// skips is not reported, a failing item is counted and the run goes on,
// a canceled context ends the run at its item, a failing read ends it.
func TestDue(t *testing.T) {
	n := fairshops.MaxLimit + 1
	last := fmt.Sprintf("i%04d", n-1)
	boom := errors.New("boom")
	tests := []struct {
		name       string
		list       func(string, int) ([]string, error)
		do         func(ctx context.Context, cancel func(), x string) (bool, error)
		wantDone   int
		wantFailed int
		wantErr    error
		wantLast   string // the last ID done
	}{
		{name: "every page", list: items(n),
			do:       func(context.Context, func(), string) (bool, error) { return true, nil },
			wantDone: n, wantLast: last},
		{name: "skipped and failed items", list: items(n),
			do: func(_ context.Context, _ func(), x string) (bool, error) {
				switch x {
				case "i0001":
					return false, nil
				case "i0002", last:
					return false, boom
				}
				return true, nil
			},
			wantDone: n - 3, wantFailed: 2, wantLast: fmt.Sprintf("i%04d", n-2)},
		{name: "canceled", list: items(n),
			do: func(_ context.Context, cancel func(), x string) (bool, error) {
				if x == "i0005" {
					cancel()
					return false, context.Canceled
				}
				return true, nil
			},
			wantDone: 5, wantErr: context.Canceled, wantLast: "i0004"},
		{name: "a failing read", list: func(after string, limit int) ([]string, error) {
			if after != "" {
				return nil, boom
			}
			return items(n)(after, limit)
		},
			do:       func(context.Context, func(), string) (bool, error) { return true, nil },
			wantDone: fairshops.MaxLimit, wantErr: boom, wantLast: fmt.Sprintf("i%04d", fairshops.MaxLimit-1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var failed []string
			done, nfailed, err := sweep.Due(ctx, "test", tc.list, id,
				func(x string) (bool, error) { return tc.do(ctx, cancel, x) },
				func(x string, err error) { failed = append(failed, x) })
			require.Len(t, done, tc.wantDone)
			require.Equal(t, tc.wantLast, done[len(done)-1])
			require.Equal(t, tc.wantFailed, nfailed)
			require.Len(t, failed, nfailed)
			if tc.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.wantErr)
			}
		})
	}
}
