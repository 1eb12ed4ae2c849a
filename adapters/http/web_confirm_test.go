package http_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestWebConsumerConfirms: withdrawing and marking as settled take two
// steps without a script. The case page's button is a GET form that leads
// to a confirmation page; its POST form (CSRF token) makes the move; "no"
// leads back. A move the complaint no longer allows sends the reader back
// to the case page, and a stranger gets the 404 page.
func TestWebConsumerConfirms(t *testing.T) {
	tests := []struct {
		move, lang string
		want       []string
		state      complaint.State
		done       string
	}{
		{"withdraw", "de", []string{"<h1>Beschwerde zurückziehen?</h1>", "nicht rückgängig", "Ja, Beschwerde zurückziehen",
			"Nein, zurück zur Beschwerde"}, complaint.Withdrawn, "withdrawn"},
		{"resolve", "en", []string{"<h1>Mark the complaint as settled?</h1>", "Yes, mark as settled",
			"No, back to the complaint"}, complaint.Resolved, "resolved"},
	}
	for _, tt := range tests {
		t.Run(tt.move, func(t *testing.T) {
			e := newWebEnv(t)
			id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
			b := e.consumer(t, tt.lang, id, tok)
			base := "/c/" + id

			// Step 1: the case page offers the move as a GET form, with
			// no CSRF token that could make it at once.
			p := b.get(base)
			require.Equal(t, http.StatusOK, p.status)
			p.contains(t, `<form method="get" action="`+base+`/`+tt.move+`">`)
			p.lacks(t, `<form method="post" action="`+base+`/`+tt.move+`">`)

			// Step 2: the confirmation page, which changes nothing.
			p = b.get(base + "/" + tt.move)
			require.Equal(t, http.StatusOK, p.status, p.body)
			p.contains(t, tt.want...)
			p.contains(t, `<form method="post" action="`+base+`/`+tt.move+`" id="confirm-form">`,
				`<a href="`+base+`" id="confirm-back">`)
			got, err := e.complaints.Get(t.Context(), fairshops.AsConsumer(tok), id)
			require.NoError(t, err)
			require.Equal(t, complaint.Forwarded, got.State, "the confirmation page changes nothing")

			// Without the token the post is refused.
			require.Equal(t, http.StatusForbidden, b.post(base+"/"+tt.move, url.Values{"confirm": {"yes"}}).status)

			// Confirmed.
			p = b.post(base+"/"+tt.move, withCSRF(url.Values{"confirm": {"yes"}}, p.csrf(t)))
			require.Equal(t, http.StatusSeeOther, p.status, p.body)
			require.Equal(t, base+"?done="+tt.done+"#"+tt.done, p.header.Get("Location"))
			got, err = e.complaints.Get(t.Context(), fairshops.AsConsumer(tok), id)
			require.NoError(t, err)
			require.Equal(t, tt.state, got.State)

			// Done: the move is gone, and its confirmation page with it.
			p = b.get(base + "/" + tt.move)
			require.Equal(t, http.StatusSeeOther, p.status)
			require.Equal(t, base, p.header.Get("Location"))

			// A stranger sees nothing.
			require.Equal(t, http.StatusNotFound, e.browser(t, tt.lang).get(base+"/"+tt.move).status)
		})
	}
}

// TestWebMediationWaitsForTheShop: while the shop may still answer, the
// consumer's page names the last day instead of offering moderation; after
// the shop's answer, or once that day has passed, it offers it.
func TestWebMediationWaitsForTheShop(t *testing.T) {
	tests := []struct {
		name, lang string
		prepare    func(t *testing.T, e *webEnv, id string)
		offered    bool
		want       string
	}{
		{"too early, de", "de", func(*testing.T, *webEnv, string) {}, false,
			`<p id="mediation-wait">Der Shop kann noch bis zum 02.12.2026 antworten. Wenn er das nicht tut`},
		{"too early, en", "en", func(*testing.T, *webEnv, string) {}, false,
			`<p id="mediation-wait">The shop can answer until 2 December 2026. If it does not, or its answer does not help, you can ask for dispute moderation then.</p>`},
		{"answered", "en", func(t *testing.T, e *webEnv, id string) { e.shopAnswers(t, "demo-shop", id) }, true, ""},
		{"period passed", "en", func(_ *testing.T, e *webEnv, _ string) {
			e.clock.Set(fairshops.MustDate("2026-12-03").Time().Add(12 * 3600 * 1e9))
		}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newWebEnv(t)
			id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
			tt.prepare(t, e, id)
			b := e.consumer(t, tt.lang, id, tok)
			p := b.get("/c/" + id)
			require.Equal(t, http.StatusOK, p.status)
			form := `action="/c/` + id + `/mediation"`
			if !tt.offered {
				p.contains(t, tt.want)
				p.lacks(t, form)
				// The post is refused with the same reason.
				p = b.post("/c/"+id+"/mediation", withCSRF(nil, p.csrf(t)))
				require.Equal(t, http.StatusConflict, p.status)
				return
			}
			p.contains(t, form)
			p.lacks(t, `id="mediation-wait"`)
		})
	}
}
