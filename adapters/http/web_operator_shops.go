package http

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/fairshops/konfliktservice/fairshops/shopnotify"
)

// Shops as the operator manages them: the list, registering a shop, and a
// shop's page with its bookings (module, period, the PURPOSE, which only
// the operator and the shop itself may see, and the mediation mode), a
// form to add a booking, the criteria it fulfils, its seal, and its
// assessment with why each criterion counts and the ways to close a gap.
// The catalogue page shows the active catalogue the assessments use.

// opShopRow is one shop of the list.
type opShopRow struct {
	ID, Name, Domain string
	Seal             string
	SealClass        string
	Modules          string
}

// opShopsData is what the shop list shows.
type opShopsData struct {
	Rows     []opShopRow
	Next     string
	First    bool
	Register opShopForm
}

// opShopForm is the form that registers a shop.
type opShopForm struct {
	ID, Name, Domain, Status, ValidUntil, Conditions *webField
	State                                            *webField // the seat's federal state (rules revision 2)
	Contact                                          []*webField
}

// opShops answers GET /operator/shops?after=: the shops ordered by ID, one
// page at a time, and the form to register one.
func (h *Handler) opShops(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	p := h.newPage(w, r, c, "op.shops.title")
	h.opRenderShops(w, r, c, p, http.StatusOK)
}

func (h *Handler) opRenderShops(w http.ResponseWriter, r *http.Request, c caller, p *webPage, status int) {
	after := r.URL.Query().Get("after")
	list, err := h.reg.List(r.Context(), fairshops.ShopFilter{After: after, Limit: opPageSize})
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	today := h.opToday()
	d := opShopsData{First: after == "", Register: h.opShopForm(p.Form, c.lang)}
	for _, s := range list {
		v := s.View(today)
		var mods []string
		for _, m := range v.Modules {
			mods = append(mods, h.web.t(c.lang, "op.module."+string(m)))
		}
		d.Rows = append(d.Rows, opShopRow{ID: s.ID, Name: s.Name, Domain: s.Domain,
			Seal: h.web.t(c.lang, "op.seal."+string(s.Seal.Status)), SealClass: sealClass(v), Modules: strings.Join(mods, ", ")})
	}
	if len(list) == opPageSize {
		d.Next = "/operator/shops?after=" + url.QueryEscape(list[len(list)-1].ID)
	}
	p.Data = d
	h.render(w, r, status, "operator_shops", p)
}

// sealClass is the colour of a seal: ok while valid, bad otherwise.
func sealClass(v fairshops.View) string {
	switch {
	case v.SealValidOnTheDate:
		return "ok"
	case v.Seal.Status == fairshops.NotLicensed:
		return "warn"
	}
	return "bad"
}

func (h *Handler) opSealField(f *webForm, lang fairshops.Language) *webField {
	fl := newWebField(f, "seal.status", h.web.t(lang, "op.shop.seal")).Req()
	fl.Options = []webOption{{Value: "", Label: h.web.t(lang, "op.choose")}}
	for _, st := range []fairshops.SealStatus{fairshops.Licensed, fairshops.NotLicensed, fairshops.NotPassed, fairshops.Suspended} {
		fl.Options = append(fl.Options, webOption{Value: string(st), Label: h.web.t(lang, "op.seal."+string(st))})
	}
	return fl
}

func (h *Handler) opShopForm(f *webForm, lang fairshops.Language) opShopForm {
	t := func(key string) string { return h.web.t(lang, key) }
	return opShopForm{
		ID:         newWebField(f, "id", t("op.shop.id")).MaxLen(63).Hint(t("op.shop.id.hint")),
		Name:       newWebField(f, "name", t("op.shop.name")).Req().MaxLen(fairshops.MaxShopName),
		Domain:     newWebField(f, "domain", t("op.shop.domain")).Req().MaxLen(fairshops.MaxDomain).Hint(t("op.shop.domain.hint")),
		Status:     h.opSealField(f, lang),
		ValidUntil: newWebField(f, "seal.valid_until", t("op.shop.valid_until")).As("date"),
		Conditions: newWebField(f, "conditions", t("op.shop.conditions")).Hint(t("op.shop.conditions.hint")),
		State:      h.opSeatField(f, lang),
		Contact:    h.contactFields(f, lang),
	}
}

// opSeatField is the choice of the shop's seat: none, or one of the 16
// federal states by name.
func (h *Handler) opSeatField(f *webForm, lang fairshops.Language) *webField {
	fl := newWebField(f, "state", h.web.t(lang, "op.shop.state")).Hint(h.web.t(lang, "op.shop.state.hint"))
	fl.Options = []webOption{{Value: "", Label: h.web.t(lang, "op.shop.state.none")}}
	for _, st := range calendar.States() {
		fl.Options = append(fl.Options, webOption{Value: st.String(), Label: st.Name(lang)})
	}
	return fl
}

// opRegisterShop answers POST /operator/shops.
func (h *Handler) opRegisterShop(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	v := r.PostForm
	var pr fairshops.Problems
	s := fairshops.Shop{ID: strings.TrimSpace(v.Get("id")), Name: strings.TrimSpace(v.Get("name")),
		Domain: strings.TrimSpace(v.Get("domain")), Seal: fairshops.Seal{Status: fairshops.SealStatus(v.Get("seal.status"))},
		Fulfilled: []string{}, Bookings: []fairshops.Booking{}, Conditions: splitList(v.Get("conditions"), true),
		State: v.Get("state"), ComplaintContact: contactOf(v)}
	if until := strings.TrimSpace(v.Get("seal.valid_until")); until != "" {
		if d, err := fairshops.ParseDate(until); err == nil {
			s.Seal.ValidUntil = d
		} else {
			pr.Add("seal.valid_until", fairshops.ReasonInvalidDate)
		}
	}
	var err error
	if pr.Len() > 0 {
		probe := s
		if probe.ID == "" {
			probe.ID = "probe"
		}
		pr.Merge("", probe.Check(h.reg.Catalogue()))
		err = pr.Err("web.operator.shop")
	} else {
		var saved *fairshops.Shop
		if saved, err = h.reg.Register(r.Context(), s); err == nil {
			h.record(r, audit.ShopRegistered, audit.Shop(saved.ID), "web")
			seeOther(w, r, "/operator/shops/"+url.PathEscape(saved.ID)+"?done=op_shop_registered")
			return
		}
	}
	switch fairshops.KindOf(err) {
	case fairshops.Invalid:
		p := h.opPostedPage(w, r, c, "op.shops.title", err, dropIndex, h.contactLabel(c.lang, h.shopLabel(c.lang)))
		h.opRenderShops(w, r, c, p, http.StatusUnprocessableEntity)
	case fairshops.Conflict:
		p := h.newPage(w, r, c, "op.shops.title")
		p.Form.Values = r.PostForm
		p.Form.addError("id", h.web.t(c.lang, "op.shop.id"), h.web.t(c.lang, "op.shop.exists"))
		h.opRenderShops(w, r, c, p, http.StatusConflict)
	default:
		h.webError(w, r, c, err)
	}
}

func (h *Handler) shopLabel(lang fairshops.Language) func(string) string {
	return func(field string) string {
		key := map[string]string{"id": "op.shop.id", "name": "op.shop.name", "domain": "op.shop.domain",
			"seal.status": "op.shop.seal", "seal.valid_until": "op.shop.valid_until", "conditions": "op.shop.conditions",
			"state": "op.shop.state"}[field]
		if key == "" {
			return ""
		}
		return h.web.t(lang, key)
	}
}

// opBookingRow is one booking of a shop, with its purpose.
type opBookingRow struct {
	Module  string
	From    fairshops.Date
	Until   fairshops.Date
	Purpose string
	Mode    string
	Active  bool
}

// opCriterionChoice is a criterion the shop may be marked as fulfilling.
type opCriterionChoice struct {
	Field  *webField
	Kind   string
	Points int
}

// opReportItem is one criterion of the assessment.
type opReportItem struct {
	fairshops.ReportedItem
	KindName string
}

// opShopData is what a shop's page shows.
type opShopData struct {
	Figures   bool // the service figures are served (web_figures.go)
	Shop      *fairshops.Shop
	View      fairshops.View
	SealClass string
	Seal      string
	Modules   []string
	Mode      string
	Bookings  []opBookingRow
	Booking   opBookingForm
	Criteria  []opCriterionChoice
	SealForm  struct{ Status, ValidUntil *webField }
	Report    fairshops.Report
	Items     []opReportItem
	Ways      [][]opCriterion
	Missing   []opCriterion

	// ContactForm is the shop's contact for complaints (issue 13.4).
	ContactForm []*webField
	// Notify is where the shop's notifications go (issue 14.2), without
	// the secret; nil when the settings are not offered.
	Notify *shopnotify.View
}

// opBookingForm is the form that adds a booking.
type opBookingForm struct {
	Module, From, Until, Purpose, Mode *webField
}

// opShop answers GET /operator/shops/{shop}.
func (h *Handler) opShop(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	s, err := h.reg.Shop(r.Context(), r.PathValue("shop"))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "op.shop.title", s.Name)
	fillShopForm(p.Form.Values, s)
	h.opRenderShop(w, r, c, p, s, http.StatusOK)
}

// fillShopForm puts the shop's criteria and seal into the form values.
func fillShopForm(v url.Values, s *fairshops.Shop) {
	for _, id := range s.Fulfilled {
		v.Set("fulfilled."+id, "true")
	}
	v.Set("seal.status", string(s.Seal.Status))
	fillContact(v, s.ComplaintContact)
	if !s.Seal.ValidUntil.IsZero() {
		v.Set("seal.valid_until", s.Seal.ValidUntil.String())
	}
}

func (h *Handler) opRenderShop(w http.ResponseWriter, r *http.Request, c caller, p *webPage, s *fairshops.Shop, status int) {
	d, err := h.opShopData(r, c, p.Form, s)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	p.Data = d
	h.render(w, r, status, "operator_shop", p)
}

func (h *Handler) opShopData(r *http.Request, c caller, f *webForm, s *fairshops.Shop) (opShopData, error) {
	lang := c.lang
	t := func(key string, args ...any) string { return h.web.t(lang, key, args...) }
	today := h.opToday()
	cat := h.reg.Catalogue()
	v := s.View(today)
	d := opShopData{Shop: s, View: v, SealClass: sealClass(v), Seal: t("op.seal." + string(s.Seal.Status)),
		Figures: h.figures != nil}
	for _, m := range v.Modules {
		d.Modules = append(d.Modules, t("op.module."+string(m)))
	}
	if v.MediationMode != "" {
		d.Mode = t("op.mode." + string(v.MediationMode))
	}
	for _, b := range s.Bookings {
		row := opBookingRow{Module: t("op.module." + string(b.Module)), From: b.From, Until: b.Until,
			Purpose: h.opText(lang, "op.purpose."+string(b.Purpose), string(b.Purpose)), Active: b.ActiveOn(today)}
		if b.MediationMode != "" {
			row.Mode = t("op.mode." + string(b.MediationMode))
		}
		d.Bookings = append(d.Bookings, row)
	}
	d.Booking.Module = newWebField(f, "booking.module", t("op.booking.module")).Req()
	d.Booking.Module.Options = []webOption{{Value: "", Label: t("op.choose")}}
	for _, m := range fairshops.Modules() {
		d.Booking.Module.Options = append(d.Booking.Module.Options, webOption{Value: string(m), Label: t("op.module." + string(m))})
	}
	d.Booking.From = newWebField(f, "booking.from", t("op.booking.from")).As("date").Req()
	d.Booking.Until = newWebField(f, "booking.until", t("op.booking.until")).As("date").Hint(t("op.booking.until.hint"))
	d.Booking.Purpose = newWebField(f, "booking.purpose", t("op.booking.purpose")).Req().Hint(t("op.booking.purpose.hint"))
	d.Booking.Purpose.Options = []webOption{{Value: "", Label: t("op.choose")},
		{Value: string(fairshops.ExtraTrust), Label: t("op.purpose.extra_trust")},
		{Value: string(fairshops.NeededForStandard), Label: t("op.purpose.needed_for_standard")}}
	d.Booking.Mode = newWebField(f, "booking.mediation_mode", t("op.booking.mode")).Hint(t("op.booking.mode.hint"))
	d.Booking.Mode.Options = []webOption{{Value: "", Label: t("op.booking.mode.none")}}
	for _, m := range []fairshops.MediationMode{fairshops.ShopDiscretion, fairshops.ConsumerMode, fairshops.OperatorAfterComplaint} {
		d.Booking.Mode.Options = append(d.Booking.Mode.Options, webOption{Value: string(m), Label: t("op.mode." + string(m))})
	}
	for _, cr := range cat.Criteria {
		if cr.Module != "" {
			continue // module criteria count through bookings
		}
		fl := newWebField(f, "fulfilled."+cr.ID, cr.Title.In(lang)+" ("+cr.ID+")").Check(false)
		d.Criteria = append(d.Criteria, opCriterionChoice{Field: fl, Kind: t("op.kind." + string(cr.Kind)), Points: cr.Points})
	}
	d.SealForm.Status = h.opSealField(f, lang)
	d.SealForm.ValidUntil = newWebField(f, "seal.valid_until", t("op.shop.valid_until")).As("date")
	d.ContactForm = h.contactFields(f, lang)
	if h.notifySettings != nil {
		nv, err := h.notifySettings.Get(r.Context(), opPrincipal(c), s.ID)
		if err != nil {
			return d, err
		}
		d.Notify = &nv
	}
	a, err := h.reg.Assess(r.Context(), s.ID, today)
	if err != nil {
		return d, err
	}
	d.Report = a.Report(cat, lang)
	for _, it := range d.Report.Criteria {
		d.Items = append(d.Items, opReportItem{ReportedItem: it, KindName: t("op.kind." + string(it.Kind))})
	}
	named := func(id string) opCriterion {
		if cr, ok := cat.Criterion(id); ok {
			return opCriterion{ID: id, Title: cr.Title.In(lang)}
		}
		return opCriterion{ID: id, Title: id}
	}
	for _, way := range d.Report.WaysToClose {
		var items []opCriterion
		for _, id := range way {
			items = append(items, named(id))
		}
		d.Ways = append(d.Ways, items)
	}
	for _, id := range d.Report.MustMissing {
		d.Missing = append(d.Missing, named(id))
	}
	return d, nil
}

// bookingPath matches the error path of a booking in the shop's check.
var bookingPath = regexp.MustCompile(`^bookings\[(\d+)\](.*)$`)

// opAddBooking answers POST /operator/shops/{shop}/bookings: the booking
// is added to the shop as read at the posted version. Its errors come next
// to its fields in words fit for the form: an overlap names the booking it
// overlaps, a reversed period says so, and a mediation mode on another
// module than Streitmoderation is refused.
func (h *Handler) opAddBooking(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("shop")
	s, err := h.reg.Shop(r.Context(), id)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	v := r.PostForm
	b := fairshops.Booking{Module: fairshops.Module(v.Get("booking.module")), Purpose: fairshops.Purpose(v.Get("booking.purpose")),
		MediationMode: fairshops.MediationMode(v.Get("booking.mediation_mode"))}
	form := &webForm{}
	readDate := func(name string, dst *fairshops.Date) {
		if s := strings.TrimSpace(v.Get(name)); s != "" {
			if d, err := fairshops.ParseDate(s); err == nil {
				*dst = d
			} else {
				form.addError(name, h.bookingLabel(c.lang, name), fairshops.FieldError{Code: fairshops.ReasonInvalidDate}.Reason(c.lang))
			}
		}
	}
	readDate("booking.from", &b.From)
	readDate("booking.until", &b.Until)
	version, _ := strconv.Atoi(v.Get("version"))
	if !form.Invalid() {
		_, err = h.reg.AddBooking(r.Context(), id, version, b)
		if err == nil {
			h.record(r, audit.ModuleBooked, audit.Shop(id), string(b.Module))
			seeOther(w, r, "/operator/shops/"+url.PathEscape(id)+"?done=op_booking_added#bookings")
			return
		}
		if fairshops.KindOf(err) != fairshops.Invalid {
			h.webError(w, r, c, err)
			return
		}
	} else {
		// Check what could be read, so that every error shows at once.
		probe := s.Clone()
		probe.Bookings = append(probe.Bookings, b)
		err = probe.Check(h.reg.Catalogue())
	}
	p := h.newPage(w, r, c, "op.shop.title", s.Name)
	p.Form.Values = r.PostForm
	fillShopForm(p.Form.Values, s)
	for _, fe := range form.Summary {
		p.Form.addError(fe.Field, fe.Label, fe.Reason)
	}
	h.addBookingErrors(p.Form, err, len(s.Bookings), s, c.lang)
	h.opRenderShop(w, r, c, p, s, http.StatusUnprocessableEntity)
}

// addBookingErrors puts the errors of the new booking (index n of the
// checked list) next to the form's fields; errors of other fields are
// listed in the summary.
func (h *Handler) addBookingErrors(f *webForm, err error, n int, s *fairshops.Shop, lang fairshops.Language) {
	ve, ok := opValidation(err)
	if !ok {
		return
	}
	for _, fe := range ve.Fields {
		m := bookingPath.FindStringSubmatch(fe.Field)
		if m == nil || m[1] != strconv.Itoa(n) {
			f.addError(fe.Field, "", fe.Reason(lang))
			continue
		}
		field := "booking" + m[2]
		if f.Errors[field] != nil && (field == "booking.from" || field == "booking.until") {
			continue // a date that could not be read is named once
		}
		reason := fe.Reason(lang)
		switch {
		case fe.Code == fairshops.ReasonOverlap:
			field = "booking.from"
			other := -1
			if len(fe.Args) > 0 {
				fmt.Sscanf(fmt.Sprint(fe.Args[0]), "[%d]", &other)
			}
			if other >= 0 && other < len(s.Bookings) {
				ob := s.Bookings[other]
				until := h.web.t(lang, "op.booking.open_end")
				if !ob.Until.IsZero() {
					until = fairshops.FormatterFor(lang).Date(ob.Until)
				}
				reason = h.web.t(lang, "op.booking.overlap", h.web.t(lang, "op.module."+string(ob.Module)), fairshops.FormatterFor(lang).Date(ob.From), until)
			}
		case fe.Code == fairshops.ReasonBefore && field == "booking.until":
			reason = h.web.t(lang, "op.booking.reversed")
		case fe.Code == fairshops.ReasonNotBooked && field == "booking.mediation_mode":
			reason = h.web.t(lang, "op.booking.mode_needs_moderation")
		}
		f.addError(field, h.bookingLabel(lang, field), reason)
	}
}

func (h *Handler) bookingLabel(lang fairshops.Language, field string) string {
	key := map[string]string{"booking.module": "op.booking.module", "booking.from": "op.booking.from",
		"booking.until": "op.booking.until", "booking.purpose": "op.booking.purpose",
		"booking.mediation_mode": "op.booking.mode"}[field]
	if key == "" {
		return ""
	}
	return h.web.t(lang, key)
}

// opSetFulfilled answers POST /operator/shops/{shop}/fulfilled: the ticked
// criteria replace the ones the shop fulfils.
func (h *Handler) opSetFulfilled(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("shop")
	var fulfilled []string
	for _, cr := range h.reg.Catalogue().Criteria {
		if cr.Module == "" && r.PostForm.Get("fulfilled."+cr.ID) == "true" {
			fulfilled = append(fulfilled, cr.ID)
		}
	}
	if fulfilled == nil {
		fulfilled = []string{}
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if _, err := h.reg.SetFulfilled(r.Context(), id, version, fulfilled); err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.record(r, audit.CriteriaChanged, audit.Shop(id), "")
	seeOther(w, r, "/operator/shops/"+url.PathEscape(id)+"?done=op_fulfilled_saved#criteria")
}

// opSetSeal answers POST /operator/shops/{shop}/seal: the seal's status and
// validity.
func (h *Handler) opSetSeal(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("shop")
	s, err := h.reg.Shop(r.Context(), id)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	seal := fairshops.Seal{Status: fairshops.SealStatus(r.PostForm.Get("seal.status"))}
	var pr fairshops.Problems
	if until := strings.TrimSpace(r.PostForm.Get("seal.valid_until")); until != "" {
		if d, err := fairshops.ParseDate(until); err == nil {
			seal.ValidUntil = d
		} else {
			pr.Add("seal.valid_until", fairshops.ReasonInvalidDate)
		}
	}
	if !seal.Status.Valid() {
		pr.Add("seal.status", fairshops.ReasonRequired)
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	err = pr.Err("web.operator.seal")
	if err == nil {
		_, err = h.reg.Update(r.Context(), id, version, func(sh *fairshops.Shop) error {
			sh.Seal = seal
			return nil
		})
		if err == nil {
			h.record(r, audit.SealChanged, audit.Shop(id), string(seal.Status))
			seeOther(w, r, "/operator/shops/"+url.PathEscape(id)+"?done=op_seal_saved#seal")
			return
		}
	}
	if fairshops.KindOf(err) != fairshops.Invalid {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "op.shop.title", s.Name)
	fillShopForm(p.Form.Values, s)
	p.Form.Values.Set("seal.status", r.PostForm.Get("seal.status"))
	p.Form.Values.Set("seal.valid_until", r.PostForm.Get("seal.valid_until"))
	opAddErrors(p.Form, err, c.lang, h.shopLabel(c.lang))
	h.opRenderShop(w, r, c, p, s, http.StatusUnprocessableEntity)
}

// opValidation returns the *fairshops.ValidationError in err.
func opValidation(err error) (*fairshops.ValidationError, bool) {
	var ve *fairshops.ValidationError
	ok := errors.As(err, &ve)
	return ve, ok
}

// opAddErrors adds every field error of err to the form.
func opAddErrors(f *webForm, err error, lang fairshops.Language, label func(string) string) {
	ve, ok := opValidation(err)
	if !ok {
		return
	}
	for _, fe := range ve.Fields {
		f.addError(fe.Field, label(fe.Field), fe.Reason(lang))
	}
}

// opCatalogueArea is an area of the catalogue with its criteria.
type opCatalogueArea struct {
	ID       string
	Title    string
	Criteria []opCatalogueRow
}

// opCatalogueRow is one criterion of the catalogue.
type opCatalogueRow struct {
	ID, Title, Kind, Module, Source string
	Points                          int
}

// opCatalogueData is what the catalogue page shows.
type opCatalogueData struct {
	Cat   *fairshops.Catalogue
	Rule  string
	Areas []opCatalogueArea
}

// opCatalogue answers GET /operator/catalogue: the active catalogue.
func (h *Handler) opCatalogue(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	cat := h.reg.Catalogue()
	d := opCatalogueData{Cat: cat, Rule: h.opText(c.lang, "op.rule."+string(cat.ModulePoints), string(cat.ModulePoints))}
	for _, a := range cat.Areas {
		area := opCatalogueArea{ID: a.ID, Title: a.Title.In(c.lang)}
		for _, cr := range cat.Criteria {
			if cr.Area != a.ID {
				continue
			}
			row := opCatalogueRow{ID: cr.ID, Title: cr.Title.In(c.lang), Kind: h.web.t(c.lang, "op.kind."+string(cr.Kind)),
				Points: cr.Points, Source: cr.Source}
			if cr.Module != "" {
				row.Module = h.web.t(c.lang, "op.module."+string(cr.Module))
			}
			area.Criteria = append(area.Criteria, row)
		}
		d.Areas = append(d.Areas, area)
	}
	p := h.newPage(w, r, c, "op.catalogue.title")
	p.Data = d
	h.render(w, r, http.StatusOK, "operator_catalogue", p)
}
