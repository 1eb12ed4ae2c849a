package http_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// TestWebPartiesSeeBasisAndFacts: both parties see, beside each option of
// the proposal, its legal basis and the settled and contested facts, as
// the operator does (the shared "optionfacts" template), escaped, in both
// languages; nothing that only the operator's page shows.
func TestWebPartiesSeeBasisAndFacts(t *testing.T) {
	for _, lang := range []fairshops.Language{fairshops.German, fairshops.English} {
		t.Run(string(lang), func(t *testing.T) {
			e := newWebEnv(t)
			ctx := context.Background()
			cs, id, tok := e.kettleCaseWith(t, func(shop *mediation.StatementInput) {
				shop.Defences = &mediation.Defences{DefectMinor: true}
			})
			_, err := e.mediation.SetDefectiveValue(ctx, opPrincipal, cs.ID, fairshops.MustMoney("44.93", fairshops.EUR))
			require.NoError(t, err)
			sent, err := e.mediation.SendProposal(ctx, opPrincipal, cs.ID)
			require.NoError(t, err)
			settled, contested := sent.MergedFacts().FactsText(lang)
			require.NotEmpty(t, settled)
			require.Contains(t, contested, mediation.DefenceDefectMinor)

			consumer := e.consumer(t, string(lang), id, tok)
			shop := e.browser(t, string(lang))
			shop.login(shopLogin, "/shop")
			for name, p := range map[string]page{"consumer": consumer.get("/c/" + id), "shop": shop.get("/shop/complaints/" + id)} {
				require.Equal(t, http.StatusOK, p.status, name)
				for _, o := range sent.Current().Draft.Options {
					require.NotEmpty(t, o.Basis, name)
					basis := mediation.Messages().Render(lang, "proposal.basis", strings.Join(o.Basis, "; "))
					p.contains(t, `<p class="basis">`+basis+`</p>`)
				}
				p.contains(t, `<p class="facts-settled">`+escapeText(settled)+`</p>`,
					`<p class="facts-contested">`+escapeText(contested)+`</p>`, "441(3)")
				// Only what the shared template shows: no rule IDs of the
				// operator's option view, no hashes, no editor.
				p.lacks(t, "(<code>warranty.", sent.TokenHash, `name="options[0].kind"`, `class="history"`)
			}
		})
	}
}

// escapeText escapes text as html/template does in element content.
func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}
