// Package jsontree reads outside JSON input strictly. A document (an
// imported catalogue, shop facts, a complaint, an API body) is decoded into a
// generic tree first and then checked key by key, so that every problem
// (unknown keys, wrong types, missing fields, bad values) is reported at once
// with its JSON path, which encoding/json's DisallowUnknownFields cannot do
// (it stops at the first).
//
// The package knows no type of the module: it reports problems to a Reporter
// (*fairshops.Problems is one) with the reason codes below, and a value type
// reads itself from a string through its own UnmarshalText (Node.Scan).
// fairshops decodes its catalogue and shop facts with it; package
// internal/jsonin adds the readers of fairshops' value types (Date, Money) for
// the packages above fairshops. It is internal because the promise to users
// is the decoders built on it (fairshops.Load, fairshops.DecodeShopFacts,
// precheck.DecodeFacts, complaint.DecodeIntake), not these helpers.
package jsontree

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"
)

// Reporter receives the problems of an input: the field's JSON path, a reason
// code and the code's message arguments. *fairshops.Problems implements it.
type Reporter interface {
	Add(field, code string, args ...any)
}

// Reason codes this package reports: the strings of the fairshops.Reason
// constants of the same meaning (fairshops cannot be imported here; a test
// in fairshops keeps the two equal).
const (
	Required     = "required"      // the field is missing, null or empty
	UnknownField = "unknown_field" // the key is not part of the format
	WrongType    = "wrong_type"    // args: the expected JSON type
	Negative     = "negative"      // a number below zero
	TooSmall     = "too_small"     // args: the minimum
	TooLarge     = "too_large"     // args: the maximum
)

// Decode parses JSON into maps, slices, json.Number, strings and bools,
// refusing trailing data, and reports syntax errors with line and column.
// It is stricter than encoding/json in two ways that matter for outside
// input: a key given twice in one object is an error (encoding/json keeps
// the last, so two readers of one body could disagree on its meaning), and
// so is a byte sequence that is not UTF-8 (encoding/json replaces it with
// U+FFFD, silently changing what the sender wrote).
func Decode(data []byte) (any, error) {
	if !utf8.Valid(data) {
		off := int64(0)
		for off < int64(len(data)) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += int64(n)
		}
		line, col := lineCol(data, off)
		return nil, fmt.Errorf("line %d, column %d: invalid UTF-8", line, col)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec, data)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("line %d: data after the JSON value", lineAt(data, dec.InputOffset()))
	}
	return v, nil
}

// maxDepth bounds the nesting of a document, as encoding/json does, so that
// deep input cannot exhaust the stack of the recursive reader.
const maxDepth = 10000

// decodeValue reads one value token by token, so that it sees every key of
// every object (Decoder.Decode into an any hides duplicates).
func decodeValue(dec *json.Decoder, data []byte) (any, error) {
	return decodeAt(dec, data, 0)
}

func decodeAt(dec *json.Decoder, data []byte, depth int) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(data, err)
	}
	switch tok {
	case json.Delim('{'):
		if depth >= maxDepth {
			return nil, fmt.Errorf("line %d: nested too deeply", lineAt(data, dec.InputOffset()))
		}
		m := map[string]any{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, syntaxError(data, err)
			}
			key := kt.(string) // Token returns only strings as object keys
			if _, dup := m[key]; dup {
				line, col := lineCol(data, dec.InputOffset())
				return nil, fmt.Errorf("line %d, column %d: duplicate key %q", line, col, key)
			}
			v, err := decodeAt(dec, data, depth+1)
			if err != nil {
				return nil, err
			}
			m[key] = v
		}
		if _, err := dec.Token(); err != nil { // the closing brace
			return nil, syntaxError(data, err)
		}
		return m, nil
	case json.Delim('['):
		if depth >= maxDepth {
			return nil, fmt.Errorf("line %d: nested too deeply", lineAt(data, dec.InputOffset()))
		}
		l := []any{}
		for dec.More() {
			v, err := decodeAt(dec, data, depth+1)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		if _, err := dec.Token(); err != nil { // the closing bracket
			return nil, syntaxError(data, err)
		}
		return l, nil
	default:
		return tok, nil
	}
}

func syntaxError(data []byte, err error) error {
	// Decoder.Token counts offsets differently from one kind of mistake to
	// the next; decoding the document whole finds the same mistake with the
	// offset of the offending byte, so positions stay as users know them.
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	if whole := dec.Decode(&v); whole != nil {
		err = whole
	}
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

// Node is a decoded JSON object with its path, for checking key by key.
// (It is not called Object so that internal/jsonin can embed it in its own
// Object, whose Object method returns that type.)
type Node struct {
	path string
	m    map[string]any
}

// AsObject returns v as an object at path, or reports a wrong_type problem.
func AsObject(v any, path string, r Reporter) (Node, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		r.Add(path, WrongType, "object")
		return Node{}, false
	}
	return Node{path: path, m: m}, true
}

// Path returns the JSON path of the object ("" for the top level).
func (o Node) Path() string { return o.path }

// Field returns the JSON path of key within the object.
func (o Node) Field(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// Has reports whether the object has key (even with a null value).
func (o Node) Has(key string) bool { _, ok := o.m[key]; return ok }

// Value returns the decoded value of key as it is (nil when missing or
// null), for the readers of a shape this package does not know.
func (o Node) Value(key string) any { return o.m[key] }

// Only reports every key that is not in allowed, in sorted order.
func (o Node) Only(r Reporter, allowed ...string) {
	var unknown []string
	for k := range o.m {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		r.Add(o.Field(k), UnknownField)
	}
}

// Str returns a string field; a missing, null or empty one is a problem
// when required, and a non-string always.
func (o Node) Str(r Reporter, key string, required bool) string {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			r.Add(o.Field(key), Required)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		r.Add(o.Field(key), WrongType, "string")
		return ""
	}
	if s == "" && required {
		r.Add(o.Field(key), Required)
	}
	return s
}

// Scan reads a string field (as Str) into dst with dst's own UnmarshalText
// and reports code when that fails; a missing or empty string leaves dst
// alone. It is how a value type such as fairshops.Date is read without this
// package knowing it.
func (o Node) Scan(r Reporter, key string, required bool, dst encoding.TextUnmarshaler, code string) {
	s := o.Str(r, key, required)
	if s == "" {
		return
	}
	if err := dst.UnmarshalText([]byte(s)); err != nil {
		r.Add(o.Field(key), code)
	}
}

// List returns an array field.
func (o Node) List(r Reporter, key string, required bool) []any {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			r.Add(o.Field(key), Required)
		}
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		r.Add(o.Field(key), WrongType, "array")
		return nil
	}
	return l
}

// Int returns an integer field within [lo, hi].
func (o Node) Int(r Reporter, key string, required bool, lo, hi int64) (int64, bool) {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			r.Add(o.Field(key), Required)
		}
		return 0, false
	}
	n, ok := v.(json.Number)
	if !ok {
		r.Add(o.Field(key), WrongType, "integer")
		return 0, false
	}
	i, err := n.Int64()
	switch {
	case err != nil:
		r.Add(o.Field(key), WrongType, "integer")
		return 0, false
	case i < lo && lo == 0:
		r.Add(o.Field(key), Negative)
		return 0, false
	case i < lo:
		r.Add(o.Field(key), TooSmall, lo)
		return 0, false
	case i > hi:
		r.Add(o.Field(key), TooLarge, hi)
		return 0, false
	}
	return i, true
}

// Bool returns a boolean field and whether it was present (not null).
func (o Node) Bool(r Reporter, key string) (value, present bool) {
	v, ok := o.m[key]
	if !ok || v == nil {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		r.Add(o.Field(key), WrongType, "boolean")
		return false, false
	}
	return b, true
}

// Object returns a nested object field.
func (o Node) Object(r Reporter, key string, required bool) (Node, bool) {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			r.Add(o.Field(key), Required)
		}
		return Node{}, false
	}
	return AsObject(v, o.Field(key), r)
}
