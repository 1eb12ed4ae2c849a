package fairshops

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Strict JSON input. Outside input (an imported catalogue, shop facts, a
// complaint) is decoded into a generic tree first and then checked key by key,
// so that every problem (unknown keys, wrong types, missing fields, bad values)
// is reported at once with its JSON path, which encoding/json's
// DisallowUnknownFields cannot do (it stops at the first). These helpers are
// exported for the other packages of the module; they add to a Problems.

// DecodeJSON parses JSON into maps, slices, json.Number, strings and bools,
// refusing trailing data, and reports syntax errors with line and column.
func DecodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, syntaxError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("line %d: data after the JSON value", lineAt(data, dec.InputOffset()))
	}
	return v, nil
}

func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the offending byte itself.
		line, col := lineCol(data, max(se.Offset-1, 0))
		return fmt.Errorf("line %d, column %d: %s", line, col, se.Error())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("line %d: unexpected end of input", lineAt(data, int64(len(data))))
	}
	return err
}

func lineAt(data []byte, off int64) int { l, _ := lineCol(data, off); return l }

func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col := 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// JSONObject is a decoded JSON object with its path, for checking key by key.
type JSONObject struct {
	path string
	m    map[string]any
}

// AsObject returns v as an object at path, or records a wrong_type problem.
func AsObject(v any, path string, p *Problems) (JSONObject, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		p.Add(path, ReasonWrongType, "object")
		return JSONObject{}, false
	}
	return JSONObject{path: path, m: m}, true
}

// Path returns the JSON path of the object ("" for the top level).
func (o JSONObject) Path() string { return o.path }

// Field returns the JSON path of key within the object.
func (o JSONObject) Field(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// Has reports whether the object has key (even with a null value).
func (o JSONObject) Has(key string) bool { _, ok := o.m[key]; return ok }

// Value returns the decoded value of key as it is (nil for null), for
// members whose keys are checked elsewhere, such as facts a later
// validation reads by name.
func (o JSONObject) Value(key string) (any, bool) { v, ok := o.m[key]; return v, ok }

// Only reports every key that is not in allowed, in sorted order.
func (o JSONObject) Only(p *Problems, allowed ...string) {
	var unknown []string
	for k := range o.m {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		p.Add(o.Field(k), ReasonUnknownField)
	}
}

// Str returns a string field; a missing, null or empty one is a problem
// when required, and a non-string always.
func (o JSONObject) Str(p *Problems, key string, required bool) string {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			p.Add(o.Field(key), ReasonRequired)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		p.Add(o.Field(key), ReasonWrongType, "string")
		return ""
	}
	if s == "" && required {
		p.Add(o.Field(key), ReasonRequired)
	}
	return s
}

// Date returns a YYYY-MM-DD field as a Date.
func (o JSONObject) Date(p *Problems, key string, required bool) Date {
	s := o.Str(p, key, required)
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		p.Add(o.Field(key), ReasonInvalidDate)
	}
	return d
}

// Points returns an integer field from 0 to 100000.
func (o JSONObject) Points(p *Problems, key string, required bool) int {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			p.Add(o.Field(key), ReasonRequired)
		}
		return 0
	}
	n, ok := v.(json.Number)
	if !ok {
		p.Add(o.Field(key), ReasonWrongType, "integer")
		return 0
	}
	i, err := n.Int64()
	if err != nil {
		p.Add(o.Field(key), ReasonWrongType, "integer")
		return 0
	}
	if i < 0 {
		p.Add(o.Field(key), ReasonNegative)
		return 0
	}
	if i > 100000 {
		p.Add(o.Field(key), ReasonTooLarge, 100000)
		return 0
	}
	return int(i)
}

// List returns an array field.
func (o JSONObject) List(p *Problems, key string, required bool) []any {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			p.Add(o.Field(key), ReasonRequired)
		}
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		p.Add(o.Field(key), ReasonWrongType, "array")
		return nil
	}
	return l
}

// Text returns a required {"de", "en"} field.
func (o JSONObject) Text(p *Problems, key string) Text {
	v, ok := o.m[key]
	if !ok {
		p.Add(o.Field(key), ReasonRequired)
		return Text{}
	}
	to, ok := AsObject(v, o.Field(key), p)
	if !ok {
		return Text{}
	}
	to.Only(p, "de", "en")
	return Text{De: to.Str(p, "de", true), En: to.Str(p, "en", true)}
}

// Int returns an integer field within [lo, hi].
func (o JSONObject) Int(p *Problems, key string, required bool, lo, hi int64) (int64, bool) {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			p.Add(o.Field(key), ReasonRequired)
		}
		return 0, false
	}
	n, ok := v.(json.Number)
	if !ok {
		p.Add(o.Field(key), ReasonWrongType, "integer")
		return 0, false
	}
	i, err := n.Int64()
	switch {
	case err != nil:
		p.Add(o.Field(key), ReasonWrongType, "integer")
		return 0, false
	case i < lo && lo == 0:
		p.Add(o.Field(key), ReasonNegative)
		return 0, false
	case i < lo:
		p.Add(o.Field(key), ReasonTooSmall, lo)
		return 0, false
	case i > hi:
		p.Add(o.Field(key), ReasonTooLarge, hi)
		return 0, false
	}
	return i, true
}

// Bool returns a boolean field and whether it was present (not null).
func (o JSONObject) Bool(p *Problems, key string) (value, present bool) {
	v, ok := o.m[key]
	if !ok || v == nil {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		p.Add(o.Field(key), ReasonWrongType, "boolean")
		return false, false
	}
	return b, true
}

// Object returns a nested object field.
func (o JSONObject) Object(p *Problems, key string, required bool) (JSONObject, bool) {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			p.Add(o.Field(key), ReasonRequired)
		}
		return JSONObject{}, false
	}
	return AsObject(v, o.Field(key), p)
}

// MaxAmountExp bounds money amounts read from outside input: below 10^12.
const MaxAmountExp = 12

// Money returns a {"amount", "currency"} field. The amount may be a JSON
// number or a decimal string; it must not be negative, have more than 4
// decimal places, or exceed 10^12; the currency must be an ISO 4217 code.
func (o JSONObject) Money(p *Problems, key string, required bool) (Money, bool) {
	mo, ok := o.Object(p, key, required)
	if !ok {
		return Money{}, false
	}
	mo.Only(p, "amount", "currency")
	var amount decimal.Decimal
	okAmount := false
	switch v := mo.m["amount"].(type) {
	case nil:
		p.Add(mo.Field("amount"), ReasonRequired)
	case json.Number:
		d, err := decimal.NewFromString(v.String())
		if err != nil {
			p.Add(mo.Field("amount"), ReasonInvalidFormat, "decimal number")
		} else {
			amount, okAmount = d, true
		}
	case string:
		d, err := decimal.NewFromString(v)
		if err != nil || !utf8.ValidString(v) {
			p.Add(mo.Field("amount"), ReasonInvalidFormat, "decimal number")
		} else {
			amount, okAmount = d, true
		}
	default:
		p.Add(mo.Field("amount"), ReasonWrongType, "number")
	}
	if okAmount {
		maxAmount := decimal.New(1, MaxAmountExp)
		switch {
		case amount.IsNegative():
			p.Add(mo.Field("amount"), ReasonNegative)
			okAmount = false
		case amount.GreaterThan(maxAmount):
			p.Add(mo.Field("amount"), ReasonTooLarge, maxAmount.String())
			okAmount = false
		case !amount.Equal(amount.Truncate(4)):
			p.Add(mo.Field("amount"), ReasonInvalidFormat, "at most 4 decimal places")
			okAmount = false
		}
	}
	cur := mo.Str(p, "currency", true)
	var c Currency
	okCur := false
	if cur != "" {
		var err error
		if c, err = ParseCurrency(cur); err != nil {
			p.Add(mo.Field("currency"), ReasonCurrency, cur)
		} else {
			okCur = true
		}
	}
	if !okAmount || !okCur {
		return Money{}, false
	}
	return Money{Amount: amount, Currency: c}, true
}
