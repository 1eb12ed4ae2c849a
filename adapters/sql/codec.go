package sqlstore

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// The JSON documents the adapter stores (a complaint's facts and pre-check,
// the body of a case, an article's translations) use record types of their
// own, never the domain's JSON tags: those belong to the API and may change
// for its sake, while a stored row must stay readable. The records also keep
// amounts exact, as decimal text with their scale ("64.80" stays "64.80"),
// and read back whatever was written: a stored value is never validated
// again (fairshops.Money's UnmarshalJSON, for one, refuses the empty
// currency of a zero Money). Slices are never omitted, so nil and empty
// stay apart (JSON null and []). TestRecordsCoverEveryField fills every
// field of the domain types by reflection and checks the round trip, so a
// field added to a domain type and forgotten here fails a test.

// decimalText writes a decimal exactly, keeping its scale: 64.80 is "64.80".
func decimalText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// maxDecimalText bounds a stored decimal's text: amounts have a handful
// of digits, and a bound keeps a damaged row from costing much.
const maxDecimalText = 100

// parseDecimal reads decimalText: plain digits, an optional sign and
// point, never an exponent (which decimalText does not write, and which
// could make a short text expand without bound).
func parseDecimal(s string) (decimal.Decimal, error) {
	if !plainDecimal(s) {
		return decimal.Decimal{}, fmt.Errorf("decimal %.40q: not a plain decimal of at most %d characters", s, maxDecimalText)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("decimal %q: %w", s, err)
	}
	return d, nil
}

// plainDecimal reports whether s is -?digits(.digits)? and not too long.
func plainDecimal(s string) bool {
	if len(s) > maxDecimalText {
		return false
	}
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasPoint := strings.Cut(s, ".")
	digits := func(t string) bool {
		for i := range len(t) {
			if t[i] < '0' || t[i] > '9' {
				return false
			}
		}
		return t != ""
	}
	return digits(whole) && (!hasPoint || digits(frac))
}

// moneyRec is an amount inside a stored document.
type moneyRec struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

func moneyRecOf(m fairshops.Money) moneyRec {
	return moneyRec{Amount: decimalText(m.Amount), Currency: string(m.Currency)}
}

func (r moneyRec) money() (fairshops.Money, error) {
	d, err := parseDecimal(r.Amount)
	return fairshops.Money{Amount: d, Currency: fairshops.Currency(r.Currency)}, err
}

func moneyPtrRec(m *fairshops.Money) *moneyRec {
	if m == nil {
		return nil
	}
	r := moneyRecOf(*m)
	return &r
}

func (r *moneyRec) moneyPtr() (*fairshops.Money, error) {
	if r == nil {
		return nil, nil
	}
	m, err := r.money()
	return &m, err
}

// dateRec is a civil date inside a stored document: "YYYY-MM-DD", "" for
// the zero date.
type dateRec string

func dateRecOf(d fairshops.Date) dateRec { return dateRec(d.String()) }

func (r dateRec) date() (fairshops.Date, error) {
	if r == "" {
		return fairshops.Date{}, nil
	}
	return fairshops.ParseDate(string(r))
}

// decoder collects the first error of a record's conversion back to the
// domain, so that conversions read as a list of assignments.
type decoder struct{ err error }

func (d *decoder) date(r dateRec) fairshops.Date {
	v, err := r.date()
	d.keep(err)
	return v
}

func (d *decoder) money(r moneyRec) fairshops.Money {
	v, err := r.money()
	d.keep(err)
	return v
}

func (d *decoder) moneyPtr(r *moneyRec) *fairshops.Money {
	v, err := r.moneyPtr()
	d.keep(err)
	return v
}

func (d *decoder) decimal(s string) decimal.Decimal {
	v, err := parseDecimal(s)
	d.keep(err)
	return v
}

func (d *decoder) keep(err error) {
	if d.err == nil {
		d.err = err
	}
}

// factsRec is precheck.Facts as stored.
type factsRec struct {
	Category                  string    `json:"category"`
	BuyerIsConsumer           *bool     `json:"buyer_is_consumer"`
	OrderDate                 dateRec   `json:"order_date"`
	DeliveryDate              dateRec   `json:"delivery_date"`
	PromisedDeliveryDate      dateRec   `json:"promised_delivery_date"`
	OrderValue                moneyRec  `json:"order_value"`
	DeliveryCost              *moneyRec `json:"delivery_cost"`
	ContactedShopOn           dateRec   `json:"contacted_shop_on"`
	WithdrawalDeclaredOn      dateRec   `json:"withdrawal_declared_on"`
	InformedAboutWithdrawal   *bool     `json:"informed_about_withdrawal"`
	GoodsReturnedOn           dateRec   `json:"goods_returned_on"`
	RefundReceived            bool      `json:"refund_received"`
	DefectNoticedOn           dateRec   `json:"defect_noticed_on"`
	DamagedInTransit          bool      `json:"damaged_in_transit"`
	CureRequestedOn           dateRec   `json:"cure_requested_on"`
	AdditionalDeadlineUntil   dateRec   `json:"additional_deadline_until"`
	WithdrawalException       string    `json:"withdrawal_exception"`
	DataRequestOn             dateRec   `json:"data_request_on"`
	DataRequestAnswered       bool      `json:"data_request_answered"`
	WithdrawalFunctionMissing bool      `json:"withdrawal_function_missing"`
	ShopRejectedLateNotice    bool      `json:"shop_rejected_late_notice"`
	DesiredResolution         string    `json:"desired_resolution"`
	Description               string    `json:"description"`
	AsOf                      dateRec   `json:"as_of"`
	// revision 2 of the rules; left out when unset, so older documents
	// keep their bytes.
	AdditionalDeadlineSetOn   dateRec `json:"additional_deadline_set_on,omitempty"`
	InformedAboutWithdrawalOn dateRec `json:"informed_about_withdrawal_on,omitempty"`
	LostInTransit             bool    `json:"lost_in_transit,omitempty"`
	UsedGoodsOneYear          bool    `json:"used_goods_one_year,omitempty"`
	ConsumerState             string  `json:"consumer_state,omitempty"`
	ShopState                 string  `json:"shop_state,omitempty"`
}

func factsRecOf(f precheck.Facts) factsRec {
	return factsRec{
		Category:                  string(f.Category),
		BuyerIsConsumer:           f.BuyerIsConsumer,
		OrderDate:                 dateRecOf(f.OrderDate),
		DeliveryDate:              dateRecOf(f.DeliveryDate),
		PromisedDeliveryDate:      dateRecOf(f.PromisedDeliveryDate),
		OrderValue:                moneyRecOf(f.OrderValue),
		DeliveryCost:              moneyPtrRec(f.DeliveryCost),
		ContactedShopOn:           dateRecOf(f.ContactedShopOn),
		WithdrawalDeclaredOn:      dateRecOf(f.WithdrawalDeclaredOn),
		InformedAboutWithdrawal:   f.InformedAboutWithdrawal,
		GoodsReturnedOn:           dateRecOf(f.GoodsReturnedOn),
		RefundReceived:            f.RefundReceived,
		DefectNoticedOn:           dateRecOf(f.DefectNoticedOn),
		DamagedInTransit:          f.DamagedInTransit,
		CureRequestedOn:           dateRecOf(f.CureRequestedOn),
		AdditionalDeadlineUntil:   dateRecOf(f.AdditionalDeadlineUntil),
		WithdrawalException:       string(f.WithdrawalException),
		DataRequestOn:             dateRecOf(f.DataRequestOn),
		DataRequestAnswered:       f.DataRequestAnswered,
		WithdrawalFunctionMissing: f.WithdrawalFunctionMissing,
		ShopRejectedLateNotice:    f.ShopRejectedLateNotice,
		DesiredResolution:         string(f.DesiredResolution),
		Description:               f.Description,
		AsOf:                      dateRecOf(f.AsOf),
		AdditionalDeadlineSetOn:   dateRecOf(f.AdditionalDeadlineSetOn),
		InformedAboutWithdrawalOn: dateRecOf(f.InformedAboutWithdrawalOn),
		LostInTransit:             f.LostInTransit,
		UsedGoodsOneYear:          f.UsedGoodsOneYear,
		ConsumerState:             stateRecOf(f.ConsumerState),
		ShopState:                 stateRecOf(f.ShopState),
	}
}

// stateRecOf is a federal state as stored: its code, "" for none.
func stateRecOf(s calendar.State) string {
	if s == calendar.National || !s.Valid() {
		return ""
	}
	return s.String()
}

func (d *decoder) state(code string) calendar.State {
	s, err := calendar.ParseState(code)
	d.keep(err)
	return s
}

func (r factsRec) facts(d *decoder) precheck.Facts {
	return precheck.Facts{
		Category:                  precheck.Category(r.Category),
		BuyerIsConsumer:           r.BuyerIsConsumer,
		OrderDate:                 d.date(r.OrderDate),
		DeliveryDate:              d.date(r.DeliveryDate),
		PromisedDeliveryDate:      d.date(r.PromisedDeliveryDate),
		OrderValue:                d.money(r.OrderValue),
		DeliveryCost:              d.moneyPtr(r.DeliveryCost),
		ContactedShopOn:           d.date(r.ContactedShopOn),
		WithdrawalDeclaredOn:      d.date(r.WithdrawalDeclaredOn),
		InformedAboutWithdrawal:   r.InformedAboutWithdrawal,
		GoodsReturnedOn:           d.date(r.GoodsReturnedOn),
		RefundReceived:            r.RefundReceived,
		DefectNoticedOn:           d.date(r.DefectNoticedOn),
		DamagedInTransit:          r.DamagedInTransit,
		CureRequestedOn:           d.date(r.CureRequestedOn),
		AdditionalDeadlineUntil:   d.date(r.AdditionalDeadlineUntil),
		WithdrawalException:       precheck.WithdrawalException(r.WithdrawalException),
		DataRequestOn:             d.date(r.DataRequestOn),
		DataRequestAnswered:       r.DataRequestAnswered,
		WithdrawalFunctionMissing: r.WithdrawalFunctionMissing,
		ShopRejectedLateNotice:    r.ShopRejectedLateNotice,
		DesiredResolution:         precheck.Resolution(r.DesiredResolution),
		Description:               r.Description,
		AsOf:                      d.date(r.AsOf),
		AdditionalDeadlineSetOn:   d.date(r.AdditionalDeadlineSetOn),
		InformedAboutWithdrawalOn: d.date(r.InformedAboutWithdrawalOn),
		LostInTransit:             r.LostInTransit,
		UsedGoodsOneYear:          r.UsedGoodsOneYear,
		ConsumerState:             d.state(r.ConsumerState),
		ShopState:                 d.state(r.ShopState),
	}
}

// messageRec is a precheck.Message as stored.
type messageRec struct {
	Key  string   `json:"key"`
	Args []string `json:"args"`
}

func messageRecsOf(ms []precheck.Message) []messageRec {
	if ms == nil {
		return nil
	}
	out := make([]messageRec, len(ms))
	for i, m := range ms {
		out[i] = messageRec{Key: m.Key, Args: m.Args}
	}
	return out
}

func messagesOf(rs []messageRec) []precheck.Message {
	if rs == nil {
		return nil
	}
	out := make([]precheck.Message, len(rs))
	for i, r := range rs {
		out[i] = precheck.Message{Key: r.Key, Args: r.Args}
	}
	return out
}

// findingRec is a precheck.Finding as stored.
type findingRec struct {
	Rule    string     `json:"rule"`
	Favours string     `json:"favours"`
	Basis   string     `json:"basis"`
	Message messageRec `json:"message"`
	Tags    []string   `json:"tags"`
}

// resultRec is a precheck.Result as stored.
type resultRec struct {
	// Revision is the rules revision; results stored before it was
	// recorded have none and read back as precheck.RevisionOne.
	Revision           int          `json:"rules_revision,omitempty"`
	AsOf               dateRec      `json:"as_of"`
	Category           string       `json:"category"`
	Clarity            string       `json:"clarity"`
	Findings           []findingRec `json:"findings"`
	MissingFacts       []string     `json:"missing_facts"`
	StandardViolations []string     `json:"standard_violations"`
	Tips               []messageRec `json:"tips"`
}

func resultRecOf(r precheck.Result) resultRec {
	out := resultRec{Revision: r.Revision, AsOf: dateRecOf(r.AsOf), Category: string(r.Category), Clarity: string(r.Clarity),
		MissingFacts: r.MissingFacts, StandardViolations: r.StandardViolations, Tips: messageRecsOf(r.Tips)}
	if r.Findings != nil {
		out.Findings = make([]findingRec, len(r.Findings))
		for i, f := range r.Findings {
			out.Findings[i] = findingRec{Rule: string(f.Rule), Favours: string(f.Favours), Basis: f.Basis,
				Message: messageRec{Key: f.Message.Key, Args: f.Message.Args}, Tags: f.Tags}
		}
	}
	return out
}

func (r resultRec) result(d *decoder) precheck.Result {
	out := precheck.Result{Revision: r.Revision, AsOf: d.date(r.AsOf), Category: precheck.Category(r.Category),
		Clarity: precheck.Clarity(r.Clarity), MissingFacts: r.MissingFacts,
		StandardViolations: r.StandardViolations, Tips: messagesOf(r.Tips)}
	if out.Revision == 0 && out.Clarity != "" {
		// Made before results recorded their revision: revision 1. (A
		// result without a clarity is no pre-check at all and stays zero.)
		out.Revision = precheck.RevisionOne
	}
	if r.Findings != nil {
		out.Findings = make([]precheck.Finding, len(r.Findings))
		for i, f := range r.Findings {
			out.Findings[i] = precheck.Finding{Rule: precheck.RuleID(f.Rule), Favours: precheck.Favours(f.Favours),
				Basis: f.Basis, Message: precheck.Message{Key: f.Message.Key, Args: f.Message.Args}, Tags: f.Tags}
		}
	}
	return out
}

// encodeDoc writes a stored document.
func encodeDoc(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// decodeDoc reads a stored document; what names the document in errors.
func decodeDoc(data []byte, what string, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode %s: %w", what, err)
	}
	return nil
}
