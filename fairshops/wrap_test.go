package fairshops_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	fs "github.com/fairshops/konfliktservice/fairshops"
)

func TestWrapTakesTheKindFromTheCause(t *testing.T) {
	var p fs.Problems
	p.Add("name", fs.ReasonRequired)
	tests := []struct {
		name  string
		cause error
		want  fs.Kind
		is    error
	}{
		{"a module error keeps its kind", fs.E("store.Get", fs.NotFound, "c_1", "", nil), fs.NotFound, fs.ErrNotFound},
		{"a bare sentinel keeps its kind", fs.ErrConflict, fs.Conflict, fs.ErrConflict},
		{"a wrapped sentinel keeps its kind", fmt.Errorf("update: %w", fs.ErrConflict), fs.Conflict, fs.ErrConflict},
		{"a validation error is Invalid", p.Err("in"), fs.Invalid, fs.ErrInvalid},
		{"a driver's error is Internal", errors.New("disk full"), fs.Internal, fs.ErrInternal},
		{"a canceled context is Canceled", context.Canceled, fs.Canceled, fs.ErrCanceled},
		{"a deadline is Canceled", fmt.Errorf("query: %w", context.DeadlineExceeded), fs.Canceled, fs.ErrCanceled},
		{"an Internal error caused by a cancellation is Canceled",
			fs.E("sql.Get", fs.Internal, "", "query", context.Canceled), fs.Canceled, fs.ErrCanceled},
		{"a Conflict caused by a cancellation stays a Conflict",
			fs.E("x", fs.Conflict, "", "", context.Canceled), fs.Conflict, fs.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := fs.Wrap("complaint.Get", "c_1", tt.cause)
			require.Equal(t, tt.want, fs.KindOf(err))
			require.ErrorIs(t, err, tt.is)
			require.ErrorIs(t, err, tt.cause, "the cause stays reachable")
			var e *fs.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, "complaint.Get", e.Op)
			require.Equal(t, "c_1", e.Entity)
		})
	}
	require.NoError(t, fs.Wrap("op", "", nil), "nothing to wrap")
	require.Equal(t, "canceled", fs.Canceled.String())
	require.Equal(t, "complaint.Get c_1: canceled: context canceled", fs.Wrap("complaint.Get", "c_1", context.Canceled).Error())
}
