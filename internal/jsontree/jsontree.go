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
	"strconv"
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
// input. A key given twice in one object is a syntax error (encoding/json
// keeps the last, so two readers of one body could disagree on what it
// says). A string that is not valid UTF-8, or holds an unpaired \u
// surrogate escape, is a *TextError naming the JSON path of every such
// string (encoding/json replaces both with U+FFFD, silently changing what
// the sender wrote). DecodeReport turns either into problems.
func Decode(data []byte) (any, error) {
	d := decoder{dec: json.NewDecoder(bytes.NewReader(data)), data: data}
	d.dec.UseNumber()
	d.checkText = !utf8.Valid(data) || bytes.Contains(data, []byte(`\u`))
	v, err := d.value("", 0)
	if err != nil {
		return nil, err
	}
	if _, err := d.dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("line %d: data after the JSON value", lineAt(data, d.dec.InputOffset()))
	}
	if len(d.bad) > 0 {
		return nil, &TextError{Paths: d.bad}
	}
	return v, nil
}

// Syntax and InvalidUTF8 are the reason codes DecodeReport reports
// (fairshops.ReasonSyntax and fairshops.ReasonInvalidUTF8).
const (
	Syntax      = "syntax"       // args: what is wrong, with line and column
	InvalidUTF8 = "invalid_utf8" // a string is not valid UTF-8
)

// TextError lists the JSON paths of the strings of a document that are not
// valid UTF-8 ("" for the top-level value, "contact.name", "items[2]"; a
// key is reported at the path of its object).
type TextError struct {
	Paths []string
}

func (e *TextError) Error() string {
	return fmt.Sprintf("invalid UTF-8 in %q", e.Paths)
}

// DecodeReport is Decode for a reader of outside input: a syntax error is
// reported at the top level (field "") with code Syntax, a string that is
// not UTF-8 at its path with code InvalidUTF8; ok is false after either.
func DecodeReport(data []byte, r Reporter) (v any, ok bool) {
	v, err := Decode(data)
	if err == nil {
		return v, true
	}
	var te *TextError
	if errors.As(err, &te) {
		for _, p := range te.Paths {
			r.Add(p, InvalidUTF8)
		}
		return nil, false
	}
	r.Add("", Syntax, err.Error())
	return nil, false
}

// maxDepth bounds the nesting of a document, as encoding/json does, so that
// deep input cannot exhaust the stack of the recursive reader.
const maxDepth = 10000

// decoder reads a document token by token, so that it sees every key of
// every object (Decoder.Decode into an any hides duplicates) and the raw
// bytes of every string.
type decoder struct {
	dec       *json.Decoder
	data      []byte
	checkText bool     // the document may hold invalid text (else one scan saved)
	bad       []string // paths of invalid strings
}

// token returns the next token and, for a string, whether its literal in
// the document decodes without replacement.
func (d *decoder) token() (json.Token, bool, error) {
	start := d.dec.InputOffset()
	tok, err := d.dec.Token()
	if err != nil {
		return nil, false, syntaxError(d.data, err)
	}
	if _, isString := tok.(string); !isString || !d.checkText {
		return tok, true, nil
	}
	raw := d.data[start:d.dec.InputOffset()]
	if q := bytes.IndexByte(raw, '"'); q >= 0 {
		raw = raw[q:]
	}
	return tok, ValidStringLiteral(raw), nil
}

func (d *decoder) value(path string, depth int) (any, error) {
	tok, valid, err := d.token()
	if err != nil {
		return nil, err
	}
	if !valid {
		d.bad = append(d.bad, path)
	}
	switch tok {
	case json.Delim('{'):
		if depth >= maxDepth {
			return nil, fmt.Errorf("line %d: nested too deeply", lineAt(d.data, d.dec.InputOffset()))
		}
		m := map[string]any{}
		for d.dec.More() {
			kt, valid, err := d.token()
			if err != nil {
				return nil, err
			}
			key := kt.(string) // Token returns only strings as object keys
			if !valid {
				d.bad = append(d.bad, path)
			}
			if _, dup := m[key]; dup {
				line, col := lineCol(d.data, d.dec.InputOffset())
				return nil, fmt.Errorf("line %d, column %d: duplicate key %q", line, col, key)
			}
			v, err := d.value(join(path, key), depth+1)
			if err != nil {
				return nil, err
			}
			m[key] = v
		}
		if _, err := d.dec.Token(); err != nil { // the closing brace
			return nil, syntaxError(d.data, err)
		}
		return m, nil
	case json.Delim('['):
		if depth >= maxDepth {
			return nil, fmt.Errorf("line %d: nested too deeply", lineAt(d.data, d.dec.InputOffset()))
		}
		l := []any{}
		for i := 0; d.dec.More(); i++ {
			v, err := d.value(path+"["+strconv.Itoa(i)+"]", depth+1)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		if _, err := d.dec.Token(); err != nil { // the closing bracket
			return nil, syntaxError(d.data, err)
		}
		return l, nil
	default:
		return tok, nil
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// ValidStringLiteral reports whether a raw JSON string literal (quotes
// included, syntax already checked) decodes to valid UTF-8 without
// replacement: no invalid bytes and no unpaired \u surrogate.
func ValidStringLiteral(raw []byte) bool {
	if len(raw) < 2 {
		return true
	}
	s := raw[1 : len(raw)-1]
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && s[i+1] == 'u':
			r, ok := hex4(s, i+2)
			if !ok {
				return false
			}
			switch {
			case r >= 0xD800 && r < 0xDC00:
				if i+12 > len(s) || s[i+6] != '\\' || s[i+7] != 'u' {
					return false
				}
				lo, ok := hex4(s, i+8)
				if !ok || lo < 0xDC00 || lo > 0xDFFF {
					return false
				}
				i += 12
			case r >= 0xDC00 && r <= 0xDFFF:
				return false
			default:
				i += 6
			}
		case c == '\\':
			i += 2
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size <= 1 {
				return false
			}
			i += size
		}
	}
	return true
}

func hex4(s []byte, at int) (rune, bool) {
	if at+4 > len(s) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(s[at:at+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	return rune(n), true
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
