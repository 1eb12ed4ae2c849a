package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestWebComplaintFormAsks: a complaint whose yes/no questions are left
// unanswered comes back with an error at each of them (and nothing is
// filed); "I don't know" files it with the facts left open; a data request
// and a complaint about goods not ordered need no order date or value, and
// their form does not mark them required.
func TestWebComplaintFormAsks(t *testing.T) {
	e := newWebEnv(t)
	contact := url.Values{"contact.name": {"Erika Muster"}, "contact.email": {"erika@example.org"},
		"order_value.currency": {"EUR"}}
	with := func(v url.Values, kv ...string) url.Values {
		out := url.Values{}
		for k, vs := range contact {
			out[k] = vs
		}
		for k, vs := range v {
			out[k] = vs
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	withdrawal := func(kv ...string) url.Values {
		f := validComplaint()
		f.Del("buyer_is_consumer")
		f.Del("informed_about_withdrawal")
		return with(f, kv...)
	}
	tests := []struct {
		name, category string
		form           url.Values
		status         int
		errors         []string // field ids with an error
		check          func(t *testing.T, facts precheck.Facts)
	}{
		{name: "nothing answered", category: "withdrawal", form: withdrawal(), status: http.StatusUnprocessableEntity,
			errors: []string{"f-buyer-is-consumer", "f-informed-about-withdrawal"}},
		{name: "answered with another mistake", category: "withdrawal",
			form: withdrawal("buyer_is_consumer", "true", "contact.email", "nope"), status: http.StatusUnprocessableEntity,
			errors: []string{"f-informed-about-withdrawal", "f-contact-email"}},
		{name: "don't know", category: "withdrawal",
			form: withdrawal("buyer_is_consumer", "unknown", "informed_about_withdrawal", "unknown"), status: http.StatusSeeOther,
			check: func(t *testing.T, f precheck.Facts) {
				require.Nil(t, f.BuyerIsConsumer)
				require.Nil(t, f.InformedAboutWithdrawal)
			}},
		{name: "not informed", category: "withdrawal",
			form: withdrawal("buyer_is_consumer", "true", "informed_about_withdrawal", "false"), status: http.StatusSeeOther,
			check: func(t *testing.T, f precheck.Facts) {
				require.True(t, *f.BuyerIsConsumer)
				require.False(t, *f.InformedAboutWithdrawal)
			}},
		{name: "data request without an order", category: "data",
			form:   with(url.Values{"category": {"data"}, "buyer_is_consumer": {"true"}, "data_request_on": {"2026-10-01"}}),
			status: http.StatusSeeOther,
			check: func(t *testing.T, f precheck.Facts) {
				require.True(t, f.OrderDate.IsZero())
				require.Empty(t, f.OrderValue.Currency)
			}},
		{name: "goods not ordered", category: "not_ordered",
			form: with(url.Values{"category": {"not_ordered"}, "buyer_is_consumer": {"false"}}), status: http.StatusSeeOther},
		{name: "a delivery needs its order", category: "delivery",
			form: with(url.Values{"category": {"delivery"}, "buyer_is_consumer": {"true"}}), status: http.StatusUnprocessableEntity,
			errors: []string{"f-order-date", "f-order-value-amount"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.browser(t, "en")
			p := b.submit("/shops/demo-shop/complaint?category="+tt.category, "/shops/demo-shop/complaint", tt.form)
			require.Equal(t, tt.status, p.status, p.body)
			for _, id := range tt.errors {
				p.contains(t, `id="`+id+`-err"`, `href="#`+id+`"`)
			}
			if tt.status != http.StatusSeeOther {
				return
			}
			loc := p.header.Get("Location")
			id := strings.TrimSuffix(strings.TrimPrefix(loc, "/c/"), "/filed")
			c, err := e.complaints.Get(context.Background(), fairshops.AsOperator("test"), id)
			require.NoError(t, err)
			if tt.check != nil {
				tt.check(t, c.Facts)
			}
		})
	}

	t.Run("order optional on the data form", func(t *testing.T) {
		p := e.browser(t, "en").get("/shops/demo-shop/complaint?category=data")
		require.Equal(t, http.StatusOK, p.status)
		p.contains(t, "Only if you ordered something from the shop.", "Did you buy as a private person (not for a business)?",
			"I don&#39;t know")
		require.NotRegexp(t, `<label for="f-order-date">[^<]*<span class="req">`, p.body)
		p = e.browser(t, "en").get("/shops/demo-shop/complaint?category=delivery")
		require.Regexp(t, `<label for="f-order-date">[^<]*<span class="req">`, p.body)
	})
}
