package mediation_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// TestShopMayAnswer: the shop may still answer from the forwarding to the
// end of its answer period, unless it answered.
func TestShopMayAnswer(t *testing.T) {
	t.Parallel()
	d := fairshops.MustDate
	due := d("2026-12-14")
	tests := []struct {
		name  string
		info  mediation.ComplaintInfo
		today string
		want  bool
	}{
		{"forwarded, period runs", mediation.ComplaintInfo{Forwarded: true, AnswerDue: due}, "2026-12-01", true},
		{"last day of the period", mediation.ComplaintInfo{Forwarded: true, AnswerDue: due}, "2026-12-14", true},
		{"period passed", mediation.ComplaintInfo{Forwarded: true, AnswerDue: due}, "2026-12-15", false},
		{"answered", mediation.ComplaintInfo{Forwarded: true, AnswerDue: due, ShopAnswered: true}, "2026-12-01", false},
		{"not forwarded", mediation.ComplaintInfo{AnswerDue: due}, "2026-12-01", false},
		{"no period", mediation.ComplaintInfo{Forwarded: true}, "2026-12-01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tt.info.ShopMayAnswer(d(tt.today)))
		})
	}
}

// TestRequestWaitsForTheShop: a consumer who asks for a case while the
// shop may still answer is refused with ReasonShopMayAnswer; after the
// shop's answer, or once its period has passed, the same request is
// allowed. A shop in the mode shop_discretion may start a case at once.
func TestRequestWaitsForTheShop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		mode    fairshops.MediationMode
		shop    bool // the shop requests
		prepare func(t *testing.T, w *world, c *complaint.Complaint)
		refused bool
	}{
		{name: "consumer, too early", mode: fairshops.ConsumerMode, refused: true},
		{name: "consumer, shop answered", mode: fairshops.ConsumerMode, prepare: func(t *testing.T, w *world, c *complaint.Complaint) {
			_, err := w.complaints.AddMessage(w.ctx, fairshops.AsShop("shop-1"), c.ID, "Nein.")
			require.NoError(t, err)
		}},
		{name: "consumer, on the last day", mode: fairshops.ConsumerMode, refused: true, prepare: func(t *testing.T, w *world, c *complaint.Complaint) {
			w.clock.Set(c.AnswerDue.Time().Add(12 * time.Hour))
		}},
		{name: "consumer, period passed", mode: fairshops.ConsumerMode, prepare: func(t *testing.T, w *world, c *complaint.Complaint) {
			w.clock.Set(c.AnswerDue.AddDays(1).Time().Add(12 * time.Hour))
		}},
		{name: "consumer asks a deciding shop, too early", mode: fairshops.ShopDiscretion, refused: true},
		{name: "shop starts at once", mode: fairshops.ShopDiscretion, shop: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, tt.mode)
			c, tok := w.file(t)
			require.False(t, c.AnswerDue.IsZero(), "the fixture forwards the complaint")
			if tt.prepare != nil {
				tt.prepare(t, w, c)
			}
			p := fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok}
			if tt.shop {
				p = fairshops.AsShop("shop-1")
			}
			_, err := w.mediation.Request(w.ctx, p, mediation.RequestInput{ComplaintID: c.ID})
			if !tt.refused {
				require.NoError(t, err)
				return
			}
			var ref *mediation.Refusal
			require.True(t, errors.As(err, &ref), "%v", err)
			require.Equal(t, []mediation.Reason{mediation.ReasonShopMayAnswer}, ref.Reasons)
			require.ErrorIs(t, err, fairshops.ErrNotAllowed)
			require.Equal(t, c.AnswerDue, ref.AnswerDue)
			require.Contains(t, ref.Texts(fairshops.English)[0], "until "+mediation.FormatDate(c.AnswerDue, fairshops.English))
			require.Contains(t, ref.Texts(fairshops.German)[0], "bis zum "+mediation.FormatDate(c.AnswerDue, fairshops.German))
		})
	}
}
