package mediation_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

func TestForComplaint(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	for _, p := range []fairshops.Principal{f.consumer, f.shop, f.operator} {
		got, err := f.svc.ForComplaint(f.ctx, p, complaintID)
		require.NoError(t, err)
		require.Nil(t, got, "no case yet")
	}
	c := f.open()
	tests := []struct {
		name  string
		p     fairshops.Principal
		found bool
	}{
		{"consumer with the token", f.consumer, true},
		{"the complaint's shop", f.shop, true},
		{"operator", f.operator, true},
		{"another consumer", f.wrongConsumer, false},
		{"another shop", f.otherShop, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.svc.ForComplaint(f.ctx, tt.p, complaintID)
			require.NoError(t, err)
			if !tt.found {
				require.Nil(t, got, "a stranger cannot tell a case exists")
				return
			}
			require.NotNil(t, got)
			require.Equal(t, c.ID, got.ID)
		})
	}
	_, err := f.svc.ForComplaint(f.ctx, fairshops.Principal{}, complaintID)
	require.ErrorIs(t, err, fairshops.ErrForbidden)
}
