package http_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// kettleCase files the kettle complaint (a defect the shop did not cure in
// time, reduction_api_test.go) about demo-shop, opens a case on it and has
// both parties state; it returns the case, the complaint and its token.
func (e *webEnv) kettleCase(t *testing.T) (*mediation.Case, string, fairshops.Token) {
	t.Helper()
	return e.kettleCaseWith(t, nil)
}

// kettleCaseWith is kettleCase with the shop's statement changed by shop.
func (e *webEnv) kettleCaseWith(t *testing.T, shop func(*mediation.StatementInput)) (*mediation.Case, string, fairshops.Token) {
	t.Helper()
	ctx := context.Background()
	id, tok := e.fileFacts(t, "demo-shop", apiKettleFacts)
	e.shopAnswers(t, "demo-shop", id)
	cs, err := e.mediation.Request(ctx, fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok},
		mediation.RequestInput{ComplaintID: id})
	require.NoError(t, err)
	_, err = e.mediation.AcceptRequest(ctx, opPrincipal, cs.ID)
	require.NoError(t, err)
	_, err = e.mediation.AddStatement(ctx, fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok}, cs.ID,
		mediation.StatementInput{Text: "Er schaltet nicht ab."})
	require.NoError(t, err)
	in := mediation.StatementInput{Text: "Ein kleiner Mangel."}
	if shop != nil {
		shop(&in)
	}
	_, err = e.mediation.AddStatement(ctx, fairshops.Principal{Role: fairshops.RoleShop, ShopID: "demo-shop"}, cs.ID, in)
	require.NoError(t, err)
	return cs, id, tok
}

// TestWebOperatorValueWithDefect: the operator sets the value with the
// defect next to "generate draft"; the price reduction then follows it
// (BGB §441(3)), in both languages, and a wrong value comes back at its
// field.
func TestWebOperatorValueWithDefect(t *testing.T) {
	for _, tc := range []struct {
		lang, value, bad                            string
		label, errLabel, amount, valuation, history string
	}{
		{lang: "de", value: "44,93", bad: "59,90", label: "Wert mit Mangel (EUR, optional)", errLabel: "Wert mit Mangel",
			amount: "<h4>Minderung des Kaufpreises: 14,97 EUR</h4>", valuation: "auf 44,93 EUR festgesetzt",
			history: "Wert mit Mangel festgesetzt"},
		{lang: "en", value: "44.93", bad: "0", label: "Value with the defect (EUR, optional)", errLabel: "Value with the defect",
			amount: "<h4>Price reduction: 14.97 EUR</h4>", valuation: "at 44.93 EUR", history: "value with the defect set"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			e := newWebEnv(t)
			cs, _, _ := e.kettleCase(t)
			b := e.operator(t, tc.lang)
			path := "/operator/cases/" + cs.ID

			p := b.get(path)
			p.contains(t, tc.label, `name="value_with_defect" value=""`)

			for _, bad := range []string{"abc", tc.bad} {
				p = b.submit(path, path+"/generate", url.Values{"value_with_defect": {bad}})
				require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
				p.contains(t, `id="f-value-with-defect-err"`, `href="#f-value-with-defect"`, tc.errLabel,
					`value="`+bad+`"`)
			}

			p = b.submit(path, path+"/generate", url.Values{"value_with_defect": {tc.value}})
			require.Equal(t, http.StatusSeeOther, p.status, p.body)
			p = b.get(path)
			p.contains(t, tc.amount, tc.valuation, "441", tc.history, `name="value_with_defect" value="`+tc.value+`"`)

			// Generating again without a value keeps the moderator's value.
			p = b.submit(path, path+"/generate", url.Values{"value_with_defect": {""}})
			require.Equal(t, http.StatusSeeOther, p.status, p.body)
			b.get(path).contains(t, tc.amount)
			got, err := e.mediation.Get(context.Background(), opPrincipal, cs.ID)
			require.NoError(t, err)
			require.Equal(t, fairshops.MustMoney("44.93", fairshops.EUR), *got.ValueWithDefect)
		})
	}
}
