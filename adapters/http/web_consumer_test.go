package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

func TestWebConsumerLink(t *testing.T) {
	e := newWebEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	otherID, otherTok := e.fileComplaint(t, "demo-shop", "Noch ein Paket.")

	b := e.browser(t, "de")
	p := b.get("/c/" + id + "?t=" + tok.Reveal())
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "/c/"+id, p.header.Get("Location"), "the token leaves the address")
	ck := p.header.Get("Set-Cookie")
	require.Contains(t, ck, "ks_consumer="+tok.Reveal())
	require.Contains(t, ck, "Path=/c/"+id+";")
	require.Contains(t, ck, "HttpOnly")
	require.Contains(t, ck, "SameSite=Lax", "sent when the consumer arrives from the link in their mail (navCookie)")

	tests := []struct {
		name, lang string
		want       []string
	}{
		{name: "German", lang: "de", want: []string{"Ihre Beschwerde", "Beschwerde über Demo-Shop.", "an den Shop weitergeleitet",
			"Der Shop antwortet bis", "02.12.2026", "Erste Prüfung", "Die Lieferung war bis", "Das Paket kam nie an.",
			"Nachrichten", `action="/c/` + id + `/messages"`, `action="/c/` + id + `/withdraw"`,
			// The shop may still answer: moderation is offered from then.
			`<p id="mediation-wait">Der Shop kann noch bis zum 02.12.2026 antworten.`}},
		{name: "English", lang: "en", want: []string{"Your complaint", "Complaint about Demo-Shop.", "forwarded to the shop",
			"The shop answers by", "2 December 2026", "First check", "Messages"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.consumer(t, tt.lang, id, tok)
			p := b.get("/c/" + id)
			require.Equal(t, http.StatusOK, p.status)
			p.contains(t, tt.want...)
			p.lacks(t, "erika@example.org", tok.Reveal())
		})
	}

	t.Run("refused", func(t *testing.T) {
		tests := []struct {
			name, path string
			cookie     *http.Cookie
		}{
			{name: "no token", path: "/c/" + id},
			{name: "wrong token", path: "/c/" + id, cookie: &http.Cookie{Name: "ks_consumer", Value: strings.Repeat("a", 52), Path: "/c/" + id}},
			{name: "another complaint's token", path: "/c/" + id, cookie: &http.Cookie{Name: "ks_consumer", Value: otherTok.Reveal(), Path: "/c/" + id}},
			{name: "unknown complaint", path: "/c/c_nope", cookie: &http.Cookie{Name: "ks_consumer", Value: tok.Reveal(), Path: "/c/c_nope"}},
			{name: "malformed token in the link", path: "/c/" + id + "?t=" + url.QueryEscape("a;b=c")},
			{name: "wrong token in the link", path: "/c/" + id + "?t=" + strings.Repeat("a", 52)},
			{name: "another complaint's token in the link", path: "/c/" + id + "?t=" + otherTok.Reveal()},
			{name: "token for an unknown complaint", path: "/c/c_nope?t=" + tok.Reveal()},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				b := e.browser(t, "de")
				if tt.cookie != nil {
					b.c.Jar.SetCookies(mustURL(t, e.srv.URL+tt.cookie.Path), []*http.Cookie{tt.cookie})
				}
				p := b.get(tt.path)
				require.Equal(t, http.StatusNotFound, p.status)
				p.contains(t, "Seite nicht gefunden")
				require.NotContains(t, strings.Join(p.header.Values("Set-Cookie"), "\n"), "ks_consumer")
			})
		}
	})
	// The cookie of one complaint is not sent to another's pages.
	p = b.get("/c/" + otherID)
	require.Equal(t, http.StatusNotFound, p.status)

	// A bad link (wrong token, or one made by someone else) leaves the
	// valid cookie of the browser alone: the consumer still gets in.
	p = b.get("/c/" + id + "?t=" + strings.Repeat("b", 52))
	require.Equal(t, http.StatusNotFound, p.status)
	require.Empty(t, p.header.Values("Set-Cookie"))
	require.Equal(t, http.StatusOK, b.get("/c/"+id).status, "the valid cookie still works")
}

func TestWebConsumerMessage(t *testing.T) {
	e := newWebEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	b := e.consumer(t, "de", id, tok)
	p := b.submit("/c/"+id, "/c/"+id+"/messages", url.Values{"body": {"Gibt es schon eine Sendungsnummer?\nDanke!"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/c/"+id+"?done=message#message", p.header.Get("Location"))
	p = b.get(p.header.Get("Location"))
	p.contains(t, "Ihre Nachricht ist gesendet.", "Gibt es schon eine Sendungsnummer?\nDanke!", "(Sie)")

	p = b.submit("/c/"+id, "/c/"+id+"/messages", url.Values{"body": {"  "}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, `href="#f-body"`, `id="f-body-err"`, `aria-describedby="f-body-err"`)

	// CSRF: missing, and replayed.
	p = b.post("/c/"+id+"/messages", url.Values{"body": {"ohne Token"}})
	require.Equal(t, http.StatusForbidden, p.status)
	tok2 := b.get("/c/" + id).csrf(t)
	require.Equal(t, http.StatusSeeOther, b.post("/c/"+id+"/messages", url.Values{"body": {"eins"}, "csrf": {tok2}}).status)
	require.Equal(t, http.StatusForbidden, b.post("/c/"+id+"/messages", url.Values{"body": {"zwei"}, "csrf": {tok2}}).status)
	got, err := e.complaints.Get(context.Background(), fairshops.AsConsumer(tok), id)
	require.NoError(t, err)
	require.Len(t, got.Messages, 2)

	// Without the token nobody may post, even with a valid CSRF token.
	stranger := e.browser(t, "de")
	p = stranger.post("/c/"+id+"/messages", url.Values{"body": {"fremd"}, "csrf": {stranger.get("/login").csrf(t)}})
	require.Equal(t, http.StatusNotFound, p.status)
}

func TestWebConsumerMoves(t *testing.T) {
	e := newWebEnv(t)
	t.Run("resolve, then withdraw is refused", func(t *testing.T) {
		id, tok := e.fileComplaint(t, "demo-shop", "Paket fehlt.")
		b := e.consumer(t, "de", id, tok)
		p := b.submit("/c/"+id, "/c/"+id+"/resolve", nil)
		require.Equal(t, http.StatusSeeOther, p.status)
		p = b.get(p.header.Get("Location"))
		p.contains(t, "Die Beschwerde ist als erledigt markiert.", "<strong>erledigt</strong>")
		p.lacks(t, `/withdraw"`, `/messages"`)
		p = b.post("/c/"+id+"/withdraw", url.Values{"csrf": {b.get("/login").csrf(t)}})
		require.Equal(t, http.StatusConflict, p.status)
		p.contains(t, "Jetzt nicht möglich", "Der Vorgang ist im Stand „erledigt“.")
	})
	t.Run("withdraw", func(t *testing.T) {
		id, tok := e.fileComplaint(t, "demo-shop", "Paket fehlt.")
		b := e.consumer(t, "en", id, tok)
		p := b.submit("/c/"+id, "/c/"+id+"/withdraw", nil)
		require.Equal(t, http.StatusSeeOther, p.status)
		b.get(p.header.Get("Location")).contains(t, "The complaint has been withdrawn.", "You have withdrawn the complaint.")
	})
	t.Run("close after the shop missed its deadline", func(t *testing.T) {
		id, tok := e.fileComplaint(t, "demo-shop", "Paket fehlt.")
		b := e.consumer(t, "de", id, tok)
		b.get("/c/"+id).lacks(t, `/close"`, "Frist verpasst")
		e.clock.Advance(10 * 24 * time.Hour)
		defer e.clock.Advance(-10 * 24 * time.Hour)
		p := b.get("/c/" + id)
		p.contains(t, "Frist verpasst", "Der Shop hat nicht rechtzeitig geantwortet.", `action="/c/`+id+`/close"`)
		p = b.post("/c/"+id+"/close", url.Values{"csrf": {p.csrf(t)}})
		require.Equal(t, http.StatusSeeOther, p.status)
		b.get("/c/"+id).contains(t, "<strong>abgeschlossen</strong>")
	})
}

// caseOf returns the mediation case of a complaint (operator's view).
func (e *webEnv) caseOf(t *testing.T, complaintID string) *mediation.Case {
	t.Helper()
	list, err := e.mediation.List(context.Background(), fairshops.Principal{Role: fairshops.RoleOperator, Name: "op"}, mediation.Filter{})
	require.NoError(t, err)
	for _, c := range list {
		if c.ComplaintID == complaintID {
			return c
		}
	}
	t.Fatalf("no case for %s", complaintID)
	return nil
}

func TestWebConsumerMediation(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	op := fairshops.Principal{Role: fairshops.RoleOperator, Name: "op"}
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	b := e.consumer(t, "de", id, tok)
	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")

	// The consumer asks for a case (mode consumer: the operator decides).
	e.shopAnswers(t, "demo-shop", id)
	p := b.submit("/c/"+id, "/c/"+id+"/mediation", nil)
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = b.get(p.header.Get("Location"))
	p.contains(t, "Die Streitmoderation ist beantragt.", "Streitmoderation", "beantragt", "Entscheidung über den Antrag",
		"Die Streitmoderation ist freiwillig.", "zahlt der Shop")
	p.lacks(t, `/mediation"`)
	cs := e.caseOf(t, id)
	require.Equal(t, mediation.Requested, cs.State)
	// Asking twice is refused with the reason.
	p = b.post("/c/"+id+"/mediation", url.Values{"csrf": {p.csrf(t)}})
	require.Equal(t, http.StatusConflict, p.status)

	_, err := e.mediation.AcceptRequest(ctx, op, cs.ID)
	require.NoError(t, err)

	// Both parties state.
	base := "/c/" + id + "/case/" + cs.ID
	p = b.submit("/c/"+id, base+"/statement", url.Values{"text": {"Ich möchte mein Geld zurück."}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = shop.submit("/shop/complaints/"+id, "/shop/complaints/"+id+"/case/"+cs.ID+"/statement",
		url.Values{"text": {"Das Paket ist beim Versanddienst verloren gegangen."}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = b.get("/c/" + id)
	p.contains(t, "Ich möchte mein Geld zurück.", "Das Paket ist beim Versanddienst verloren gegangen.")

	_, err = e.mediation.GenerateDraft(ctx, op, cs.ID)
	require.NoError(t, err)
	sent, err := e.mediation.SendProposal(ctx, op, cs.ID)
	require.NoError(t, err)
	prop := sent.Current()
	opt := prop.Draft.Options[0].ID
	// The parties see an option by its remedy's name and amount, not its ID.
	label := prop.Draft.Options[0].Kind.Name(fairshops.German)
	if a := prop.Draft.Options[0].Amount; !a.IsZero() {
		label += ": " + fairshops.FormatterFor(fairshops.German).Money(a)
	}

	p = b.get("/c/" + id)
	p.contains(t, "Vorschlag 1", "<h4>"+label+"</h4>", "Bitte antworten Sie bis", `name="proposal" value="`+prop.ID+`"`,
		`name="option" value="`+opt+`"`, "Diese Möglichkeit annehmen", "überarbeiteten Vorschlag")

	// An answer without an option is shown next to the options.
	p = b.post(base+"/answer", url.Values{"csrf": {p.csrf(t)}, "proposal": {prop.ID}, "decision": {"accept"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, `id="f-option-err"`)

	p = b.submit("/c/"+id, base+"/answer", url.Values{"proposal": {prop.ID}, "decision": {"accept"}, "option": {opt}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	b.get("/c/"+id).contains(t, "Kundin/Kunde hat Möglichkeit "+label+" angenommen.")

	p = shop.submit("/shop/complaints/"+id, "/shop/complaints/"+id+"/case/"+cs.ID+"/answer",
		url.Values{"proposal": {prop.ID}, "decision": {"accept"}, "option": {opt}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	got, err := e.mediation.Get(ctx, op, cs.ID)
	require.NoError(t, err)
	require.Equal(t, mediation.Settled, got.State)
	p = b.get("/c/" + id)
	p.contains(t, "geeinigt", `class="notice"`)
	p.lacks(t, "Diese Möglichkeit annehmen")

	// A case under another complaint's address is not found.
	id2, tok2 := e.fileComplaint(t, "demo-shop", "Zweites Paket.")
	b2 := e.consumer(t, "de", id2, tok2)
	p = b2.submit("/c/"+id2, "/c/"+id2+"/case/"+cs.ID+"/withdraw", nil)
	require.Equal(t, http.StatusNotFound, p.status)
}

func TestWebConsumerMediationRejectAndCost(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	op := fairshops.Principal{Role: fairshops.RoleOperator, Name: "op"}

	t.Run("reject, asking for a revision", func(t *testing.T) {
		id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
		b := e.consumer(t, "en", id, tok)
		e.shopAnswers(t, "demo-shop", id)
		require.Equal(t, http.StatusSeeOther, b.submit("/c/"+id, "/c/"+id+"/mediation", nil).status)
		cs := e.caseOf(t, id)
		_, err := e.mediation.AcceptRequest(ctx, op, cs.ID)
		require.NoError(t, err)
		_, err = e.mediation.AddStatement(ctx, fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok}, cs.ID,
			mediation.StatementInput{Text: "Geld zurück."})
		require.NoError(t, err)
		_, err = e.mediation.AddStatement(ctx, fairshops.Principal{Role: fairshops.RoleShop, ShopID: "demo-shop"}, cs.ID,
			mediation.StatementInput{Text: "Verloren."})
		require.NoError(t, err)
		_, err = e.mediation.GenerateDraft(ctx, op, cs.ID)
		require.NoError(t, err)
		sent, err := e.mediation.SendProposal(ctx, op, cs.ID)
		require.NoError(t, err)
		p := b.submit("/c/"+id, "/c/"+id+"/case/"+cs.ID+"/answer",
			url.Values{"proposal": {sent.Current().ID}, "decision": {"reject"}, "revision": {"true"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		got, err := e.mediation.Get(ctx, op, cs.ID)
		require.NoError(t, err)
		require.Contains(t, got.Current().RevisionAsked, fairshops.RoleConsumer)
		b.get("/c/"+id).contains(t, "Consumer rejected the proposal.")
	})

	t.Run("the consumer bears the cost of an abusive request", func(t *testing.T) {
		// Delivered, and nothing in the findings favours the consumer.
		id, tok := e.fileFacts(t, "demo-shop", `"category":"delivery","order_date":"2026-10-01","delivery_date":"2026-10-03",
			"order_value":{"amount":"20.00","currency":"EUR"},"contacted_shop_on":"2026-10-20","description":"Zu spät."`)
		b := e.consumer(t, "de", id, tok)
		e.shopAnswers(t, "demo-shop", id)
		require.Equal(t, http.StatusSeeOther, b.submit("/c/"+id, "/c/"+id+"/mediation", nil).status)
		cs := e.caseOf(t, id)
		_, err := e.mediation.MarkAbusive(ctx, op, cs.ID)
		require.NoError(t, err)
		p := b.get("/c/" + id)
		p.contains(t, "Kosten der Streitmoderation", "Gebühr übernehmen", "Antrag fallen lassen")
		p = b.post("/c/"+id+"/case/"+cs.ID+"/cost", url.Values{"csrf": {p.csrf(t)}, "answer": {"accept"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		got, err := e.mediation.Get(ctx, op, cs.ID)
		require.NoError(t, err)
		require.Equal(t, mediation.Open, got.State)
		require.Equal(t, fairshops.RoleConsumer, got.CostBearer)
		b.get("/c/"+id).contains(t, "zahlen Sie")
	})
}

func TestWebConsumerFiledOnce(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "de")
	// Without the flash cookie the confirmation leads to the case page.
	p := b.get("/c/c_x/filed")
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "/c/c_x", p.header.Get("Location"))
	// A forged flash cookie shows nothing.
	b.c.Jar.SetCookies(mustURL(t, e.srv.URL+"/c/c_x/filed"), []*http.Cookie{{Name: "ks_filed", Value: "forged", Path: "/c/c_x/filed"}})
	p = b.get("/c/c_x/filed")
	require.Equal(t, http.StatusNotFound, p.status)
}
