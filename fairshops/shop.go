package fairshops

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Purpose is why a shop booked a module. It is private: only the shop itself
// and the operator may see it. No public view, event for third parties, API
// answer or log line carries it (DESIGN.md, "Privacy").
type Purpose string

// The two purposes of a booking.
const (
	ExtraTrust        Purpose = "extra_trust"         // the shop meets the standard anyway
	NeededForStandard Purpose = "needed_for_standard" // the shop needs the module's points
)

// Purposes returns the purposes of a booking.
func Purposes() []Purpose { return []Purpose{ExtraTrust, NeededForStandard} }

// MediationMode says who may start a dispute moderation for a shop that
// booked Streitmoderation (domain/mediation.md).
type MediationMode string

// The mediation modes.
const (
	ShopDiscretion         MediationMode = "shop_discretion"
	ConsumerMode           MediationMode = "consumer"
	OperatorAfterComplaint MediationMode = "operator_after_complaint"
)

// MediationModes returns the mediation modes.
func MediationModes() []MediationMode {
	return []MediationMode{ShopDiscretion, ConsumerMode, OperatorAfterComplaint}
}

// Valid reports whether m is a known mode.
func (m MediationMode) Valid() bool {
	return m == ShopDiscretion || m == ConsumerMode || m == OperatorAfterComplaint
}

// Booking is a shop's booking of one module for a period. From and Until are
// both inclusive; a zero Until means open-ended. MediationMode is set only on
// Streitmoderation bookings (it defaults to ShopDiscretion there).
type Booking struct {
	Module        Module        `json:"module"`
	From          Date          `json:"from"`
	Until         Date          `json:"until,omitzero"`
	Purpose       Purpose       `json:"purpose,omitempty"`
	MediationMode MediationMode `json:"mediation_mode,omitempty"`
}

// ActiveOn reports whether the booking covers the date d.
func (b Booking) ActiveOn(d Date) bool {
	return !d.Before(b.From) && (b.Until.IsZero() || !d.After(b.Until))
}

func (b Booking) overlaps(o Booking) bool {
	if b.Module != o.Module {
		return false
	}
	bEndsBefore := !b.Until.IsZero() && b.Until.Before(o.From)
	oEndsBefore := !o.Until.IsZero() && o.Until.Before(b.From)
	return !bEndsBefore && !oEndsBefore
}

// checkBookings validates a list of bookings and reports every problem at
// once, with paths relative to the list ("[1].until"): unknown module, missing
// or reversed period, unknown purpose (and a missing one when requirePurpose),
// a mediation mode on another module or an unknown one, and overlapping
// periods of the same module. It fills in the default mediation mode. It
// skips the entries marked in skip (entries that were not even objects,
// already reported by the decoder). Users reach it through Shop.Check,
// ShopFacts.Check and DecodeShopFacts.
func checkBookings(bookings []Booking, requirePurpose bool, p *Problems, skip []bool) {
	for i := range bookings {
		if i < len(skip) && skip[i] {
			continue
		}
		b := &bookings[i]
		path := fmt.Sprintf("[%d]", i)
		if b.Module == "" {
			p.Add(path+".module", ReasonRequired)
		} else if !b.Module.Valid() {
			p.Add(path+".module", ReasonUnknownValue, string(b.Module), OneOf(Modules()))
		}
		if b.From.IsZero() {
			p.Add(path+".from", ReasonRequired)
		}
		if !b.Until.IsZero() && !b.From.IsZero() && b.Until.Before(b.From) {
			p.Add(path+".until", ReasonBefore, "from")
		}
		switch b.Purpose {
		case ExtraTrust, NeededForStandard:
		case "":
			if requirePurpose {
				p.Add(path+".purpose", ReasonRequired)
			}
		default:
			p.Add(path+".purpose", ReasonUnknownValue, string(b.Purpose), OneOf(Purposes()))
		}
		switch {
		case b.MediationMode == "" && b.Module == Streitmoderation:
			b.MediationMode = ShopDiscretion
		case b.MediationMode == "":
		case b.Module != Streitmoderation:
			p.Add(path+".mediation_mode", ReasonNotBooked)
		case !b.MediationMode.Valid():
			p.Add(path+".mediation_mode", ReasonUnknownValue, string(b.MediationMode), OneOf(MediationModes()))
		}
		for j := range i {
			o := bookings[j]
			if j < len(skip) && skip[j] {
				continue
			}
			if b.Module.Valid() && !b.From.IsZero() && !o.From.IsZero() && b.overlaps(o) {
				p.Add(path, ReasonOverlap, fmt.Sprintf("[%d]", j))
			}
		}
	}
}

// SealStatus is the state of a shop's seal as its ID page shows it.
type SealStatus string

// The seal states. Only Licensed shows the seal; the others mark the ID page
// clearly as not (or no longer) certified.
const (
	Licensed    SealStatus = "licensed"     // passed and licensed
	NotLicensed SealStatus = "not_licensed" // passed, but holds no licence
	NotPassed   SealStatus = "not_passed"   // did not pass the standard
	Suspended   SealStatus = "suspended"    // licence suspended by the operator
)

// SealStatuses returns the seal statuses.
func SealStatuses() []SealStatus { return []SealStatus{Licensed, NotLicensed, NotPassed, Suspended} }

// Valid reports whether s is a known status.
func (s SealStatus) Valid() bool {
	return s == Licensed || s == NotLicensed || s == NotPassed || s == Suspended
}

// Seal is a shop's seal status and how long the certificate is valid.
type Seal struct {
	Status     SealStatus `json:"status"`
	ValidUntil Date       `json:"valid_until,omitzero"`
}

// Shop is a shop with its private data: the criteria it fulfils and its
// bookings with their purposes. Use View for anything shown to third parties.
type Shop struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Domain     string    `json:"domain"`
	Seal       Seal      `json:"seal"`
	Fulfilled  []string  `json:"fulfilled"`
	Bookings   []Booking `json:"bookings"`
	Conditions []string  `json:"conditions,omitempty"` // key conditions the shop shows on its ID page
	// State is the federal state of the shop's seat (ISO 3166-2 code
	// without "DE-", such as "BY"; see SeatStates), whose public holidays
	// end the shop's periods (BGB §193); "" when not registered (shops
	// registered before the field existed have none).
	State     string    `json:"state,omitempty"`
	Version   int       `json:"version"` // optimistic lock; set by the store
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// ComplaintContact is how consumers reach the shop about a complaint:
	// public, shown on the ID page (the pre-check tells consumers to
	// contact the shop first).
	ComplaintContact ComplaintContact `json:"complaint_contact,omitzero"`

	// PublicFigures is the shop's choice to show its service figures
	// (fairshops/figures) to the public; off unless the shop opts in.
	PublicFigures bool `json:"public_figures,omitempty"`
}

// Clone returns a deep copy, so that callers and stores never share slices.
func (s *Shop) Clone() *Shop {
	c := *s
	c.Fulfilled = slices.Clone(s.Fulfilled)
	c.Bookings = slices.Clone(s.Bookings)
	c.Conditions = slices.Clone(s.Conditions)
	return &c
}

// Limits of shop data.
const (
	MaxShopName   = 200
	MaxDomain     = 253
	MaxConditions = 20
	MaxCondition  = 300
	MaxBookings   = 100
)

// SeatStates lists the codes a shop's State may hold: the 16 federal
// states as package calendar names them (calendar imports fairshops, so the
// list is repeated here; a test keeps the two equal).
func SeatStates() []string {
	return []string{"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
}

// Check validates a shop against a catalogue and reports every wrong field.
// Fulfilled must name criteria of the catalogue (module criteria may not be
// listed: they count through bookings).
func (s *Shop) Check(cat *Catalogue) error {
	var p Problems
	if s.ID == "" {
		p.Add("id", ReasonRequired)
	}
	checkText(&p, "name", s.Name, MaxShopName, true)
	checkDomain(&p, "domain", s.Domain)
	if !s.Seal.Status.Valid() {
		if s.Seal.Status == "" {
			p.Add("seal.status", ReasonRequired)
		} else {
			p.Add("seal.status", ReasonUnknownValue, string(s.Seal.Status), OneOf(SealStatuses()))
		}
	}
	checkFulfilled(&p, "fulfilled", s.Fulfilled, cat)
	if len(s.Bookings) > MaxBookings {
		p.Add("bookings", ReasonTooMany, MaxBookings)
	} else {
		var bp Problems
		checkBookings(s.Bookings, true, &bp, nil)
		p.Merge("bookings", bp.Err(""))
	}
	if s.State != "" && !slices.Contains(SeatStates(), s.State) {
		p.Add("state", ReasonUnknownValue, s.State, OneOf(SeatStates()))
	}
	if len(s.Conditions) > MaxConditions {
		p.Add("conditions", ReasonTooMany, MaxConditions)
	}
	for i, c := range s.Conditions {
		checkText(&p, fmt.Sprintf("conditions[%d]", i), c, MaxCondition, true)
	}
	s.ComplaintContact.check(&p, "complaint_contact")
	return p.Err("fairshops.Shop.Check")
}

func checkFulfilled(p *Problems, field string, ids []string, cat *Catalogue) {
	seen := make(map[string]bool, len(ids))
	for i, id := range ids {
		path := fmt.Sprintf("%s[%d]", field, i)
		cr, ok := cat.Criterion(id)
		switch {
		case !ok:
			p.Add(path, ReasonDangling, id)
		case cr.Module != "":
			p.Add(path, ReasonNotAllowedHere)
		case seen[id]:
			p.Add(path, ReasonDuplicate, id)
		}
		seen[id] = true
	}
}

// checkText checks a short single-line text: valid UTF-8, no control
// characters, no longer than max runes, and present when required.
func checkText(p *Problems, field, s string, max int, required bool) {
	switch {
	case strings.TrimSpace(s) == "":
		if required {
			p.Add(field, ReasonRequired)
		}
	case !utf8.ValidString(s):
		p.Add(field, ReasonInvalidUTF8)
	case utf8.RuneCountInString(s) > max:
		p.Add(field, ReasonTooLong, max)
	case strings.ContainsFunc(s, isControl):
		p.Add(field, ReasonControlChars)
	case HasHiddenFormat(s):
		p.Add(field, ReasonFormatChars)
	}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

func checkDomain(p *Problems, field, d string) {
	if d == "" {
		p.Add(field, ReasonRequired)
		return
	}
	if len(d) > MaxDomain || !strings.Contains(d, ".") || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") {
		p.Add(field, ReasonInvalidFormat, "domain name such as shop.example")
		return
	}
	for _, r := range d {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			p.Add(field, ReasonInvalidFormat, "lower-case domain name such as shop.example")
			return
		}
	}
}

// Entitlements are the modules a shop may use on one date. The grades
// include each other: Streitmoderation includes the complaint service, and
// the complaint service the portal.
type Entitlements struct {
	On            Date
	Booked        [4]bool // by Module.Grade(): the modules booked and active on the date
	MediationMode MediationMode
}

// EntitlementsOn returns what the shop may use on date d.
func (s *Shop) EntitlementsOn(d Date) Entitlements {
	return EntitlementsOf(s.Bookings, d)
}

// EntitlementsOf returns what the bookings allow on date d.
func EntitlementsOf(bookings []Booking, d Date) Entitlements {
	e := Entitlements{On: d}
	for _, b := range bookings {
		if b.Module.Valid() && b.ActiveOn(d) {
			e.Booked[b.Module.Grade()] = true
			if b.Module == Streitmoderation {
				e.MediationMode = b.MediationMode
				if e.MediationMode == "" {
					e.MediationMode = ShopDiscretion
				}
			}
		}
	}
	return e
}

// Top returns the highest module booked on the date, or "" for none.
func (e Entitlements) Top() Module {
	for _, m := range slices.Backward(Modules()) {
		if e.Booked[m.Grade()] {
			return m
		}
	}
	return ""
}

// Has reports whether the shop may use module m on the date, counting the
// modules that a higher booked grade includes.
func (e Entitlements) Has(m Module) bool {
	top := e.Top()
	return m.Valid() && top != "" && top.Grade() >= m.Grade()
}

// ReceivesComplaints reports whether consumers may file complaints against
// the shop on the date (Beschwerdeservice or Streitmoderation booked).
func (e Entitlements) ReceivesComplaints() bool { return e.Has(Beschwerdeservice) }

// Mediates reports whether dispute moderation is booked on the date.
func (e Entitlements) Mediates() bool { return e.Has(Streitmoderation) }

// View is the public ID-page view of a shop: what anyone may see. It has, by
// construction, no purpose, no points, no criteria and no assessment: with
// the public catalogue, those would let anyone work the purpose out.
type View struct {
	ID                 string        `json:"id"`
	Name               string        `json:"name"`
	Domain             string        `json:"domain"`
	Seal               Seal          `json:"seal"`
	Modules            []Module      `json:"modules"`
	MediationMode      MediationMode `json:"mediation_mode,omitempty"`
	AcceptsComplaints  bool          `json:"accepts_complaints"`
	Conditions         []string      `json:"conditions,omitempty"`
	On                 Date          `json:"as_of"`
	SealValidOnTheDate bool          `json:"seal_valid"`

	// ComplaintContact is the shop's contact for complaints, when it gave
	// one: public by purpose.
	ComplaintContact *ComplaintContact `json:"complaint_contact,omitempty"`

	// Figures is true when the shop shows its service figures to the
	// public (GET /api/v1/shops/{shop}/figures).
	Figures bool `json:"figures,omitempty"`
}

// View returns the public view of the shop on date d. The booked modules are
// the ones active on d, with the grades they include.
func (s *Shop) View(d Date) View {
	e := s.EntitlementsOn(d)
	v := View{
		ID:                 s.ID,
		Name:               s.Name,
		Domain:             s.Domain,
		Seal:               s.Seal,
		Modules:            []Module{},
		AcceptsComplaints:  e.ReceivesComplaints(),
		Conditions:         slices.Clone(s.Conditions),
		On:                 d,
		SealValidOnTheDate: s.Seal.Status == Licensed && (s.Seal.ValidUntil.IsZero() || !d.After(s.Seal.ValidUntil)),
	}
	for _, m := range Modules() {
		if e.Has(m) {
			v.Modules = append(v.Modules, m)
		}
	}
	if e.Mediates() {
		v.MediationMode = e.MediationMode
	}
	if !s.ComplaintContact.IsZero() {
		c := s.ComplaintContact
		v.ComplaintContact = &c
	}
	v.Figures = s.PublicFigures
	return v
}
