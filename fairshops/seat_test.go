package fairshops_test

import (
	"context"
	"testing"

	fs "github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/stretchr/testify/require"
)

// TestSeatStatesAreCalendarStates keeps the list of seat codes equal to
// the states of package calendar (which imports fairshops, so fairshops
// cannot ask it).
func TestSeatStatesAreCalendarStates(t *testing.T) {
	t.Parallel()
	var want []string
	for _, s := range calendar.States() {
		want = append(want, s.String())
	}
	require.Equal(t, want, fs.SeatStates())
}

// TestRegisterShopState: a shop may register the state of its seat (rules
// revision 2), or none; an unknown code is refused with its field.
func TestRegisterShopState(t *testing.T) {
	t.Parallel()
	reg, _, _ := newRegistry(t)
	ctx := context.Background()
	tests := []struct {
		id, state string
		ok        bool
	}{
		{"seat-by", "BY", true},
		{"seat-none", "", true},
		{"seat-de", "DE", false},
		{"seat-lower", "by", false},
		{"seat-xx", "XX", false},
	}
	for _, tc := range tests {
		s := validShop(tc.id)
		s.State = tc.state
		got, err := reg.Register(ctx, s)
		if !tc.ok {
			var ve *fs.ValidationError
			require.ErrorAs(t, err, &ve, tc.id)
			require.Equal(t, "state", ve.Fields[0].Field, tc.id)
			require.Equal(t, fs.ReasonUnknownValue, ve.Fields[0].Code, tc.id)
			continue
		}
		require.NoError(t, err, tc.id)
		stored, err := reg.Shop(ctx, got.ID)
		require.NoError(t, err)
		require.Equal(t, tc.state, stored.State)
	}
}
