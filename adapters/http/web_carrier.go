package http

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The carrier claim on the web pages (issue 17): a section of the shop's
// and the operator's complaint pages (the shop's tip with the carrier
// deadlines, the claim with its deadlines, answers and history, the shop's
// forms), a sentence on the consumer's page that the consumer does not wait
// on the carrier, and the carrier's own page behind its private link. Every
// text comes from carrierclaim.Messages, rendered here; the template only
// places it (and html/template escapes it).

// carrierCook holds the carrier's link token, for the pages of one claim.
const carrierCook = "ks_carrier"

// carrierBlock is the claim's part of a complaint page.
type carrierBlock struct {
	NoWait  string            // the consumer's sentence ("" when no transit finding)
	Shares  []carrierShare    // the consumer's own files with their switch
	ShareTo string            // the path prefix of the switches' forms
	ShopTip string            // the shop's tip naming the carrier deadlines
	Show    bool              // the claim section (shop and operator, transit finding)
	L       map[string]string // the section's labels in the reader's language
	Claim   *carrierclaim.Claim
	Carrier string // the carrier's name, "other" in words when free
	Text    map[string]string
	Dates   []carrierDeadline
	Answers []carrierAnswerLine
	History []carrierHistoryLine
	// The shop's forms.
	Open, Notify, Answer, Invite bool
	Carriers                     []string
	Incidents, Kinds             [][2]string       // value, label
	Base                         string            // the form's path prefix
	Link                         string            // a fresh carrier link, shown once
	Docs                         []carrierFileLine // the carrier's own documents (web_carrier_docs.go)
}

type carrierDeadline struct{ Label, Due, Latest, Effect, Basis string }
type carrierShare struct {
	ID, Name string
	Shared   bool
}
type carrierAnswerLine struct{ At, By, Kind, Amount, Reason string }
type carrierHistoryLine struct{ At, Who, Action, Detail string }

func carrierLabels(lang fairshops.Language) map[string]string {
	m := carrierclaim.Messages()
	out := map[string]string{}
	for _, k := range m.Keys() {
		if len(k) > 5 && k[:5] == "page." || k == "on.delivered" || k == "on.expected" || k == "carrier.other" {
			out[k] = m.Render(lang, k)
		}
	}
	return out
}

// carrierFor fills the claim's block of a complaint page for the reader.
func (h *Handler) carrierFor(ctx context.Context, c *complaint.Complaint, who fairshops.Principal,
	lang fairshops.Language, base string) (*carrierBlock, error) {
	if h.claims == nil || !carrierclaim.Applies(c) {
		return nil, nil
	}
	m := carrierclaim.Messages()
	b := &carrierBlock{L: carrierLabels(lang)}
	if who.Role == fairshops.RoleConsumer {
		b.NoWait = m.Render(lang, carrierclaim.KeyConsumerNoWait)
		return b, h.consumerShares(ctx, b, c, who, base)
	}
	b.Show = true
	if who.Role == fairshops.RoleShop {
		b.ShopTip = m.Render(lang, carrierclaim.KeyShopTip)
	}
	cl, err := h.claims.ForComplaint(ctx, who, c.ID)
	switch {
	case fairshops.KindOf(err) == fairshops.NotFound:
		if who.Role == fairshops.RoleShop {
			b.Open, b.Carriers, b.Base = true, h.claims.Carriers(), base
			for _, i := range carrierclaim.Incidents() {
				b.Incidents = append(b.Incidents, [2]string{string(i), m.Render(lang, "incident."+string(i))})
			}
		}
		return b, nil
	case err != nil:
		return nil, err
	}
	f := fairshops.FormatterFor(lang)
	b.Claim, b.Carrier = cl, cl.Carrier
	b.Text = map[string]string{"state": m.Render(lang, "state."+string(cl.State)),
		"incident": m.Render(lang, "incident."+string(cl.Incident)), "on": f.Date(cl.On),
		"on_label": m.Render(lang, "on.delivered"), "in_time": m.Render(lang, "opened_in_time.no")}
	if cl.Incident == carrierclaim.Loss {
		b.Text["on_label"] = m.Render(lang, "on.expected")
	}
	if cl.OpenedInTime {
		b.Text["in_time"] = m.Render(lang, "opened_in_time.yes")
	}
	if cl.Amount != nil {
		b.Text["amount"] = f.Money(*cl.Amount)
	}
	for _, d := range cl.Deadlines {
		v := carrierDeadline{Label: m.Render(lang, "deadline."+string(d.Kind)), Due: f.Date(d.Due),
			Effect: m.Render(lang, "effect."+string(d.Effect)), Basis: d.Basis}
		if d.AtDelivery {
			v.Due = m.Render(lang, "deadline.notice.at_delivery", f.Date(d.Due))
		}
		if d.Latest != d.Due {
			v.Latest = m.Render(lang, "deadline.latest", f.Date(d.Latest))
		}
		b.Dates = append(b.Dates, v)
	}
	for _, a := range cl.Answers {
		l := carrierAnswerLine{At: f.DateTime(a.At), By: h.web.t(lang, "role."+string(a.By)),
			Kind: m.Render(lang, "answer."+string(a.Kind)), Reason: a.Reason}
		if a.By == carrierclaim.RoleCarrier {
			l.By = m.Render(lang, "page.carrier")
		}
		if a.Amount != nil {
			l.Amount = f.Money(*a.Amount)
		}
		b.Answers = append(b.Answers, l)
	}
	if err := h.carrierDocsFor(ctx, b, who, c.ID); err != nil {
		return nil, err
	}
	for _, e := range cl.History {
		who := h.web.t(lang, "role."+string(e.Actor.Role))
		if e.Actor.Role == carrierclaim.RoleCarrier {
			who = m.Render(lang, "page.carrier")
		}
		b.History = append(b.History, carrierHistoryLine{At: f.DateTime(e.At), Who: who, Action: e.Action, Detail: e.Detail})
	}
	if who.Role == fairshops.RoleShop && !cl.State.Final() {
		b.Base = base
		b.Notify = cl.State == carrierclaim.Open
		b.Answer, b.Invite = true, true
		for _, k := range carrierclaim.AnswerKinds() {
			b.Kinds = append(b.Kinds, [2]string{string(k), m.Render(lang, "answer."+string(k))})
		}
	}
	return b, nil
}

// The shop's forms (routes.go, shopAction).

func (h *Handler) shopOpenClaim(r *http.Request, shopID, id string) error {
	in := carrierclaim.Input{Carrier: r.PostFormValue("carrier"), CarrierName: r.PostFormValue("carrier_name"),
		Tracking: r.PostFormValue("tracking"), Incident: carrierclaim.Incident(r.PostFormValue("incident")),
		Reckless: r.PostFormValue("reckless") == "true"}
	var pr fairshops.Problems
	if s := r.PostFormValue("on"); s != "" {
		d, err := fairshops.ParseDate(s)
		if err != nil {
			pr.Add("on", fairshops.ReasonInvalidDate)
		}
		in.On = d
	}
	if s := r.PostFormValue("amount"); s != "" {
		a, err := fairshops.ParseAmount(s, "EUR")
		if err != nil {
			pr.Add("amount", fairshops.ReasonInvalidFormat, "12.34")
		} else {
			m := fairshops.NewMoney(a, "EUR")
			in.Amount = &m
		}
	}
	if err := pr.Err("web.openClaim"); err != nil {
		return err
	}
	_, err := h.claims.Open(r.Context(), fairshops.AsShop(shopID), id, in)
	return err
}

// shopClaim returns the shop's claim on the complaint.
func (h *Handler) shopClaim(r *http.Request, shopID, id string) (*carrierclaim.Claim, error) {
	return h.claims.ForComplaint(r.Context(), fairshops.AsShop(shopID), id)
}

func (h *Handler) shopNotifyClaim(r *http.Request, shopID, id string) error {
	cl, err := h.shopClaim(r, shopID, id)
	if err != nil {
		return err
	}
	_, err = h.claims.Notify(r.Context(), fairshops.AsShop(shopID), cl.ID)
	return err
}

func (h *Handler) shopAnswerClaim(r *http.Request, shopID, id string) error {
	cl, err := h.shopClaim(r, shopID, id)
	if err != nil {
		return err
	}
	in, err := webAnswerInput(r)
	if err != nil {
		return err
	}
	_, err = h.claims.Answer(r.Context(), fairshops.AsShop(shopID), cl.ID, in)
	return err
}

func webAnswerInput(r *http.Request) (carrierclaim.AnswerInput, error) {
	in := carrierclaim.AnswerInput{Kind: carrierclaim.AnswerKind(r.PostFormValue("kind")), Reason: r.PostFormValue("reason")}
	if s := r.PostFormValue("amount"); s != "" {
		a, err := fairshops.ParseAmount(s, "EUR")
		if err != nil {
			var pr fairshops.Problems
			pr.Add("amount", fairshops.ReasonInvalidFormat, "12.34")
			return in, pr.Err("web.answer")
		}
		m := fairshops.NewMoney(a, "EUR")
		in.Amount = &m
	}
	return in, nil
}

// shopInviteCarrier answers POST /shop/complaints/{id}/carrier/invite: the
// complaint page with the new link, shown once (no redirect: the token
// must not travel in a Location header or stay in the history).
func (h *Handler) shopInviteCarrier(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	cl, err := h.shopClaim(r, c.shopID(), id)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	tok, err := h.claims.Invite(r.Context(), fairshops.AsShop(c.shopID()), cl.ID)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	link := h.carrierLink(cl.ID, tok)
	h.showShopComplaintWith(w, r, c, http.StatusOK, nil, func(d *shopComplaintData) {
		if d.Carrier != nil {
			d.Carrier.Link = link
		}
	})
}

// carrierPageData is the carrier's page.
type carrierPageData struct {
	L       map[string]string
	V       *carrierclaim.CarrierView
	Text    map[string]string
	Answers []carrierAnswerLine
	Kinds   [][2]string
	Done    bool
	Files   []carrierFileLine
	Own     []carrierFileLine // the carrier's own documents (web_carrier_docs.go)
	Upload  bool              // the claim takes documents: the upload form
	Hint    string            // the upload's limits
	Thanks  string            // the notice after a step ("" for none)
}

type carrierFileLine struct{ URL, Name, Type string }

// carrierPage answers GET /carrier/{claim}: with ?t= (the private link) it
// checks the token, keeps it in a cookie for this claim's pages and
// redirects, so that the token leaves the address bar; without, it shows
// the claim to the holder of the cookie, and the 404 page to anyone else.
func (h *Handler) carrierPage(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("claim")
	base := "/carrier/" + url.PathEscape(id)
	if r.URL.Query().Has("t") {
		t := r.URL.Query().Get("t")
		if !tokenPattern.MatchString(t) {
			h.webError(w, r, c, fairshops.E("web", fairshops.NotFound, id, "", nil))
			return
		}
		if _, err := h.claims.ForCarrier(r.Context(), id, fairshops.Token(t)); err != nil {
			h.webError(w, r, c, err)
			return
		}
		http.SetCookie(w, h.navCookie(carrierCook, t, base, 0))
		seeOther(w, r, base)
		return
	}
	v, err := h.claims.ForCarrier(r.Context(), id, h.carrierCookie(r))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.renderCarrier(w, r, c, http.StatusOK, v, nil)
}

func (h *Handler) carrierCookie(r *http.Request) fairshops.Token {
	if ck, err := h.readCookie(r, carrierCook); err == nil {
		return fairshops.Token(ck.Value)
	}
	return ""
}

func (h *Handler) renderCarrier(w http.ResponseWriter, r *http.Request, c caller, status int,
	v *carrierclaim.CarrierView, formErr error) {
	m := carrierclaim.Messages()
	f := fairshops.FormatterFor(c.lang)
	done := r.URL.Query().Get("done")
	d := carrierPageData{L: carrierLabels(c.lang), V: v, Done: done == "answer" || done == "upload",
		Text: map[string]string{"state": m.Render(c.lang, "state."+string(v.State)),
			"incident": m.Render(c.lang, "incident."+string(v.Incident)), "on": f.Date(v.On),
			"on_label": m.Render(c.lang, "on.delivered")}}
	if v.Incident == carrierclaim.Loss {
		d.Text["on_label"] = m.Render(c.lang, "on.expected")
	}
	if v.Amount != nil {
		d.Text["amount"] = f.Money(*v.Amount)
	}
	for _, a := range v.Answers {
		l := carrierAnswerLine{At: f.DateTime(a.At), Kind: m.Render(c.lang, "answer."+string(a.Kind)), Reason: a.Reason}
		if a.Amount != nil {
			l.Amount = f.Money(*a.Amount)
		}
		d.Answers = append(d.Answers, l)
	}
	for _, k := range carrierclaim.AnswerKinds() {
		d.Kinds = append(d.Kinds, [2]string{string(k), m.Render(c.lang, "answer."+string(k))})
	}
	files, err := h.claims.CarrierFiles(r.Context(), v.ID, h.carrierCookie(r))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	shared, own := carrierFilesSplit(files)
	fileBase := "/carrier/" + url.PathEscape(v.ID) + "/files/"
	d.Files, d.Own = carrierDocLines(shared, fileBase), carrierDocLines(own, fileBase)
	d.Upload, d.Hint = v.Open && h.claims.TakesDocuments(), m.Render(c.lang, "upload.hint", h.claims.MaxDocumentBytes()>>20)
	switch done {
	case "answer":
		d.Thanks = d.L["page.thanks"]
	case "upload":
		d.Thanks = d.L["page.uploaded"]
	}
	w.Header().Set("Cache-Control", "no-store")
	p := h.newPage(w, r, c, "carrier.title")
	if formErr != nil {
		p.Form.Values = r.PostForm
		addValidationErrors(p.Form, formErr, c.lang, nil)
	}
	p.Data = d
	h.render(w, r, status, "carrier", p)
}

// carrierAnswer answers POST /carrier/{claim}/answer (the guard checked
// the form's CSRF token): the carrier's answer, then its page again.
func (h *Handler) carrierAnswer(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("claim")
	tok := h.carrierCookie(r)
	in, err := webAnswerInput(r)
	if err == nil {
		_, err = h.claims.CarrierAnswer(r.Context(), id, tok, in)
	}
	if fairshops.KindOf(err) == fairshops.Invalid {
		v, verr := h.claims.ForCarrier(r.Context(), id, tok)
		if verr != nil {
			h.webError(w, r, c, verr)
			return
		}
		h.renderCarrier(w, r, c, http.StatusUnprocessableEntity, v, err)
		return
	}
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	seeOther(w, r, "/carrier/"+url.PathEscape(id)+"?done=answer")
}

// consumerShares lists the consumer's own files with their share switch
// (nothing when file sharing is not configured).
func (h *Handler) consumerShares(ctx context.Context, b *carrierBlock, c *complaint.Complaint, who fairshops.Principal,
	base string) error {
	shared, err := h.claims.Shared(ctx, who, c.ID)
	if fairshops.KindOf(err) == fairshops.NotAllowed {
		return nil
	}
	if err != nil {
		return err
	}
	files, err := h.complaints.Attachments(ctx, who, c.ID)
	if err != nil {
		return err
	}
	for _, a := range files {
		if a.Owner == fairshops.RoleConsumer {
			b.Shares = append(b.Shares, carrierShare{ID: a.ID, Name: a.Name, Shared: slices.Contains(shared, a.ID)})
		}
	}
	b.ShareTo = base + "/files/"
	return nil
}

// consumerShare answers POST /c/{id}/files/{file}/carrier (shared=true or
// false): the consumer shares the file with the carrier or takes the
// consent back.
func (h *Handler) consumerShare(r *http.Request, p fairshops.Principal, id string) error {
	return h.claims.SetShared(r.Context(), p, id, r.PathValue("file"), r.PostFormValue("shared") == "true")
}

// carrierDownload answers GET /carrier/{claim}/files/{file}: a file the
// consumer shared, to the holder of the carrier's cookie; any other file,
// or a consent taken back, is the 404 page.
func (h *Handler) carrierDownload(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	a, rc, err := h.claims.CarrierFile(r.Context(), r.PathValue("claim"), h.carrierCookie(r), r.PathValue("file"))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	defer rc.Close()
	serveFile(w, r, h, a, rc)
}
