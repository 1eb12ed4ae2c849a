package fairshops

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error so that callers (and the HTTP layer, in one place)
// can react to it without parsing messages. Every package of the module uses
// these kinds.
type Kind uint8

// The kinds of error shared by all packages.
const (
	// Internal is an unexpected failure: a broken store, a bug.
	Internal Kind = iota
	// NotFound: the thing asked for does not exist (or the caller may not know it exists).
	NotFound
	// Conflict: a stale version or a unique key clash; reload and retry.
	Conflict
	// Forbidden: the caller may not read or do this.
	Forbidden
	// Invalid: the input is wrong; a *ValidationError lists every field.
	Invalid
	// NotAllowed: the move is not allowed in the current state.
	NotAllowed
	// Canceled: the caller's context was canceled or its deadline passed
	// before the work was done. Nothing is wrong with the input or the
	// service; the caller gave up (or ran out of time).
	Canceled
)

var kindNames = [...]string{
	Internal:   "internal",
	NotFound:   "not_found",
	Conflict:   "conflict",
	Forbidden:  "forbidden",
	Invalid:    "invalid",
	NotAllowed: "not_allowed",
	Canceled:   "canceled",
}

// String returns the stable, lower-case name of the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Sentinel errors, one per kind, so that errors.Is(err, fairshops.ErrNotFound)
// works for every error of this module.
var (
	ErrInternal   = &kindError{Internal}
	ErrNotFound   = &kindError{NotFound}
	ErrConflict   = &kindError{Conflict}
	ErrForbidden  = &kindError{Forbidden}
	ErrInvalid    = &kindError{Invalid}
	ErrNotAllowed = &kindError{NotAllowed}
	ErrCanceled   = &kindError{Canceled}
)

type kindError struct{ kind Kind }

func (e *kindError) Error() string { return strings.ReplaceAll(e.kind.String(), "_", " ") }

func sentinel(k Kind) error {
	switch k {
	case NotFound:
		return ErrNotFound
	case Conflict:
		return ErrConflict
	case Forbidden:
		return ErrForbidden
	case Invalid:
		return ErrInvalid
	case NotAllowed:
		return ErrNotAllowed
	case Canceled:
		return ErrCanceled
	default:
		return ErrInternal
	}
}

// Error is the error type of the module: an operation, a kind, the thing
// concerned and an optional cause. Its message reads like a sentence:
// "complaint.Get c_abc: not found".
type Error struct {
	Op     string // the operation, e.g. "complaint.Submit"
	Kind   Kind   // what went wrong
	Entity string // the thing concerned, e.g. a complaint ID; may be empty
	Detail string // a short, lower-case explanation; may be empty
	Err    error  // the cause; may be nil
}

// E builds an *Error. An Internal error whose cause is a context
// cancellation or deadline is Canceled instead (see KindOf).
func E(op string, kind Kind, entity, detail string, cause error) *Error {
	if kind == Internal && cause != nil && (errors.Is(cause, context.Canceled) || errors.Is(cause, context.DeadlineExceeded)) {
		kind = Canceled
	}
	return &Error{Op: op, Kind: kind, Entity: entity, Detail: detail, Err: cause}
}

// Wrap names the operation (and the thing concerned) on an error from
// below, typically a store port, and takes the kind from the cause, as
// upspin's errors.E and go-cloud's gcerr do: a wrapped error of this module
// keeps its kind, a context cancellation or deadline becomes Canceled, and
// anything else (a driver's error) is Internal. It returns nil for a nil
// cause, so it can wrap a result unconditionally.
func Wrap(op, entity string, cause error) error {
	if cause == nil {
		return nil
	}
	return &Error{Op: op, Kind: KindOf(cause), Entity: entity, Err: cause}
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
	}
	if e.Entity != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.Entity)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(sentinel(e.Kind).Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause and the sentinel of the kind, so that both
// errors.Is(err, cause) and errors.Is(err, ErrNotFound) hold.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{sentinel(e.Kind), e.Err}
	}
	return []error{sentinel(e.Kind)}
}

// KindOf reports the kind of err: the kind of the outermost *Error or
// *ValidationError in its chain, or of a sentinel, and Internal otherwise.
// An error that would be Internal but has context.Canceled or
// context.DeadlineExceeded in its chain is Canceled: a request that ends
// because its caller gave up is no failure of the service, whoever wrapped
// it on the way up.
func KindOf(err error) Kind {
	if err == nil {
		return Internal
	}
	var ve *ValidationError
	var e *Error
	var ke *kindError
	k := Internal
	switch {
	case errors.As(err, &e):
		k = e.Kind
	case errors.As(err, &ve):
		k = Invalid
	case errors.As(err, &ke):
		k = ke.kind
	}
	if k == Internal && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return Canceled
	}
	return k
}

// FieldError says why one input field is wrong. Field is a JSON path
// ("order_value.currency", "bookings[2].until"); Code is a stable,
// machine-readable reason ("required", "too_long"); Args fill in the
// localised message (see Reason).
type FieldError struct {
	Field string `json:"field"`
	Code  string `json:"code"`
	Args  []any  `json:"-"`
}

// Reason renders the field error in the given language.
// An unknown_value with a second argument (OneOf) names the allowed values.
func (f FieldError) Reason(lang Language) string {
	key := "reason." + f.Code
	if f.Code == ReasonUnknownValue && len(f.Args) == 2 {
		key += "_one_of"
	}
	return reasonMessages().Render(lang, key, f.Args...)
}

// OneOf joins the allowed values of an enum for the second argument of an
// unknown_value problem, so that the reason lists them:
//
//	p.Add("purpose", ReasonUnknownValue, string(b.Purpose), OneOf(Purposes()))
func OneOf[T ~string](values []T) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// ValidationError lists every wrong field of one input at once.
type ValidationError struct {
	Op     string
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString("invalid input")
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field)
		b.WriteString(": ")
		b.WriteString(f.Reason(English))
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Problems collects field errors while an input is checked; Err returns nil
// when nothing was added. The zero value is ready to use.
type Problems struct {
	fields []FieldError
}

// Add records that field is wrong for the reason code, with message arguments.
func (p *Problems) Add(field, code string, args ...any) {
	p.fields = append(p.fields, FieldError{Field: field, Code: code, Args: args})
}

// Merge adds the fields of a *ValidationError found in err under prefix and
// reports whether err was one; other errors are left to the caller.
func (p *Problems) Merge(prefix string, err error) bool {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, f := range ve.Fields {
		if prefix != "" {
			if f.Field == "" {
				f.Field = prefix
			} else if strings.HasPrefix(f.Field, "[") {
				f.Field = prefix + f.Field
			} else {
				f.Field = prefix + "." + f.Field
			}
		}
		p.fields = append(p.fields, f)
	}
	return true
}

// Len reports how many problems were recorded.
func (p *Problems) Len() int { return len(p.fields) }

// Err returns a *ValidationError with every recorded field, or nil.
func (p *Problems) Err(op string) error {
	if len(p.fields) == 0 {
		return nil
	}
	return &ValidationError{Op: op, Fields: append([]FieldError(nil), p.fields...)}
}
