package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// TestAuditRecordsOperatorActions: each action leaves exactly one entry in
// the audit log, with its action, actor and subject, and nothing of what
// was typed; the operator's page and the API then show the log and say
// that the chain verifies.
func TestAuditRecordsOperatorActions(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	log := e.db.Audit()
	anna := audit.Operator(operatorLogin)
	// step runs do and returns the one entry it recorded.
	step := func(name string, do func()) audit.Entry {
		t.Helper()
		before, err := log.Head(ctx)
		require.NoError(t, err)
		do()
		got, err := log.List(ctx, audit.Filter{After: before.Seq})
		require.NoError(t, err)
		require.Len(t, got, 1, "%s: exactly one entry: %+v", name, got)
		return got[0]
	}
	type want struct {
		action  audit.Action
		actor   audit.Actor
		subject audit.Subject
		detail  string
	}
	check := func(got audit.Entry, w want) {
		t.Helper()
		require.Equal(t, w, want{got.Action, got.Actor, got.Subject, got.Detail})
	}

	op := e.browser(t, "en")
	login := step("login", func() { op.login(operatorLogin, "/operator") })
	require.Equal(t, audit.LoginSucceeded, login.Action)
	require.Equal(t, anna, login.Actor)
	require.Equal(t, audit.KindAccount, login.Subject.Kind)
	require.Equal(t, "web", login.Detail)

	const wrong = "Tr0ub4dor&3-not-the-password"
	stranger := e.browser(t, "en")
	failed := step("failed login", func() {
		p := stranger.submit("/login", "/login", url.Values{"login": {operatorLogin}, "password": {wrong}})
		require.Equal(t, http.StatusUnauthorized, p.status)
	})
	check(failed, want{audit.LoginFailed, audit.Actor{}, audit.Login(operatorLogin), "bad_credentials"})
	raw, err := json.Marshal(failed)
	require.NoError(t, err)
	require.NotContains(t, string(raw), wrong, "the password tried is never kept")
	require.NotContains(t, string(raw), `"`+operatorLogin+`"`, "nor the login tried, only its digest")

	s, err := e.reg.Shop(ctx, "other-shop")
	require.NoError(t, err)
	shopPath := "/operator/shops/other-shop"
	booked := step("booking", func() {
		p := op.submit(shopPath, shopPath+"/bookings", url.Values{"version": {strconv.Itoa(s.Version)},
			"booking.module": {"streitmoderation"}, "booking.from": {"2027-01-01"}, "booking.purpose": {"needed_for_standard"},
			"booking.mediation_mode": {"operator_after_complaint"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
	})
	check(booked, want{audit.ModuleBooked, anna, audit.Shop("other-shop"), "streitmoderation"})
	require.NotContains(t, booked.Detail+booked.Subject.ID, "needed", "the booking's purpose stays out of the log")

	const slug = "widerrufsrecht-grundlagen"
	a, err := e.portal.Article(ctx, slug)
	require.NoError(t, err)
	edited := step("article edit", func() {
		form := articleForm(a)
		form.Set("translations.de.summary", "Neu zusammengefasst.")
		p := op.submit("/operator/articles/"+slug, "/operator/articles/"+slug, form)
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
	})
	check(edited, want{audit.ArticleUpdated, anna, audit.Article(slug), "web"})

	requeued := step("requeue", func() {
		p := op.submit("/operator/outbox", "/operator/outbox/"+deadEventID+"/requeue", url.Values{})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
	})
	check(requeued, want{audit.EventRequeued, anna, audit.Event(deadEventID), ""})

	id, _ := e.fileComplaint(t, "demo-shop", "Die Ware kam nie an.")
	exported := step("data export", func() {
		p := op.get("/operator/complaints/" + id + "/export")
		require.Equal(t, http.StatusOK, p.status, p.body)
	})
	check(exported, want{audit.DataExported, anna, audit.Complaint(id), "web"})

	csv := step("queue export", func() {
		p := op.get("/operator/complaints.csv?q=Mustermann")
		require.Equal(t, http.StatusOK, p.status, p.body)
	})
	check(csv, want{audit.QueueExported, anna, audit.Queue(), "csv"})

	// The page: the chain verifies, newest first, and filters.
	p := op.get("/operator/audit")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, `<a href="/operator/audit" aria-current="page">Audit log</a>`,
		"The chain verifies: 7 entries, each linked to the one before.", "export.queue", "event.requeued", "not logged in")
	require.Less(t, strings.Index(p.body, "<code>export.queue</code>"), strings.Index(p.body, "<code>booking.added</code>"), "newest first")
	p.lacks(t, wrong, "Mustermann")
	p = op.get("/operator/audit?action=booking.added")
	p.contains(t, "other-shop", "streitmoderation")
	p.lacks(t, "<code>event.requeued</code>", "<code>export.queue</code>")
	require.Equal(t, http.StatusUnprocessableEntity, op.get("/operator/audit?action=coffee").status)

	// The API: a page by filter, and the verification.
	p = op.get("/api/v1/audit?kind=article&order=newest")
	require.Equal(t, http.StatusOK, p.status, p.body)
	var pg struct {
		Items []audit.Entry `json:"items"`
	}
	require.NoError(t, json.Unmarshal([]byte(p.body), &pg))
	require.Len(t, pg.Items, 1)
	require.Equal(t, edited.Hash, pg.Items[0].Hash)
	p = op.get("/api/v1/audit/verify")
	require.Equal(t, http.StatusOK, p.status, p.body)
	require.JSONEq(t, `{"ok":true,"head":{"seq":7,"hash":"`+csv.Hash+`"}}`, p.body)
	require.Equal(t, http.StatusUnprocessableEntity, op.get("/api/v1/audit?from=yesterday").status)
	require.Equal(t, http.StatusBadRequest, op.get("/api/v1/audit?q=x").status)

	loggedOut := step("logout", func() {
		p := op.submit("/operator", "/logout", url.Values{})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
	})
	check(loggedOut, want{audit.Logout, anna, login.Subject, "web"})
}

// TestAuditRefusesOthers: a shop's session and a consumer's token get
// neither the page nor the API.
func TestAuditRefusesOthers(t *testing.T) {
	e := newWebEnv(t)
	shop := e.browser(t, "en")
	shop.login(shopLogin, "/shop")
	require.Equal(t, http.StatusNotFound, shop.get("/operator/audit").status, "a shop cannot tell the page exists")
	require.Equal(t, http.StatusForbidden, shop.get("/api/v1/audit").status)
	require.Equal(t, http.StatusForbidden, shop.get("/api/v1/audit/verify").status)

	id, tok := e.fileComplaint(t, "demo-shop", "Die Ware kam nie an.")
	consumer := e.consumer(t, "en", id, tok)
	p := consumer.get("/operator/audit")
	require.Equal(t, http.StatusSeeOther, p.status, "a consumer is sent to the login")
	require.True(t, strings.HasPrefix(p.header.Get("Location"), "/login"), p.header.Get("Location"))
	for _, path := range []string{"/api/v1/audit", "/api/v1/audit/verify"} {
		req, err := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok.Reveal())
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusForbidden, resp.StatusCode, path)
	}
}

// brokenLog is an audit log whose second entry was changed after it was
// chained, as a tampered database would hand it out.
type brokenLog struct{ entries []audit.Entry }

func newBrokenLog() *brokenLog {
	l := &brokenLog{}
	prev := ""
	for i, slug := range []string{"a", "b", "c"} {
		en := audit.Entry{At: time.Date(2026, 11, 25, 9, i, 0, 0, time.UTC), Actor: audit.Operator(operatorLogin), Action: audit.ArticleUpdated, Subject: audit.Article(slug)}
		en.Chain(i+1, prev)
		prev = en.Hash
		l.entries = append(l.entries, en)
	}
	l.entries[1].Subject.ID = "x"
	return l
}

func (l *brokenLog) Append(context.Context, *audit.Entry) error               { return nil }
func (l *brokenLog) Prune(context.Context, time.Time, time.Time) (int, error) { return 0, nil }
func (l *brokenLog) Head(context.Context) (audit.Head, error) {
	last := l.entries[len(l.entries)-1]
	return audit.Head{Seq: last.Seq, Hash: last.Hash}, nil
}
func (l *brokenLog) List(_ context.Context, f audit.Filter) ([]audit.Entry, error) {
	var out []audit.Entry
	for _, en := range l.entries {
		if en.Seq > f.After && f.Match(en) {
			out = append(out, en)
		}
	}
	return out, nil
}

// TestAuditShowsBrokenChain: the page and the API name the entry that was
// changed.
func TestAuditShowsBrokenChain(t *testing.T) {
	broken := newBrokenLog()
	e := newWebEnv(t, func(cfg *kshttp.Config) { cfg.Audit = broken })
	op := e.browser(t, "de")
	op.login(operatorLogin, "/operator")
	p := op.get("/operator/audit?order=oldest")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Die Kette ist bei Eintrag 2 unterbrochen: entry 2 was changed.")
	p = op.get("/api/v1/audit/verify")
	require.JSONEq(t, `{"ok":false,"head":{"seq":1,"hash":"`+broken.entries[0].Hash+`"},"broken":{"seq":2,"why":"entry 2 was changed"}}`, p.body)
}
