package mediation_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

func TestForComplaint(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	for _, p := range []mediation.Principal{f.consumer, f.shop, f.operator} {
		got, err := f.svc.ForComplaint(f.ctx, p, complaint)
		require.NoError(t, err)
		require.Nil(t, got, "no case yet")
	}
	c := f.open()
	tests := []struct {
		name  string
		p     mediation.Principal
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
			got, err := f.svc.ForComplaint(f.ctx, tt.p, complaint)
			require.NoError(t, err)
			if !tt.found {
				require.Nil(t, got, "a stranger cannot tell a case exists")
				return
			}
			require.NotNil(t, got)
			require.Equal(t, c.ID, got.ID)
		})
	}
	_, err := f.svc.ForComplaint(f.ctx, mediation.Principal{}, complaint)
	require.ErrorIs(t, err, fairshops.ErrForbidden)
}
