package complaint_test

import (
	"context"
	"testing"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/stretchr/testify/require"
)

// TestSubmitUsesTheShopsSeat: the pre-check at filing ends the shop's
// periods by the holidays of the state of the shop's registered seat (rules
// revision 2). The refund for goods never delivered is due 14 days after the
// withdrawal of 2025-12-23: on 2026-01-06, Epiphany in Bavaria (not in Lower
// Saxony), so in Bavaria on 2026-01-07. A shop without a seat gets every
// state's end: doubtful on 2026-01-07.
func TestSubmitUsesTheShopsSeat(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "2026-01-07 10:00")
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: e.db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: e.clock})
	require.NoError(t, err)
	for id, state := range map[string]string{"seat-by": "BY", "seat-ni": "NI", "seat-none": ""} {
		_, err := reg.Register(context.Background(), fairshops.Shop{
			ID: id, Name: "Shop " + id, Domain: id + ".example", Seal: fairshops.Seal{Status: fairshops.Licensed},
			State:    state,
			Bookings: []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2020-01-01"), Purpose: fairshops.ExtraTrust}},
		})
		require.NoError(t, err)
	}
	in := intake()
	in.Facts = precheck.Facts{
		Category:             precheck.Withdrawal,
		OrderDate:            fairshops.MustDate("2025-12-20"),
		WithdrawalDeclaredOn: fairshops.MustDate("2025-12-23"),
		ContactedShopOn:      fairshops.MustDate("2025-12-23"),
		OrderValue:           fairshops.MustMoney("49.90", "EUR"),
		DesiredResolution:    precheck.WantRefund,
	}
	tests := []struct {
		shop    string
		fired   bool
		favours precheck.Favours
	}{
		{"seat-by", false, ""},
		{"seat-ni", true, precheck.FavoursConsumer},
		{"seat-none", true, precheck.FavoursDoubtful},
	}
	for _, tc := range tests {
		c, _ := e.submit(t, tc.shop, in)
		require.Equal(t, precheck.Revision, c.Precheck.Revision, tc.shop)
		require.Equal(t, tc.fired, c.Precheck.Fired(precheck.RefundOverdue), tc.shop)
		for _, f := range c.Precheck.Findings {
			if f.Rule == precheck.RefundOverdue {
				require.Equal(t, tc.favours, f.Favours, tc.shop)
			}
		}
	}
}
