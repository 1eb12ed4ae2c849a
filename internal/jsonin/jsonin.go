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
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsontree"
)

// Decode parses JSON into maps, slices, json.Number, strings and bools,
// refusing trailing data, and reports syntax errors with line and column.
func Decode(data []byte) (any, error) { return jsontree.Decode(data) }

// DecodeReport decodes outside input and reports a syntax error, a
// duplicate key or a string that is not UTF-8 as problems (see
// jsontree.DecodeReport); ok is false after any of them.
func DecodeReport(data []byte, p jsontree.Reporter) (any, bool) {
	return jsontree.DecodeReport(data, p)
}

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

// MaxAmountExp bounds money amounts read from outside input: below 10^12
// (fairshops.MaxAmount). precheck checks amounts built in Go against the
// same bound.
const MaxAmountExp = 12

// Money returns a {"amount", "currency"} field in the one strict format of
// fairshops.ParseAmount: the amount a decimal string or a JSON number
// written as digits, an optional point and at most the currency's minor
// digits ("49.90" for EUR), not negative, below 10^12; the currency an
// ISO 4217 code of real money (not XXX, XTS, metals or funds codes).
func (o Object) Money(p jsontree.Reporter, key string, required bool) (fairshops.Money, bool) {
	mo, ok := o.Object(p, key, required)
	if !ok {
		return fairshops.Money{}, false
	}
	mo.Only(p, "amount", "currency")
	// The currency is read first (its minor unit bounds the amount's
	// decimal places) and its problems reported after the amount's.
	var curProblems later
	cur := mo.Str(&curProblems, "currency", true)
	var c fairshops.Currency
	okCur := false
	if cur != "" {
		var err error
		if c, err = fairshops.ParseCurrency(cur); err != nil {
			curProblems.Add(mo.Field("currency"), fairshops.ReasonCurrency, cur)
		} else {
			okCur = true
		}
	}
	defer curProblems.report(p)
	// The amount's decimal places are checked against the currency's minor
	// unit; with an unusable currency, against the euro's.
	scaleOf := c
	if !okCur {
		scaleOf = fairshops.EUR
	}
	var amount decimal.Decimal
	okAmount := false
	var literal string
	switch v := mo.Value("amount").(type) {
	case nil:
		p.Add(mo.Field("amount"), fairshops.ReasonRequired)
	case json.Number:
		literal, okAmount = v.String(), true
	case string:
		literal, okAmount = v, true
	default:
		p.Add(mo.Field("amount"), fairshops.ReasonWrongType, "number")
	}
	if okAmount {
		var err error
		amount, err = fairshops.ParseAmount(literal, scaleOf)
		switch {
		case err == nil:
		case strings.HasPrefix(literal, "-"):
			p.Add(mo.Field("amount"), fairshops.ReasonNegative)
			okAmount = false
		case tooLarge(literal):
			p.Add(mo.Field("amount"), fairshops.ReasonTooLarge, "999999999999."+strings.Repeat("9", int(scaleOf.Scale())))
			okAmount = false
		default:
			p.Add(mo.Field("amount"), fairshops.ReasonInvalidFormat, amountFormat(scaleOf))
			okAmount = false
		}
	}
	if !okAmount || !okCur {
		return fairshops.Money{}, false
	}
	return fairshops.Money{Amount: amount, Currency: c}, true
}

// later holds problems to report after others.
type later []func(jsontree.Reporter)

func (l *later) Add(field, code string, args ...any) {
	*l = append(*l, func(r jsontree.Reporter) { r.Add(field, code, args...) })
}

func (l later) report(r jsontree.Reporter) {
	for _, f := range l {
		f(r)
	}
}

// tooLarge reports whether a well-formed literal failed only by its size.
func tooLarge(literal string) bool {
	intPart, _, _ := strings.Cut(literal, ".")
	d, err := decimal.NewFromString(literal)
	return err == nil && len(intPart) > 0 && intPart[0] != '0' && !strings.ContainsAny(literal, "eE+-") &&
		!d.LessThan(fairshops.MaxAmount)
}

// amountFormat describes the accepted format for the currency's minor unit.
func amountFormat(c fairshops.Currency) string {
	switch n := c.Scale(); n {
	case 0:
		return "digits only, e.g. 1200"
	default:
		return fmt.Sprintf("digits with a point and at most %d decimal places, e.g. 49.%s", n, strings.Repeat("9", int(n)))
	}
}
