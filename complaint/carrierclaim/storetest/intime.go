package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	complainttest "github.com/fairshops/konfliktservice/complaint/storetest"
)

// InTimeHarness is one empty store of complaints and claims side by side,
// for the figure Store.InTime.
type InTimeHarness struct {
	Claims     carrierclaim.Store
	Complaints complaint.Store
}

// RunInTime checks Store.InTime on a generated set against values counted
// by hand (below); newHarness must return empty stores each call.
func RunInTime(t *testing.T, newHarness func(t *testing.T) InTimeHarness) {
	ctx := context.Background()
	h := newHarness(t)
	f, err := h.Claims.InTime(ctx)
	require.NoError(t, err)
	require.Equal(t, carrierclaim.InTime{}, f, "nothing stored")

	// 30 complaints i = 0..29, alternating between two shops. By i%6:
	//   0: the filed pre-check has the transit finding        (transit)
	//   1: only the latest re-check has it                    (transit)
	//   2: an earlier re-check had it, the latest has not     (not transit)
	//   3: no finding at all                                  (not transit)
	//   4: the filed pre-check has it, the latest re-check not (transit: the filed one counts)
	//   5: a re-check without it                              (not transit)
	// Each residue occurs 5 times: 15 transit complaints.
	// A claim exists unless i%5 == 2, opened in time when i is even.
	// In time and transit: i%6 in {0, 4} (even) and i%5 != 2:
	//   i%6 == 0: 0, 6, 12, 18, 24 without 12 -> 4
	//   i%6 == 4: 4, 10, 16, 22, 28 without 22 -> 4
	// (i%6 == 1 is odd, never in time; the even non-transit complaints with
	// a claim in time, such as 8, 14, 20, must not count.)
	want := carrierclaim.InTime{Transit: 15, InTime: 8}
	transit := precheck.Finding{Rule: precheck.DeliveryTransitRiskOnShop, Favours: precheck.FavoursConsumer,
		Message: precheck.Message{Key: "rule." + string(precheck.DeliveryTransitRiskOnShop)}}
	other := precheck.Finding{Rule: "delivery.late", Favours: precheck.FavoursConsumer, Message: precheck.Message{Key: "rule.delivery.late"}}
	recheck := func(fs ...precheck.Finding) complaint.RecheckRecord {
		return complaint.RecheckRecord{At: base, By: "Olga", Result: precheck.Result{Revision: precheck.Revision,
			Category: precheck.Delivery, Clarity: precheck.Clear, Findings: fs}}
	}
	for i := range 30 {
		id := fmt.Sprintf("c_%02d", i)
		shop := []string{"shop-a", "shop-b"}[i%2]
		c := complainttest.SampleComplaint(id, shop)
		c.Precheck.Findings = []precheck.Finding{other}
		switch i % 6 {
		case 0:
			c.Precheck.Findings = append(c.Precheck.Findings, transit)
		case 1:
			c.Rechecks = []complaint.RecheckRecord{recheck(other), recheck(other, transit)}
		case 2:
			c.Rechecks = []complaint.RecheckRecord{recheck(transit), recheck(other)}
		case 3:
			c.Precheck.Findings = nil
		case 4:
			c.Precheck.Findings = []precheck.Finding{transit}
			c.Rechecks = []complaint.RecheckRecord{recheck()}
		case 5:
			c.Rechecks = []complaint.RecheckRecord{recheck(other)}
		}
		require.Equal(t, i%6 == 0 || i%6 == 1 || i%6 == 4, carrierclaim.Applies(c), "complaint %d", i)
		require.NoError(t, h.Complaints.Create(ctx, c, nil))
		if i%5 == 2 {
			continue
		}
		cl := SampleClaim(fmt.Sprintf("cc_%02d", i), id, shop)
		cl.OpenedInTime = i%2 == 0
		require.NoError(t, h.Claims.Create(ctx, cl, nil))
	}
	f, err = h.Claims.InTime(ctx)
	require.NoError(t, err)
	require.Equal(t, want, f)
}
