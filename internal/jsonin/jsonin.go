// Package jsonin is the strict JSON input of the packages above fairshops
// (complaint/precheck, complaint, adapters/http): the key-by-key reader of
// internal/jsontree plus readers of fairshops' value types (Date, Money).
// Every problem is added to a *fairshops.Problems with its JSON path.
//
// It is split from jsontree because fairshops decodes its own catalogue and
// shop facts with the tree reader, so that part must not import fairshops,
// while these readers return fairshops types. It is internal because users
// are promised the decoders built on it (precheck.DecodeFacts,
// complaint.DecodeIntake, the HTTP API), not the helpers.
package jsonin

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsontree"
)

// Decode parses JSON into maps, slices, json.Number, strings and bools,
// refusing trailing data, and reports syntax errors with line and column.
func Decode(data []byte) (any, error) { return jsontree.Decode(data) }

// Object is a decoded JSON object with its path, for checking key by key:
// the methods of jsontree.Node (Only, Str, Int, Bool, List, Has, Field,
// Value, Scan) and readers of fairshops values.
type Object struct {
	jsontree.Node
}

// AsObject returns v as an object at path, or records a wrong_type problem.
func AsObject(v any, path string, p jsontree.Reporter) (Object, bool) {
	n, ok := jsontree.AsObject(v, path, p)
	return Object{n}, ok
}

// Object returns a nested object field.
func (o Object) Object(p jsontree.Reporter, key string, required bool) (Object, bool) {
	n, ok := o.Node.Object(p, key, required)
	return Object{n}, ok
}

// Date returns a YYYY-MM-DD field as a Date.
func (o Object) Date(p jsontree.Reporter, key string, required bool) fairshops.Date {
	var d fairshops.Date
	o.Scan(p, key, required, &d, fairshops.ReasonInvalidDate)
	return d
}

// MaxAmountExp bounds money amounts read from outside input: below 10^12.
// precheck checks amounts built in Go against the same bound.
const MaxAmountExp = 12

// Money returns a {"amount", "currency"} field. The amount may be a JSON
// number or a decimal string; it must not be negative, have more than 4
// decimal places, or exceed 10^12; the currency must be an ISO 4217 code.
func (o Object) Money(p jsontree.Reporter, key string, required bool) (fairshops.Money, bool) {
	mo, ok := o.Object(p, key, required)
	if !ok {
		return fairshops.Money{}, false
	}
	mo.Only(p, "amount", "currency")
	var amount decimal.Decimal
	okAmount := false
	switch v := mo.Value("amount").(type) {
	case nil:
		p.Add(mo.Field("amount"), fairshops.ReasonRequired)
	case json.Number:
		d, err := decimal.NewFromString(v.String())
		if err != nil {
			p.Add(mo.Field("amount"), fairshops.ReasonInvalidFormat, "decimal number")
		} else {
			amount, okAmount = d, true
		}
	case string:
		d, err := decimal.NewFromString(v)
		if err != nil || !utf8.ValidString(v) {
			p.Add(mo.Field("amount"), fairshops.ReasonInvalidFormat, "decimal number")
		} else {
			amount, okAmount = d, true
		}
	default:
		p.Add(mo.Field("amount"), fairshops.ReasonWrongType, "number")
	}
	if okAmount {
		maxAmount := decimal.New(1, MaxAmountExp)
		switch {
		case amount.IsNegative():
			p.Add(mo.Field("amount"), fairshops.ReasonNegative)
			okAmount = false
		case amount.GreaterThan(maxAmount):
			p.Add(mo.Field("amount"), fairshops.ReasonTooLarge, maxAmount.String())
			okAmount = false
		case !amount.Equal(amount.Truncate(4)):
			p.Add(mo.Field("amount"), fairshops.ReasonInvalidFormat, "at most 4 decimal places")
			okAmount = false
		}
	}
	cur := mo.Str(p, "currency", true)
	var c fairshops.Currency
	okCur := false
	if cur != "" {
		var err error
		if c, err = fairshops.ParseCurrency(cur); err != nil {
			p.Add(mo.Field("currency"), fairshops.ReasonCurrency, cur)
		} else {
			okCur = true
		}
	}
	if !okAmount || !okCur {
		return fairshops.Money{}, false
	}
	return fairshops.Money{Amount: amount, Currency: c}, true
}
