package http_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
	"github.com/fairshops/konfliktservice/portal"
)

// The operator's work, page by page: complaints, cases with the draft
// editor, articles, shops, the dashboard; and the escaping of every user
// text the console shows.

var opPrincipal = fairshops.Principal{Role: fairshops.RoleOperator, Name: "test"}

// stored returns the complaint as stored.
func (e *webEnv) stored(t *testing.T, id string) *complaint.Complaint {
	t.Helper()
	c, err := e.db.Complaints().Get(context.Background(), id)
	require.NoError(t, err)
	return c
}

// copyComplaint stores a copy of a filed complaint in another state: how
// it would stand with complaint.Config.ManualForward (checked, or a
// displeasure waiting for the operator's confirmation), or with its
// answer deadline passed (without moving the clock, which would end the
// operator's session).
func (e *webEnv) copyComplaint(t *testing.T, id string, change func(c *complaint.Complaint)) string {
	t.Helper()
	c := e.stored(t, id)
	c.ID, c.Version, c.History, c.Messages = fairshops.NewID("c"), 0, nil, nil
	var err error
	c.Reference, err = complaint.NewReference(rand.Reader) // references are unique, as IDs are
	require.NoError(t, err)
	change(c)
	require.NoError(t, e.db.Complaints().Create(context.Background(), c, nil))
	return c.ID
}

func TestWebOperatorComplaint(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	id, _ := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	b := e.operator(t, "de")
	path := "/operator/complaints/" + id

	p := b.get(path)
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Erika Muster", `href="mailto:erika@example.org"`, "<code>delivery.overdue</code>", "BGB §323(1)",
		"zugesagter Liefertermin", "<code>promised_delivery_date</code>", "an den Shop weitergeleitet", "Lieferverzug",
		"Als erledigt markieren", `action="`+path+`/messages"`)
	p.lacks(t, "Abschließen: Shop hat die Frist versäumt", "An den Shop weiterleiten")

	t.Run("message", func(t *testing.T) {
		p := b.submit(path, path+"/messages", url.Values{"body": {"Bitte melden Sie sich beim Shop."}})
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, path+"?done=op_message#thread", p.header.Get("Location"))
		p = b.get(path + "?done=op_message")
		p.contains(t, "Die Nachricht wurde gesendet.", "Bitte melden Sie sich beim Shop.", "Konfliktservice, ")

		p = b.submit(path, path+"/messages", url.Values{"body": {""}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		p.contains(t, `id="f-body-err"`, `aria-describedby="f-body-hint f-body-err"`, `href="#f-body"`)
	})

	t.Run("resolve, then no more moves", func(t *testing.T) {
		other, _ := e.fileComplaint(t, "demo-shop", "Noch eine.")
		p := b.submit("/operator/complaints/"+other, "/operator/complaints/"+other+"/resolve", nil)
		require.Equal(t, http.StatusSeeOther, p.status)
		b.get(p.header.Get("Location")).contains(t, "Die Beschwerde ist als erledigt markiert.", "<dd>erledigt</dd>")
		p = b.submit("/operator/complaints/"+other, "/operator/complaints/"+other+"/resolve", nil)
		require.Equal(t, http.StatusConflict, p.status)
		p.contains(t, "Jetzt nicht möglich", "Der Vorgang ist im Stand „erledigt“.")
	})

	t.Run("close after the missed deadline", func(t *testing.T) {
		running, _ := e.fileComplaint(t, "demo-shop", "Keine Antwort.")
		p := b.submit("/operator/complaints/"+running, "/operator/complaints/"+running+"/close", nil)
		require.Equal(t, http.StatusConflict, p.status)
		p.contains(t, "Die Antwortfrist des Shops läuft noch.")

		late := e.copyComplaint(t, running, func(c *complaint.Complaint) {
			c.ForwardedOn, c.AnswerDue = fairshops.MustDate("2026-11-10"), fairshops.MustDate("2026-11-17")
		})
		p = b.get("/operator/complaints/" + late)
		p.contains(t, "Abschließen: Shop hat die Frist versäumt", `<span class="overdue-label">überfällig</span>`)
		p = b.submit("/operator/complaints/"+late, "/operator/complaints/"+late+"/close", nil)
		require.Equal(t, http.StatusSeeOther, p.status)
		c, err := e.complaints.Get(ctx, fairshops.AsOperator("t"), late)
		require.NoError(t, err)
		require.Equal(t, complaint.Closed, c.State)
	})

	t.Run("confirm displeasure", func(t *testing.T) {
		confirmed, _ := e.fileFacts(t, "demo-shop", `"category":"other","order_date":"2026-10-01",
			"order_value":{"amount":"20.00","currency":"EUR"},"contacted_shop_on":"2026-10-20","desired_resolution":"apology",
			"description":"Der Kundendienst war unfreundlich."`)
		require.Equal(t, complaint.Closed, e.stored(t, confirmed).State, "confirmed at once by default")
		d := e.copyComplaint(t, confirmed, func(c *complaint.Complaint) { c.State = complaint.Forwarded })
		p := b.get("/operator/complaints/" + d)
		p.contains(t, "Weiterleitung bestätigen und abschließen")
		p.lacks(t, "Als erledigt markieren")
		p = b.submit("/operator/complaints/"+d, "/operator/complaints/"+d+"/confirm", nil)
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, complaint.Closed, e.stored(t, d).State)
	})

	t.Run("forward", func(t *testing.T) {
		filed, _ := e.fileComplaint(t, "demo-shop", "Noch nicht weitergeleitet.")
		c := e.copyComplaint(t, filed, func(c *complaint.Complaint) {
			c.State, c.ForwardedOn, c.AnswerDue, c.ReminderOn, c.NextDue = complaint.Checked, fairshops.Date{}, fairshops.Date{},
				fairshops.Date{}, fairshops.Date{}
		})
		p := b.get("/operator/complaints/" + c)
		p.contains(t, "An den Shop weiterleiten")
		p = b.submit("/operator/complaints/"+c, "/operator/complaints/"+c+"/forward", nil)
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, "/operator/complaints/"+c+"?done=op_forward", p.header.Get("Location"))
		require.Equal(t, complaint.Forwarded, e.stored(t, c).State)
	})

	t.Run("start dispute moderation", func(t *testing.T) {
		_, err := e.reg.Register(ctx, fairshops.Shop{ID: "op-shop", Name: "Moderiert", Domain: "op.example",
			Seal: fairshops.Seal{Status: fairshops.Licensed}, Bookings: []fairshops.Booking{{Module: fairshops.Streitmoderation,
				From: fairshops.MustDate("2026-01-01"), Purpose: fairshops.ExtraTrust, MediationMode: fairshops.OperatorAfterComplaint}}})
		require.NoError(t, err)
		c, _ := e.fileComplaint(t, "op-shop", "Das Paket kam nie an.")
		b.get("/operator/complaints/"+id).lacks(t, "Streitmoderation einleiten")
		p := b.get("/operator/complaints/" + c)
		p.contains(t, "Streitmoderation einleiten")
		p = b.submit("/operator/complaints/"+c, "/operator/complaints/"+c+"/mediation", nil)
		require.Equal(t, http.StatusSeeOther, p.status)
		loc := p.header.Get("Location")
		require.True(t, strings.HasPrefix(loc, "/operator/cases/"), loc)
		b.get(loc).contains(t, "Die Streitmoderation wurde eröffnet.", "<dd>eröffnet</dd>")
		b.get("/operator/complaints/"+c).contains(t, "Streitfall zu dieser Beschwerde")
	})

	require.Equal(t, http.StatusNotFound, b.get("/operator/complaints/c_nothing").status)
}

func TestWebOperatorCase(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	_, tok, cs := e.consumerCase(t, "Das Paket kam nie an.")
	b := e.operator(t, "de")
	path := "/operator/cases/" + cs.ID

	p := b.get(path)
	p.contains(t, "Antrag annehmen", "Antrag ablehnen", "30,00 EUR", "40,00 EUR", "<dd>beantragt</dd>")
	p.lacks(t, "Als missbräuchlich markieren", "Entwurf erstellen")

	t.Run("decline needs a reason", func(t *testing.T) {
		p := b.submit(path, path+"/decline", url.Values{"reason": {""}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		p.contains(t, `id="f-reason-err"`, `href="#f-reason"`)
		p = b.submit(path, path+"/decline", url.Values{"reason": {"shop_declined"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status, "not an operator's reason")
		p.contains(t, `id="f-reason-err"`)
	})

	p = b.submit(path, path+"/accept", nil)
	require.Equal(t, http.StatusSeeOther, p.status)
	b.get(path+"?done=op_accepted").contains(t, "Der Antrag wurde angenommen", "<dd>eröffnet</dd>", "Entwurf erstellen")
	e.statements(t, cs.ID, tok, "Ich möchte mein Geld zurück & zwar \"schnell\".", "Wir haben geliefert.")

	p = b.submit(path, path+"/send", nil)
	require.Equal(t, http.StatusConflict, p.status, "no draft yet")
	p.contains(t, "Es gibt keinen Entwurf")

	p = b.submit(path, path+"/generate", nil)
	require.Equal(t, http.StatusSeeOther, p.status)
	p = b.get(path)
	p.contains(t, "Ich möchte mein Geld zurück &amp; zwar &#34;schnell&#34;.", "<h4>Lieferung</h4>", "Rechtsgrundlage: BGB §433(1); BGB §286", "Unstreitig: category: delivery;",
		"Entwurf bearbeiten", `name="options[0].kind"`, `name="options[1].kind"`, `name="options[0].duties[1].action"`,
		"Entwurf als Vorschlag an beide Seiten senden")

	t.Run("errors of the form and of the checks at once", func(t *testing.T) {
		form := url.Values{
			"options[0].orig": {"o1"}, "options[0].id": {"o1"}, "options[0].kind": {"deliver"}, "options[0].amount": {"abc"},
			"options[0].duties[0].party": {"shop"}, "options[0].duties[0].action": {"deliver"}, "options[0].duties[0].due": {"2026-01-01"},
			"options[1].id": {"o2"}, "options[1].kind": {"refund"}, "options[1].amount": {"999"},
		}
		p := b.submit(path, path+"/draft", form)
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		p.contains(t, `id="f-options-0--amount-err"`, `aria-describedby="f-options-0--amount-hint f-options-0--amount-err"`,
			`value="abc"`, `id="f-options-0--duties-0--due-err"`, `id="f-options-1--amount-err"`, `value="999"`,
			`id="f-options-1--duties-err"`, "Möglichkeit 1: Betrag", "Möglichkeit 1, Pflicht 1: Bis", "Möglichkeit 2: Pflichten")
		require.Equal(t, 1, strings.Count(p.body, `id="f-options-0--amount-err"`))
	})

	t.Run("errors land on the form's rows when a row is removed", func(t *testing.T) {
		form := url.Values{
			"options[0].orig": {"o1"}, "options[0].id": {"o1"}, "options[0].kind": {"deliver"}, "options[0].remove": {"true"},
			"options[1].id": {"o2"}, "options[1].kind": {"refund"}, "options[1].amount": {"30,00"},
			"options[1].duties[0].party": {"shop"}, "options[1].duties[0].action": {"refund"},
			"options[1].duties[0].amount": {"30,00"}, "options[1].duties[0].due": {"2026-12-09"},
		}
		p := b.submit(path, path+"/draft", form)
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		p.contains(t, `id="f-options-1--amount-err"`, `id="f-options-1--duties-0--amount-err"`)
		p.lacks(t, `id="f-options-0--amount-err"`)
	})

	t.Run("the moderator's note is plain text", func(t *testing.T) {
		for _, a := range attacks {
			form := url.Values{"options[0].orig": {"o1"}, "options[0].id": {"o1"}, "options[0].kind": {"apology"},
				"options[0].note": {a.raw}, "options[0].duties[0].party": {"shop"}, "options[0].duties[0].action": {"apologise"},
				"options[0].duties[0].due": {"2026-12-09"}}
			p := b.submit(path, path+"/draft", form)
			require.Equal(t, http.StatusUnprocessableEntity, p.status)
			p.contains(t, `id="f-options-0--note-err"`)
			p.escaped(t, a.raw, a.escaped)
		}
	})

	form := url.Values{
		"options[0].orig": {"o1"}, "options[0].id": {"o1"}, "options[0].kind": {"deliver"},
		"options[0].duties[0].party": {"shop"}, "options[0].duties[0].action": {"deliver"}, "options[0].duties[0].due": {"2026-12-09"},
		"options[1].id": {"o2"}, "options[1].kind": {"refund"}, "options[1].amount": {"20,00"}, "options[1].note": {"Aus Kulanz & schnell"},
		"options[1].duties[0].party": {"shop"}, "options[1].duties[0].action": {"refund"},
		"options[1].duties[0].amount": {"20,00"}, "options[1].duties[0].due": {"2026-12-09"},
	}
	p = b.submit(path, path+"/draft", form)
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, path+"?done=op_draft_saved#draft", p.header.Get("Location"))
	p = b.get(path)
	p.contains(t, "<h4>Erstattung: 20,00 EUR</h4>", "Shop: erstattet 20,00 EUR bis 09.12.2026", "Aus Kulanz &amp; schnell",
		"Entwurf bearbeitet", `<span class="badge warn">bearbeitet</span>`)
	got, err := e.mediation.Get(ctx, opPrincipal, cs.ID)
	require.NoError(t, err)
	require.Len(t, got.Draft.Options, 2)
	require.Equal(t, "20.00 EUR", got.Draft.Options[1].Amount.String())

	p = b.submit(path, path+"/send", nil)
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = b.get(path)
	p.contains(t, "Vorschlag 1", "noch keine Antwort", "<dd>Vorschlag liegt vor</dd>")
	p.lacks(t, "Entwurf bearbeiten")

	got, err = e.mediation.Get(ctx, opPrincipal, cs.ID)
	require.NoError(t, err)
	prop := got.Current()
	_, err = e.mediation.AcceptProposal(ctx, fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok}, cs.ID, prop.ID, "o2")
	require.NoError(t, err)
	b.get(path).contains(t, "nimmt Möglichkeit Erstattung (20,00 EUR) an")
	_, err = e.mediation.AcceptProposal(ctx, fairshops.Principal{Role: fairshops.RoleShop, ShopID: "demo-shop"}, cs.ID, prop.ID, "o2")
	require.NoError(t, err)
	p = b.get(path)
	p.contains(t, "<dd>geeinigt</dd>", "Einigung aus der Streitmoderation", "Ergebnis")
	p = b.submit(path, path+"/send", nil)
	require.Equal(t, http.StatusConflict, p.status)
}

func TestWebOperatorCaseAbusiveAndDecline(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	b := e.operator(t, "en")
	// No finding favours the consumer: no real case, an abuse indicator.
	id, tok := e.fileFacts(t, "demo-shop", `"category":"other","order_date":"2026-10-01",
		"order_value":{"amount":"20.00","currency":"EUR"},"contacted_shop_on":"2026-10-20","desired_resolution":"refund",
		"description":"Unfriendly."`)
	e.shopAnswers(t, "demo-shop", id)
	cs, err := e.mediation.Request(ctx, fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok}, mediation.RequestInput{ComplaintID: id})
	require.NoError(t, err)
	path := "/operator/cases/" + cs.ID
	p := b.get(path)
	p.contains(t, "Mark as abusive", "Signs that the request may be abusive:")
	p = b.submit(path, path+"/abusive", nil)
	require.Equal(t, http.StatusSeeOther, p.status)
	b.get(path+"?done=op_abusive").contains(t, "The consumer was asked to bear the cost", "<dd>awaiting cost acceptance</dd>")

	_, _, other := e.consumerCase(t, "Das Paket kam nie an.")
	path = "/operator/cases/" + other.ID
	p = b.submit(path, path+"/abusive", nil)
	require.Equal(t, http.StatusConflict, p.status)
	p.contains(t, "The pre-check shows no sign that the request is abusive.")
	p = b.submit(path, path+"/decline", url.Values{"reason": {"out_of_scope"}})
	require.Equal(t, http.StatusSeeOther, p.status)
	b.get(path).contains(t, "<dd>declined</dd>", "The dispute moderation will not take place")
	require.Equal(t, http.StatusNotFound, b.get("/operator/cases/m_nothing").status)
}

// articleForm is the form of a stored article, as the edit page fills it.
func articleForm(a portal.Article) url.Values {
	v := url.Values{"version": {strconv.FormatInt(a.Version, 10)}, "topic": {a.Topic}, "tags": {strings.Join(a.Tags, ", ")},
		"related": {strings.Join(a.Related, ", ")}, "basis": {strings.Join(a.Basis, "\n")}, "reviewed": {a.Reviewed.String()}}
	for _, tr := range a.Translations {
		pre := "translations." + string(tr.Lang) + "."
		v.Set(pre+"title", tr.Title)
		v.Set(pre+"summary", tr.Summary)
		v.Set(pre+"keywords", strings.Join(tr.Keywords, ", "))
		v.Set(pre+"body", tr.Body)
	}
	return v
}

func TestWebOperatorArticles(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	b := e.operator(t, "de")
	const slug = "widerrufsrecht-grundlagen"
	path := "/operator/articles/" + slug
	a, err := e.portal.Article(ctx, slug)
	require.NoError(t, err)

	p := b.get(path)
	p.contains(t, `name="translations.de.body"`, `name="version" value="`+strconv.FormatInt(a.Version, 10)+`"`, a.In("de").Title)

	t.Run("preview renders without saving", func(t *testing.T) {
		form := articleForm(a)
		form.Set("translations.de.body", "**fett** und [Link](/portal/lieferverzug)\n\n<script>alert(1)</script>\n\n[böse](javascript:alert(1))")
		form.Set("preview", "1")
		p := b.submit(path, path, form)
		require.Equal(t, http.StatusOK, p.status)
		p.contains(t, "Vorschau: Deutsch", "<strong>fett</strong>", `<a href="/portal/lieferverzug">Link</a>`)
		p.lacks(t, "<script>alert(1)</script>", `href="javascript:`)
		p.escaped(t, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;") // in the textarea
		again, err := e.portal.Article(ctx, slug)
		require.NoError(t, err)
		require.Equal(t, a.Version, again.Version, "a preview saves nothing")
	})

	t.Run("save, then a stale save is a conflict", func(t *testing.T) {
		form := articleForm(a)
		form.Set("translations.de.summary", "Neu zusammengefasst.")
		p := b.submit(path, path, form)
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, path+"?done=op_article_saved", p.header.Get("Location"))
		b.get(path+"?done=op_article_saved").contains(t, "Der Artikel wurde gespeichert.", "Neu zusammengefasst.")

		form.Set("translations.de.summary", "Meine ältere Fassung.")
		p = b.submit(path, path, form) // still the version read before the save
		require.Equal(t, http.StatusConflict, p.status)
		p.contains(t, "inzwischen von jemand anderem geändert", "Meine ältere Fassung.", "Aktuelle Fassung öffnen")
		now, err := e.portal.Article(ctx, slug)
		require.NoError(t, err)
		require.Equal(t, "Neu zusammengefasst.", now.In("de").Summary)
	})

	t.Run("every error next to its field", func(t *testing.T) {
		form := url.Values{"version": {"0"}, "slug": {"Kein Slug"}, "tags": {"ok, Kein Tag"}, "reviewed": {"gestern"},
			"related": {"gibt-es-nicht"}}
		p := b.submit("/operator/articles/_new", "/operator/articles/_new", form)
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		for _, id := range []string{"f-slug", "f-topic", "f-tags", "f-reviewed", "f-translations-de-title",
			"f-translations-de-summary", "f-translations-de-body"} {
			p.contains(t, `id="`+id+`-err"`)
		}
		p.contains(t, `value="Kein Slug"`, `value="gestern"`)
	})

	t.Run("create and delete", func(t *testing.T) {
		form := url.Values{"version": {"0"}, "slug": {"neuer-artikel"}, "topic": {a.Topic}, "tags": {"delivery"},
			"reviewed": {"2026-11-01"}, "translations.de.title": {attacks[0].raw}, "translations.de.summary": {attacks[1].raw},
			"translations.de.body": {"Text."}}
		p := b.submit("/operator/articles/_new", "/operator/articles/_new", form)
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/operator/articles/neuer-artikel?done=op_article_created", p.header.Get("Location"))
		p = b.get("/operator/articles/neuer-artikel")
		for _, at := range attacks {
			p.escaped(t, at.raw, at.escaped)
		}
		b.get("/operator/articles?topic="+a.Topic).escaped(t, attacks[0].raw, attacks[0].escaped)

		p = b.submit("/operator/articles/_new", "/operator/articles/_new", form)
		require.Equal(t, http.StatusConflict, p.status)
		p.contains(t, "Einen Artikel mit diesem Kurznamen gibt es schon.")

		p = b.submit("/operator/articles/neuer-artikel", "/operator/articles/neuer-artikel/delete", url.Values{"version": {"1"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		p.contains(t, `id="f-confirm-err"`, "Bitte bestätigen Sie das Löschen.")
		p = b.submit("/operator/articles/neuer-artikel", "/operator/articles/neuer-artikel/delete",
			url.Values{"version": {"1"}, "confirm": {"true"}})
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, http.StatusNotFound, b.get("/operator/articles/neuer-artikel").status)
	})

	t.Run("an article others refer to stays", func(t *testing.T) {
		var target string
		for _, x := range e.portal.Index().Articles() {
			if len(x.Related) > 0 {
				target = x.Related[0]
				break
			}
		}
		require.NotEmpty(t, target)
		tg, err := e.portal.Article(ctx, target)
		require.NoError(t, err)
		p := b.submit("/operator/articles/"+target, "/operator/articles/"+target+"/delete",
			url.Values{"version": {strconv.FormatInt(tg.Version, 10)}, "confirm": {"true"}})
		require.Equal(t, http.StatusConflict, p.status)
		p.contains(t, "weil andere Artikel auf ihn verweisen", "Verweise in:")
	})

	p = b.get("/operator/articles?q=widerruf")
	p.contains(t, `href="/operator/articles/`+slug+`"`)
	require.Equal(t, http.StatusNotFound, b.get("/operator/articles/gibt-es-nicht").status)
}

func TestWebOperatorShops(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	b := e.operator(t, "de")

	t.Run("register: every error at once", func(t *testing.T) {
		p := b.submit("/operator/shops", "/operator/shops", url.Values{"id": {"Bad ID"}, "name": {""}, "domain": {"nodot"},
			"seal.status": {""}, "seal.valid_until": {"31.12.2027"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		for _, id := range []string{"f-name", "f-domain", "f-seal-status", "f-seal-valid-until"} {
			p.contains(t, `id="`+id+`-err"`)
		}
		p.contains(t, `value="31.12.2027"`, `value="nodot"`)
		p = b.submit("/operator/shops", "/operator/shops", url.Values{"id": {"demo-shop"}, "name": {"X"}, "domain": {"x.example"},
			"seal.status": {"licensed"}})
		require.Equal(t, http.StatusConflict, p.status)
		p.contains(t, `id="f-id-err"`, "Einen Shop mit dieser Kennung gibt es schon.")
	})

	t.Run("register: names are escaped", func(t *testing.T) {
		for i, a := range attacks {
			id := "xss-" + strconv.Itoa(i)
			p := b.submit("/operator/shops", "/operator/shops", url.Values{"id": {id}, "name": {a.raw}, "domain": {"x.example"},
				"seal.status": {"not_passed"}, "conditions": {a.raw}})
			require.Equal(t, http.StatusSeeOther, p.status, p.body)
			require.Equal(t, "/operator/shops/"+id+"?done=op_shop_registered", p.header.Get("Location"))
			b.get("/operator/shops/"+id).escaped(t, a.raw, a.escaped)
			b.get("/operator/shops").escaped(t, a.raw, a.escaped)
		}
	})

	path := "/operator/shops/other-shop"
	p := b.get(path)
	p.contains(t, "zusätzliche Vertrauensmaßnahme", "Beschwerdeservice")
	// The purpose is the operator's and the shop's: the public ID page
	// does not show it.
	e.browser(t, "de").get("/shops/other-shop").lacks(t, "Vertrauensmaßnahme", "extra_trust")

	t.Run("bookings: errors next to the fields, in words", func(t *testing.T) {
		tests := []struct {
			name   string
			form   url.Values
			errIDs []string
			texts  []string
		}{
			{"overlap", url.Values{"booking.module": {"beschwerdeservice"}, "booking.from": {"2026-06-01"}, "booking.purpose": {"extra_trust"}},
				[]string{"f-booking-from-err"}, []string{"überschneidet sich mit der Buchung Beschwerdeservice vom 01.01.2026 bis unbefristet"}},
			{"reversed period", url.Values{"booking.module": {"themenportal"}, "booking.from": {"2026-06-01"}, "booking.until": {"2026-05-01"},
				"booking.purpose": {"extra_trust"}}, []string{"f-booking-until-err"}, []string{"Das Ende liegt vor dem Beginn."}},
			{"mode without Streitmoderation", url.Values{"booking.module": {"themenportal"}, "booking.from": {"2027-01-01"},
				"booking.purpose": {"extra_trust"}, "booking.mediation_mode": {"consumer"}},
				[]string{"f-booking-mediation-mode-err"}, []string{"nur bei einer Buchung der Streitmoderation"}},
			{"all at once", url.Values{"booking.module": {""}, "booking.from": {"morgen"}, "booking.purpose": {""}},
				[]string{"f-booking-module-err", "f-booking-from-err", "f-booking-purpose-err"}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s, err := e.reg.Shop(ctx, "other-shop")
				require.NoError(t, err)
				form := tt.form
				form.Set("version", strconv.Itoa(s.Version))
				p := b.submit(path, path+"/bookings", form)
				require.Equal(t, http.StatusUnprocessableEntity, p.status)
				for _, id := range tt.errIDs {
					p.contains(t, `id="`+id+`"`)
				}
				p.contains(t, tt.texts...)
				after, err := e.reg.Shop(ctx, "other-shop")
				require.NoError(t, err)
				require.Equal(t, s.Version, after.Version)
			})
		}
	})

	t.Run("add a booking, then a stale one", func(t *testing.T) {
		s, err := e.reg.Shop(ctx, "other-shop")
		require.NoError(t, err)
		form := url.Values{"version": {strconv.Itoa(s.Version)}, "booking.module": {"streitmoderation"}, "booking.from": {"2027-01-01"},
			"booking.purpose": {"needed_for_standard"}, "booking.mediation_mode": {"operator_after_complaint"}}
		p := b.submit(path, path+"/bookings", form)
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		b.get(path).contains(t, "01.01.2027 – unbefristet", "nötig für den Standard", "der Konfliktservice nach einer Beschwerde")
		form.Set("booking.from", "2030-01-01")
		p = b.submit(path, path+"/bookings", form)
		require.Equal(t, http.StatusConflict, p.status)
	})

	t.Run("criteria and seal", func(t *testing.T) {
		s, err := e.reg.Shop(ctx, "demo-shop")
		require.NoError(t, err)
		form := url.Values{"version": {strconv.Itoa(s.Version)}}
		for _, cr := range e.reg.Catalogue().Criteria {
			if cr.Kind == fairshops.Must {
				form.Set("fulfilled."+cr.ID, "true")
			}
		}
		p := b.submit("/operator/shops/demo-shop", "/operator/shops/demo-shop/fulfilled", form)
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		b.get("/operator/shops/demo-shop").contains(t, "Der Standard ist erfüllt", `name="fulfilled.must.hotline_hours" value="true" checked`)

		p = b.submit("/operator/shops/demo-shop", "/operator/shops/demo-shop/seal",
			url.Values{"version": {strconv.Itoa(s.Version + 1)}, "seal.status": {"suspended"}, "seal.valid_until": {"bald"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		p.contains(t, `id="f-seal-valid-until-err"`)
		p = b.submit("/operator/shops/demo-shop", "/operator/shops/demo-shop/seal",
			url.Values{"version": {strconv.Itoa(s.Version + 1)}, "seal.status": {"suspended"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		b.get("/operator/shops/demo-shop").contains(t, `<span class="badge bad">ausgesetzt</span>`)
	})

	require.Equal(t, http.StatusNotFound, b.get("/operator/shops/no-such-shop").status)
	p = b.get("/operator/catalogue")
	for _, cr := range e.reg.Catalogue().Criteria {
		p.contains(t, "<code>"+cr.ID+"</code>")
	}
}

func TestWebOperatorDashboard(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	now := e.clock.Now()
	// September: two delivery complaints, one answered in time, one never.
	e.clock.Set(time.Date(2026, 9, 10, 9, 0, 0, 0, time.UTC))
	september := `"category":"delivery","order_date":"2026-08-01","order_value":{"amount":"20.00","currency":"EUR"},
		"contacted_shop_on":"2026-09-01"`
	answered, _ := e.fileFacts(t, "demo-shop", september)
	e.fileFacts(t, "demo-shop", september)
	e.clock.Set(time.Date(2026, 9, 12, 9, 0, 0, 0, time.UTC))
	_, err := e.complaints.AddMessage(ctx, fairshops.AsShop("demo-shop"), answered, "Wir kümmern uns.")
	require.NoError(t, err)
	// October: one complaint answered late.
	e.clock.Set(time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC))
	late, _ := e.fileFacts(t, "other-shop", `"category":"other","order_date":"2026-10-01",
		"order_value":{"amount":"20.00","currency":"EUR"},"contacted_shop_on":"2026-10-02","desired_resolution":"refund"`)
	due := e.stored(t, late).AnswerDue
	require.False(t, due.IsZero())
	e.clock.Set(due.AddDays(2).In(time.UTC).Add(9 * time.Hour))
	_, err = e.complaints.AddMessage(ctx, fairshops.AsShop("other-shop"), late, "Entschuldigung, zu spät.")
	require.NoError(t, err)
	e.clock.Set(now)

	for _, lang := range []string{"de", "en"} {
		b := e.operator(t, lang)
		p := b.get("/operator/dashboard")
		require.Equal(t, http.StatusOK, p.status)
		p.contains(t, `src="/operator/dashboard/categories.svg?lang=`+lang+`"`, `src="/operator/dashboard/compliance.svg?lang=`+lang+`"`, `alt="`)
		svg := b.get("/operator/dashboard/categories.svg?lang=" + lang)
		require.Equal(t, http.StatusOK, svg.status)
		require.Equal(t, "image/svg+xml; charset=utf-8", svg.header.Get("Content-Type"))
		require.Contains(t, svg.header.Get("Content-Security-Policy"), "script-src 'self'")
		comp := b.get("/operator/dashboard/compliance.svg?lang=" + lang)
		if lang == "de" {
			p.contains(t, "Beschwerden in den letzten 12 Monaten: 3.", `<tr><th scope="row">Sep 2026</th><td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">2</td><td class="num">50 %</td></tr>`)
			svg.contains(t, "<title>Sep 2026 – Probleme mit Lieferung: 2</title>", "<title>Okt 2026 – Sonstiges: 1</title>", "<title>Nov 2026: 0</title>")
			comp.contains(t, "<title>Sep 2026: 1 von 2 fristgerecht beantwortet (50 %)</title>",
				"<title>Okt 2026: 0 von 1 fristgerecht beantwortet (0 %)</title>", "<title>Nov 2026: keine fälligen Antworten</title>")
		} else {
			svg.contains(t, "<title>Sep 2026 – Problems with delivery: 2</title>")
			comp.contains(t, "<title>Sep 2026: 1 of 2 answered in time (50 %)</title>")
		}
	}
	require.Equal(t, http.StatusNotFound, e.operator(t, "de").get("/operator/dashboard/other.svg").status)
}

// TestWebOperatorEscapesStoredText checks that text in the stores, however
// it got there, is shown escaped: complaint text, contact data, messages,
// statements, notes, shop names.
func TestWebOperatorEscapesStoredText(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	for _, a := range attacks {
		t.Run(a.raw, func(t *testing.T) {
			id, tok, cs := e.consumerCase(t, "harmlos")
			c := e.stored(t, id)
			c.Facts.Description = a.raw
			c.Contact = complaint.Contact{Name: a.raw, Email: a.raw, Phone: a.raw}
			c.OrderRef = a.raw
			c.Messages = append(c.Messages, complaint.Message{ID: "m1", Author: fairshops.RoleShop, Body: a.raw, At: e.clock.Now()})
			require.NoError(t, e.db.Complaints().Update(ctx, c, nil))

			b := e.operator(t, "de")
			p := b.submit("/operator/cases/"+cs.ID, "/operator/cases/"+cs.ID+"/accept", nil)
			require.Equal(t, http.StatusSeeOther, p.status)
			e.statements(t, cs.ID, tok, "Text", "Text")
			p = b.submit("/operator/cases/"+cs.ID, "/operator/cases/"+cs.ID+"/generate", nil)
			require.Equal(t, http.StatusSeeOther, p.status)
			stored, err := e.db.Cases().Get(ctx, cs.ID)
			require.NoError(t, err)
			stored.Statements[0].Text = a.raw
			stored.Draft.Options[0].Note = a.raw
			require.NoError(t, e.db.Cases().Update(ctx, stored, nil))

			p = b.get("/operator/complaints/" + id)
			p.escaped(t, a.raw, a.escaped)
			require.GreaterOrEqual(t, strings.Count(p.body, a.escaped), 5, "description, name, e-mail, phone, order ref, message")
			p = b.get("/operator/cases/" + cs.ID)
			p.escaped(t, a.raw, a.escaped)
			require.GreaterOrEqual(t, strings.Count(p.body, a.escaped), 3, "statement, note, note in the editor")
		})
	}
}
