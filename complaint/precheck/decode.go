package precheck

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/fairshops/konfliktservice/internal/jsonin"
	"github.com/fairshops/konfliktservice/internal/jsontree"
)

// MaxFactsSize bounds the JSON document DecodeFacts reads: room for a
// description of MaxDescription runes written as \u escapes, and the rest.
const MaxFactsSize = 128 << 10

// factKeys are the JSON names of Facts, in the order of the rules page.
func factKeys() []string {
	return []string{
		"category", "buyer_is_consumer", "order_date", "delivery_date", "promised_delivery_date",
		"order_value", "delivery_cost", "contacted_shop_on", "withdrawal_declared_on",
		"informed_about_withdrawal", "goods_returned_on", "refund_received", "defect_noticed_on",
		"damaged_in_transit", "cure_requested_on", "additional_deadline_until", "withdrawal_exception",
		"data_request_on", "data_request_answered", "withdrawal_function_missing",
		"shop_rejected_late_notice", "desired_resolution", "description", "as_of",
		// revision 2
		"additional_deadline_set_on", "informed_about_withdrawal_on", "lost_in_transit",
		"used_goods_one_year", "consumer_state", "shop_state",
	}
}

// DecodeFacts reads the facts of a complaint from a JSON object (the v1 API:
// the keys of Facts) and validates them. It is strict: unknown keys, wrong
// types, malformed dates and amounts, invalid UTF-8 (also as unpaired \u
// surrogate escapes, which encoding/json would silently replace) and every
// problem Validate finds are reported together in one
// *fairshops.ValidationError, each with its JSON path; a syntax error or a
// document over MaxFactsSize is reported on the field "" alone.
//
// Dates in the future are checked against the document's as_of; when it has
// none, call Validate(today) on the result as well (ReadFacts does both at
// once).
func DecodeFacts(data []byte) (Facts, error) {
	var p fairshops.Problems
	f := decodeFacts(data, fairshops.Date{}, &p)
	if err := p.Err("precheck.DecodeFacts"); err != nil {
		return Facts{}, err
	}
	return f, nil
}

func decodeFacts(data []byte, today fairshops.Date, p *fairshops.Problems) Facts {
	if len(data) > MaxFactsSize {
		p.Add("", fairshops.ReasonTooLarge, strconv.Itoa(MaxFactsSize)+" bytes")
		return Facts{}
	}
	tree, ok := jsonin.DecodeReport(data, p)
	if !ok {
		return Facts{}
	}
	return ReadFacts(tree, "", today, InvalidText(data), p)
}

// ReadFacts reads the facts from a decoded JSON value (as a json.Decoder
// with UseNumber decodes into an any: maps, slices, json.Number, strings,
// bools) at path, for a document that embeds them ({"facts": {...}, "contact":
// ...}), and validates them against today (or the facts' as_of when given,
// see Validate). Every problem is added to p under path. invalid is
// InvalidText of the raw document (nil when the caller has no raw bytes):
// the strings it names are reported as invalid_utf8.
func ReadFacts(v any, path string, today fairshops.Date, invalid map[string]bool, p *fairshops.Problems) Facts {
	var shape fairshops.Problems
	o, ok := jsonin.AsObject(v, path, &shape)
	if !ok {
		p.Merge("", shape.Err(""))
		return Facts{}
	}
	o.Only(&shape, factKeys()...)
	str := func(key string) string {
		s := o.Str(&shape, key, false)
		if invalid[o.Field(key)] {
			shape.Add(o.Field(key), fairshops.ReasonInvalidUTF8)
			return ""
		}
		return s
	}
	flag := func(key string) *bool {
		b, present := o.Bool(&shape, key)
		if !present {
			return nil
		}
		return &b
	}
	var f Facts
	f.Category = Category(str("category"))
	f.BuyerIsConsumer = flag("buyer_is_consumer")
	f.OrderDate = o.Date(&shape, "order_date", false)
	f.DeliveryDate = o.Date(&shape, "delivery_date", false)
	f.PromisedDeliveryDate = o.Date(&shape, "promised_delivery_date", false)
	if m, ok := o.Money(&shape, "order_value", false); ok {
		f.OrderValue = m
	}
	if m, ok := o.Money(&shape, "delivery_cost", false); ok {
		f.DeliveryCost = &m
	}
	f.ContactedShopOn = o.Date(&shape, "contacted_shop_on", false)
	f.WithdrawalDeclaredOn = o.Date(&shape, "withdrawal_declared_on", false)
	f.InformedAboutWithdrawal = flag("informed_about_withdrawal")
	f.GoodsReturnedOn = o.Date(&shape, "goods_returned_on", false)
	f.RefundReceived, _ = o.Bool(&shape, "refund_received")
	f.DefectNoticedOn = o.Date(&shape, "defect_noticed_on", false)
	f.DamagedInTransit, _ = o.Bool(&shape, "damaged_in_transit")
	f.CureRequestedOn = o.Date(&shape, "cure_requested_on", false)
	f.AdditionalDeadlineUntil = o.Date(&shape, "additional_deadline_until", false)
	f.WithdrawalException = WithdrawalException(str("withdrawal_exception"))
	f.DataRequestOn = o.Date(&shape, "data_request_on", false)
	f.DataRequestAnswered, _ = o.Bool(&shape, "data_request_answered")
	f.WithdrawalFunctionMissing, _ = o.Bool(&shape, "withdrawal_function_missing")
	f.ShopRejectedLateNotice, _ = o.Bool(&shape, "shop_rejected_late_notice")
	f.DesiredResolution = Resolution(str("desired_resolution"))
	f.Description = str("description")
	f.AsOf = o.Date(&shape, "as_of", false)
	// revision 2
	f.AdditionalDeadlineSetOn = o.Date(&shape, "additional_deadline_set_on", false)
	f.InformedAboutWithdrawalOn = o.Date(&shape, "informed_about_withdrawal_on", false)
	f.LostInTransit, _ = o.Bool(&shape, "lost_in_transit")
	f.UsedGoodsOneYear, _ = o.Bool(&shape, "used_goods_one_year")
	f.ConsumerState = readState(o, &shape, "consumer_state", str)
	f.ShopState = readState(o, &shape, "shop_state", str)

	// Content checks leave out fields whose shape is already wrong, so that
	// a malformed date is not also reported as missing.
	shapeErr := shape.Err("")
	var reported []string
	if ve, ok := shapeErr.(*fairshops.ValidationError); ok {
		for _, fe := range ve.Fields {
			reported = append(reported, fe.Field)
		}
	}
	skip := func(field string) bool {
		field = joinPath(path, field)
		for _, r := range reported {
			if r == field || strings.HasPrefix(r, field+".") || strings.HasPrefix(field, r+".") {
				return true
			}
		}
		return false
	}
	p.Merge("", shapeErr)
	f.validate(p, path, today, skip)
	return f
}

// stateCodes lists the federal state codes a state field takes.
func stateCodes() string {
	codes := make([]string, 0, 16)
	for _, s := range allStates() {
		codes = append(codes, s.String())
	}
	return strings.Join(codes, ", ")
}

// readState reads a federal state code ("BY", "DE-BY"; "" and "DE" mean
// unknown) as calendar.ParseState does; any other code is unknown_value.
func readState(o jsonin.Object, p *fairshops.Problems, key string, str func(string) string) calendar.State {
	code := str(key)
	s, err := calendar.ParseState(code)
	if err != nil {
		p.Add(o.Field(key), fairshops.ReasonUnknownValue, code, stateCodes())
	}
	return s
}

// InvalidText returns the JSON paths ("description", "facts.description",
// "items[2].name") of every string in the raw document data that is not
// valid UTF-8 or holds an unpaired \u surrogate escape: encoding/json
// replaces both with U+FFFD, which would change a consumer's text silently.
// It returns nil for a clean document (the common case costs one scan) and
// for one that is no valid JSON.
func InvalidText(data []byte) map[string]bool {
	if utf8.Valid(data) && !bytes.Contains(data, []byte(`\u`)) {
		return nil
	}
	var out map[string]bool
	var walk func(raw json.RawMessage, path string)
	walk = func(raw json.RawMessage, path string) {
		raw = bytes.TrimLeft(raw, " \t\r\n")
		if len(raw) == 0 {
			return
		}
		switch raw[0] {
		case '"':
			if !jsontree.ValidStringLiteral(bytes.TrimRight(raw, " \t\r\n")) {
				if out == nil {
					out = map[string]bool{}
				}
				out[path] = true
			}
		case '{':
			var m map[string]json.RawMessage
			if json.Unmarshal(raw, &m) == nil {
				for k, v := range m {
					walk(v, joinPath(path, k))
				}
			}
		case '[':
			var l []json.RawMessage
			if json.Unmarshal(raw, &l) == nil {
				for i, v := range l {
					walk(v, path+"["+strconv.Itoa(i)+"]")
				}
			}
		}
	}
	if json.Valid(data) {
		walk(data, "")
	}
	return out
}
