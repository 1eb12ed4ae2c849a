package http_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// linkBox is the complaint.LinkMailer of the access tests: it keeps the
// mails at the port, as a mail server would receive them.
type linkBox struct {
	mu    sync.Mutex
	mails []complaint.AccessMail
}

func (b *linkBox) MailLinks(_ context.Context, m complaint.AccessMail) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.mails = append(b.mails, m)
	return nil
}

func (b *linkBox) all() []complaint.AccessMail {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]complaint.AccessMail(nil), b.mails...)
}

// accessEnv is a web environment whose complaint service mails links to a
// linkBox and keeps overview tokens.
type accessEnv struct {
	*webEnv
	box *linkBox
}

func newAccessEnv(t *testing.T, opts ...func(*kshttp.Config)) *accessEnv {
	t.Helper()
	box := &linkBox{}
	var svc *complaint.Service
	withLinks := func(cfg *kshttp.Config) {
		db := memory.New()
		var err error
		svc, err = complaint.NewService(complaint.Config{Store: db.Complaints(), Overviews: db.Overviews(),
			Shops: cfg.Registry, Clock: cfg.Clock, Links: box})
		require.NoError(t, err)
		cfg.Complaints = svc
	}
	e := newWebEnv(t, append([]func(*kshttp.Config){withLinks}, opts...)...)
	e.complaints = svc
	return &accessEnv{webEnv: e, box: box}
}

// resendAPI posts a request for links to the API and returns status and body.
func (e *accessEnv) resendAPI(t *testing.T, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(e.srv.URL+"/api/v1/access/resend", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(data)
}

// TestResendAPIAnswersAlike: a known and an unknown address get the same
// status and body; only the known one gets a mail, whose fresh link works
// while the old one no longer does. A reference of the address narrows it.
func TestResendAPIAnswersAlike(t *testing.T) {
	e := newAccessEnv(t)
	id, oldTok := e.fileComplaint(t, "demo-shop", "Paket fehlt")
	require.Len(t, e.box.all(), 1, "the filing's confirmation")
	filed := e.box.all()[0]
	require.Equal(t, complaint.MailFiled, filed.Kind)
	require.Equal(t, oldTok, filed.Links[0].Token, "the confirmation carries the private link")

	known, knownBody := e.resendAPI(t, `{"email":"Erika@Example.org"}`)
	unknown, unknownBody := e.resendAPI(t, `{"email":"nobody@example.org"}`)
	e.h.Wait()
	require.Equal(t, http.StatusAccepted, known)
	require.Equal(t, known, unknown)
	require.Equal(t, knownBody, unknownBody)
	require.JSONEq(t, `{"status":"accepted"}`, knownBody)

	mails := e.box.all()
	require.Len(t, mails, 2, "one mail, for the known address only")
	m := mails[1]
	require.Equal(t, complaint.MailResend, m.Kind)
	require.Equal(t, "erika@example.org", m.To.Email)
	require.Equal(t, id, m.Links[0].Complaint)
	require.NotEmpty(t, m.Overview)

	read := func(tok fairshops.Token) int {
		req, err := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/complaints/"+id, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok.Reveal())
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			var got struct{ Reference string }
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
			require.Equal(t, m.Links[0].Reference, got.Reference, "API answers carry the reference")
		}
		return resp.StatusCode
	}
	require.Equal(t, http.StatusNotFound, read(oldTok), "the old link stops working")
	require.Equal(t, http.StatusOK, read(m.Links[0].Token))

	// With a reference that is not the address's: the same answer, no mail.
	status, body := e.resendAPI(t, `{"email":"nobody@example.org","reference":"`+strings.ToLower(m.Links[0].Reference)+`"}`)
	e.h.Wait()
	require.Equal(t, []any{http.StatusAccepted, knownBody}, []any{status, body})
	require.Len(t, e.box.all(), 2)
}

// TestResendAPIRefusesMalformedInput: a malformed address, reference or
// body is refused whatever the address; unknown members too.
func TestResendAPIRefusesMalformedInput(t *testing.T) {
	e := newAccessEnv(t)
	for _, body := range []string{`{"email":"not-an-address"}`, `{}`, `{"email":"a@example.org","reference":"KS-0000"}`,
		`{"email":"a@example.org","token":"x"}`, `[`} {
		status, got := e.resendAPI(t, body)
		require.Contains(t, []int{http.StatusBadRequest, http.StatusUnprocessableEntity}, status, body)
		require.Contains(t, got, `"errors"`, body)
	}
	e.h.Wait()
	require.Empty(t, e.box.all())
}

// TestResendRateLimits: past the per-client limit the API answers 429;
// past the per-address limit the answer stays 202 but no mail goes out.
func TestResendRateLimits(t *testing.T) {
	t.Run("per client", func(t *testing.T) {
		e := newAccessEnv(t, func(cfg *kshttp.Config) {
			cfg.ResendClientLimit = kshttp.RateLimit{Rate: rate.Every(time.Hour), Burst: 2}
		})
		for range 2 {
			status, _ := e.resendAPI(t, `{"email":"nobody@example.org"}`)
			require.Equal(t, http.StatusAccepted, status)
		}
		status, _ := e.resendAPI(t, `{"email":"other@example.org"}`)
		require.Equal(t, http.StatusTooManyRequests, status)
		e.h.Wait()
	})
	t.Run("per address", func(t *testing.T) {
		e := newAccessEnv(t, func(cfg *kshttp.Config) {
			cfg.ResendClientLimit = kshttp.RateLimit{Rate: rate.Inf}
			cfg.ResendLimit = kshttp.RateLimit{Rate: rate.Every(time.Hour), Burst: 2}
		})
		e.fileComplaint(t, "demo-shop", "Paket fehlt")
		for range 4 {
			status, body := e.resendAPI(t, `{"email":"erika@example.org"}`)
			require.Equal(t, []any{http.StatusAccepted, `{"status":"accepted"}`}, []any{status, strings.TrimSpace(body)})
		}
		e.h.Wait()
		require.Len(t, e.box.all(), 1+2, "the confirmation and two resends")
		e.clock.Advance(time.Hour)
		e.resendAPI(t, `{"email":"ERIKA@example.org"}`)
		e.h.Wait()
		require.Len(t, e.box.all(), 4, "one more after an hour")
	})
	t.Run("web form per client", func(t *testing.T) {
		e := newAccessEnv(t, func(cfg *kshttp.Config) {
			cfg.ResendClientLimit = kshttp.RateLimit{Rate: rate.Every(time.Hour), Burst: 1}
		})
		b := e.browser(t, "de")
		p := b.submit("/access/resend", "/access/resend", url.Values{"email": {"a@example.org"}})
		require.Equal(t, http.StatusSeeOther, p.status)
		p = b.submit("/access/resend", "/access/resend", url.Values{"email": {"a@example.org"}})
		require.Equal(t, http.StatusTooManyRequests, p.status)
		require.NotEmpty(t, p.header.Get("Retry-After"))
		e.h.Wait()
	})
}

// TestResendWebPage: the form, its checks of form, the same notice for
// every address, and the links to it from the start, login, filed and
// not-found pages.
func TestResendWebPage(t *testing.T) {
	e := newAccessEnv(t)
	e.fileComplaint(t, "demo-shop", "Paket fehlt")
	b := e.browser(t, "de")
	p := b.get("/access/resend?reference=KS-7KQ4-M2XF")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Link zu Ihrer Beschwerde erneut senden", `value="KS-7KQ4-M2XF"`, `name="email"`)

	p = b.submit("/access/resend", "/access/resend", url.Values{"email": {"kaputt"}, "reference": {"KS-0000"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, "E-Mail-Adresse", "Vorgangsnummer", `value="kaputt"`)

	var answers []string
	for _, email := range []string{"erika@example.org", "nobody@example.org"} {
		p = b.submit("/access/resend", "/access/resend", url.Values{"email": {email}})
		require.Equal(t, http.StatusSeeOther, p.status)
		answers = append(answers, p.header.Get("Location"))
	}
	require.Equal(t, []string{"/access/resend?done=resend", "/access/resend?done=resend"}, answers)
	b.get(answers[0]).contains(t, "ist eine E-Mail mit neuen Links unterwegs")
	e.h.Wait()
	require.Len(t, e.box.all(), 2)

	en := e.browser(t, "en")
	for _, path := range []string{"/", "/login", "/c/c_unknown"} {
		en.get(path).contains(t, `href="/access/resend"`)
	}
}

// TestOverviewPage: the mailed overview link lists the address's
// complaints with reference, shop and state; opening one gives a fresh
// private link (the mailed one stops working); an unknown or expired
// overview is the not-found page.
func TestOverviewPage(t *testing.T) {
	e := newAccessEnv(t)
	first, _ := e.fileComplaint(t, "demo-shop", "Paket fehlt")
	e.clock.Advance(time.Minute)
	second, _ := e.fileComplaint(t, "other-shop", "Falsche Ware")
	status, _ := e.resendAPI(t, `{"email":"erika@example.org"}`)
	require.Equal(t, http.StatusAccepted, status)
	e.h.Wait()
	m := e.box.all()[2]
	require.Len(t, m.Links, 2)

	b := e.browser(t, "de")
	p := b.get("/access/overview?t=" + m.Overview.Reveal())
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, "Ihre Beschwerden", m.Links[0].Reference, m.Links[1].Reference, "Demo-Shop", "Anderer Shop",
		"Diese Übersicht gilt bis")
	require.Less(t, strings.Index(p.body, m.Links[0].Reference), strings.Index(p.body, m.Links[1].Reference))

	p = b.post("/access/open", withCSRF(url.Values{"t": {m.Overview.Reveal()}, "id": {second}}, p.csrf(t)))
	require.Equal(t, http.StatusSeeOther, p.status)
	loc := p.header.Get("Location")
	require.True(t, strings.HasPrefix(loc, "/c/"+second+"?t="), loc)
	p = b.get(loc)
	require.Equal(t, http.StatusSeeOther, p.status)
	p = b.get("/c/" + second)
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, m.Links[1].Reference)

	_, err := e.complaints.Get(context.Background(), fairshops.AsConsumer(m.Links[1].Token), second)
	require.ErrorIs(t, err, fairshops.ErrNotFound, "the mailed link stops working once the overview opened it")
	_, err = e.complaints.Get(context.Background(), fairshops.AsConsumer(m.Links[0].Token), first)
	require.NoError(t, err, "the other complaint keeps its mailed link")

	for _, path := range []string{"/access/overview?t=made-up-token-0123456789", "/access/overview", "/access/overview?t=%3Cx%3E"} {
		p = b.get(path)
		require.Equal(t, http.StatusNotFound, p.status, path)
		p.contains(t, `href="/access/resend"`)
	}
	fresh := e.browser(t, "de")
	csrf := fresh.get("/access/resend").csrf(t)
	p = fresh.post("/access/open", withCSRF(url.Values{"t": {"made-up-token-0123456789"}, "id": {first}}, csrf))
	require.Equal(t, http.StatusNotFound, p.status)

	e.clock.Advance(24 * time.Hour)
	p = b.get("/access/overview?t=" + m.Overview.Reveal())
	require.Equal(t, http.StatusNotFound, p.status, "expired")
}

// TestReferenceOnPagesAndLookup: the reference is on the filed, consumer,
// shop and operator pages and in the inbox and queue rows; the shop and
// the operator open a complaint by its reference as people type it.
func TestReferenceOnPagesAndLookup(t *testing.T) {
	e := newAccessEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Paket fehlt")
	ref := e.box.all()[0].Links[0].Reference
	typed := strings.ToLower(strings.ReplaceAll(ref, "-", ""))

	e.consumer(t, "de", id, tok).get("/c/"+id).contains(t, ref)

	op := e.browser(t, "de")
	op.login(operatorLogin, "/operator")
	op.get("/operator").contains(t, ref, `action="/operator/lookup"`)
	op.get("/operator/complaints/"+id).contains(t, ref)
	p := op.get("/operator/lookup?ref=" + typed)
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "/operator/complaints/"+id, p.header.Get("Location"))
	require.Equal(t, http.StatusNotFound, op.get("/operator/lookup?ref=KS-2222-2222").status)
	require.Equal(t, http.StatusUnprocessableEntity, op.get("/operator/lookup?ref=KS-2222-2223").status)

	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	shop.get("/shop").contains(t, ref, `action="/shop/lookup"`)
	shop.get("/shop/complaints/"+id).contains(t, ref)
	p = shop.get("/shop/lookup?ref=" + ref)
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "/shop/complaints/"+id, p.header.Get("Location"))

	other := e.browser(t, "de")
	other.login(otherLogin, "/shop")
	require.Equal(t, http.StatusNotFound, other.get("/shop/lookup?ref="+ref).status, "another shop's complaint")
}

// FuzzResendEndpoint attacks the JSON decoder of POST
// /api/v1/access/resend: never a 5xx, always JSON.
func FuzzResendEndpoint(f *testing.F) {
	f.Add([]byte(`{"email":"erika@example.org"}`), "")
	f.Add([]byte(`{"email":"erika@example.org","reference":"ks7kq4m2xf"}`), "en")
	f.Add([]byte(`{"email":["x"],"reference":12,"token":"t"}`), "de")
	f.Add([]byte("{\"email\":\"\xff@example.org\"}"), "")
	fuzzEndpoint(f, "/api/v1/access/resend")
}
