package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Access that cannot be lost (docs/adr-private-links.md): "send me my link
// again" as a web page and an API call, the overview of an address's
// complaints from a mailed link, and the exact-reference look-up of the
// shop and the operator.
//
// A request for links answers the same whether or not the address has
// complaints: it is checked for form at once, the answer goes out, and the
// look-up, the new tokens and the mail happen after it, in the background
// (bounded by resendTimeout), so neither the answer nor its timing tells
// whether the address is known. Two limits guard it: per client (429) and
// per address (silently: the answer stays the same, no mail is sent, so a
// stranger can neither flood a mailbox nor learn anything from a 429).

// Default limits of the requests for links.
var (
	// DefaultResendLimit is per address: three mails, then one every 20 minutes.
	DefaultResendLimit = RateLimit{Rate: rate.Every(20 * time.Minute), Burst: 3}
	// DefaultResendClientLimit is per client: five requests, then one a minute.
	DefaultResendClientLimit = RateLimit{Rate: rate.Every(time.Minute), Burst: 5}
)

// resendTimeout bounds the background work of one request for links.
const resendTimeout = time.Minute

// resendLater checks the rate limit of the address and starts the work of
// a request for links that passed its checks of form.
func (h *Handler) resendLater(r *http.Request, email, ref string) {
	if ok, _ := h.resendAddr.allow(complaint.NormalizeEmail(email)); !ok {
		h.log.InfoContext(r.Context(), "request for links limited") // never the address
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), resendTimeout)
	h.bg.Add(1)
	go func() {
		defer h.bg.Done()
		defer cancel()
		if err := h.complaints.ResendLinks(ctx, email, ref); err != nil {
			h.log.ErrorContext(ctx, "request for links failed", "err", err)
		}
	}()
}

// allowResend applies the per-client limit of requests for links.
func (h *Handler) allowResend(r *http.Request) (bool, time.Duration) {
	return h.resendClient.allow(h.clientKey(r))
}

// resendAccepted is the one answer to a request for links.
type resendAccepted struct {
	Status string `json:"status"` // "accepted"
}

// apiResend answers POST /api/v1/access/resend {"email", "reference"}:
// 202 whether or not the address has complaints; 400 for a malformed
// address or reference; 429 past the client's limit.
func (h *Handler) apiResend(w http.ResponseWriter, r *http.Request) {
	lang := requestLanguage(r)
	if ok, wait := h.allowResend(r); !ok {
		tooMany(w, lang, wait)
		return
	}
	o, ok := h.apiJsonBody(w, r, lang, false)
	if !ok {
		return
	}
	var pr fairshops.Problems
	o.Only(&pr, "email", "reference")
	email := o.Str(&pr, "email", true)
	ref := o.Str(&pr, "reference", false)
	if h.apiDecodeFailed(w, r, &pr, "http.resend") {
		return
	}
	if _, err := complaint.CheckResend(email, ref); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.resendLater(r, email, ref)
	writeJSON(w, http.StatusAccepted, resendAccepted{Status: "accepted"})
}

// resendPage answers GET /access/resend: the form.
func (h *Handler) resendPage(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	p := h.newPage(w, r, c, "access.resend.title")
	if ref := r.URL.Query().Get("reference"); ref != "" {
		p.Form.Values.Set("reference", ref)
	}
	h.render(w, r, http.StatusOK, "access_resend", p)
}

// resend answers POST /access/resend: a form with a malformed address or
// reference is shown again (422); otherwise the same notice for every
// address (post/redirect/get).
func (h *Handler) resend(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if ok, wait := h.allowResend(r); !ok {
		h.tooManyPage(w, r, c, wait)
		return
	}
	email, ref := strings.TrimSpace(r.PostForm.Get("email")), strings.TrimSpace(r.PostForm.Get("reference"))
	if _, err := complaint.CheckResend(email, ref); err != nil {
		h.renderInvalid(w, r, c, "access_resend", "access.resend.title", err, nil, func(field string) string {
			switch field {
			case "email", "reference":
				return h.web.t(c.lang, "access.resend."+field)
			}
			return ""
		})
		return
	}
	h.resendLater(r, email, ref)
	seeOther(w, r, "/access/resend?done=resend")
}

// tooManyPage answers 429 with a page.
func (h *Handler) tooManyPage(w http.ResponseWriter, r *http.Request, c caller, wait time.Duration) {
	secs := int(wait/time.Second) + 1
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	p := h.newPage(w, r, c, "error.title")
	p.Data = webErrorData{Status: http.StatusTooManyRequests, Heading: h.web.t(c.lang, "error.too_many"),
		Text: h.web.t(c.lang, "error.too_many.text", secs)}
	h.render(w, r, http.StatusTooManyRequests, "error", p)
}

// overviewRow is one complaint of the overview page.
type overviewRow struct {
	ID, Reference, Shop string
	State               complaint.State
	Filed               time.Time
}

// overviewPage answers GET /access/overview?t=: the complaints of the
// address the link was mailed to, each with a button that opens it with a
// fresh private link. An unknown or expired link is the 404 page (with the
// way to ask again).
func (h *Handler) overviewPage(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	tok := r.URL.Query().Get("t")
	if !tokenPattern.MatchString(tok) {
		h.webError(w, r, c, fairshops.E("http.overview", fairshops.NotFound, "", "no overview token", nil))
		return
	}
	list, until, err := h.complaints.Overview(r.Context(), fairshops.Token(tok))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	rows := make([]overviewRow, 0, len(list))
	for _, cp := range list {
		shop := cp.ShopID
		if v, err := h.reg.View(r.Context(), cp.ShopID); err == nil {
			shop = v.Name
		}
		rows = append(rows, overviewRow{ID: cp.ID, Reference: cp.Reference, Shop: shop, State: cp.State, Filed: cp.CreatedAt})
	}
	p := h.newPage(w, r, c, "access.overview.title")
	p.Data = struct {
		Rows  []overviewRow
		Until time.Time
		Token string
	}{Rows: rows, Until: until, Token: tok}
	h.render(w, r, http.StatusOK, "access_overview", p)
}

// openFromOverview answers POST /access/open (t, id): a fresh private
// token for the complaint, and on to its private link, which the consumer
// guard turns into the page's cookie.
func (h *Handler) openFromOverview(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	tok, id := r.PostForm.Get("t"), r.PostForm.Get("id")
	if !tokenPattern.MatchString(tok) || id == "" {
		h.webError(w, r, c, fairshops.E("http.openFromOverview", fairshops.NotFound, "", "", nil))
		return
	}
	fresh, err := h.complaints.OpenFromOverview(r.Context(), fairshops.Token(tok), id)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	seeOther(w, r, consumerBase(id)+"?t="+url.QueryEscape(fresh.Reveal()))
}

// lookupReference finds the complaint with the reference for the caller
// and redirects to base + its ID; a malformed reference, or one that is
// not the caller's to see, is the error page (400 or 404).
func (h *Handler) lookupReference(base string, who func(caller) fairshops.Principal) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := callerOf(r)
		got, err := h.complaints.ByReference(r.Context(), who(c), r.URL.Query().Get("ref"))
		if err != nil {
			h.webError(w, r, c, err)
			return
		}
		seeOther(w, r, base+url.PathEscape(got.ID))
	}
}
