package audit

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Log is the store port of the audit log, implemented in adapters/
// (memory, sql) and checked by the suite in audit/storetest. It has no
// Update and no Delete: entries are only ever appended, and only Prune
// (the retention) removes them, from the start of the chain and with a
// checkpoint that keeps the rest verifiable.
type Log interface {
	// Append numbers e, chains it to the last entry (Entry.Chain: Seq,
	// Prev, Hash are set on e) and stores it, as one unit of work that is
	// serialised against every other Append, on any node: the log stays
	// one chain without gaps. e has been checked (Entry.Check).
	Append(ctx context.Context, e *Entry) error
	// List returns one page of entries that match f, by Seq (ascending,
	// or descending with f.Newest); f.After is the Seq of the last entry
	// seen, and an After that names no stored entry is Invalid
	// (fairshops.UnknownCursor).
	List(ctx context.Context, f Filter) ([]Entry, error)
	// Head returns the last entry's Seq and Hash (zero for an empty log).
	Head(ctx context.Context) (Head, error)
	// Prune deletes the longest prefix of the log whose entries were all
	// recorded before cutoff and appends Checkpoint(at, the last pruned
	// entry) chained to the head, as one unit of work serialised with
	// Append; it returns how many entries it deleted. When no entry is due
	// it deletes nothing and appends nothing. After a pruning, List and its
	// cursor see only the entries left (a pruned Seq is an unknown cursor).
	Prune(ctx context.Context, cutoff, at time.Time) (int, error)
}

// Filter selects and pages entries. Empty fields select everything.
type Filter struct {
	Action  Action
	Actor   string  // the actor's login, exactly
	Subject Subject // the kind, and the ID when not empty
	// From and Until bound At: From <= At < Until, both taken to the
	// microsecond as entries are (Entry.Chain); zero: unbounded.
	From, Until time.Time
	// Newest lists the last entries first (the operator's page); the
	// default is the log's order, as Verify reads it.
	Newest bool
	After  int // cursor: the Seq of the last entry of the page before; 0 for the first page
	Limit  int // fairshops.PageLimit
}

// Check reports the fields of f that no entry could match.
func (f Filter) Check() error {
	var p fairshops.Problems
	if f.Action != "" && !f.Action.Valid() {
		p.Add("action", fairshops.ReasonUnknownValue, string(f.Action), fairshops.OneOf(Actions()))
	}
	if f.Subject.Kind != "" && !f.Subject.Kind.Valid() {
		p.Add("kind", fairshops.ReasonUnknownValue, string(f.Subject.Kind), fairshops.OneOf(Kinds()))
	}
	if f.Subject.ID != "" && f.Subject.Kind == "" {
		p.Add("subject", fairshops.ReasonNotAllowedHere)
	}
	if f.After < 0 {
		p.Add("after", fairshops.ReasonNegative)
	}
	if !f.From.IsZero() && !f.Until.IsZero() && !f.From.Before(f.Until) {
		p.Add("until", fairshops.ReasonBefore, "from")
	}
	return p.Err("audit.Filter.Check")
}

// Match reports whether e is selected by f's criteria (not its paging):
// the rule every adapter implements, written once for the memory adapter
// and the suite.
func (f Filter) Match(e Entry) bool {
	return (f.Action == "" || e.Action == f.Action) &&
		(f.Actor == "" || e.Actor.Login == f.Actor) &&
		(f.Subject.Kind == "" || e.Subject.Kind == f.Subject.Kind) &&
		(f.Subject.ID == "" || e.Subject.ID == f.Subject.ID) &&
		(f.From.IsZero() || !e.At.Before(f.From.Truncate(time.Microsecond))) &&
		(f.Until.IsZero() || e.At.Before(f.Until.Truncate(time.Microsecond)))
}

// The query parameters of a filter (ParseFilter, Filter.Values).
var filterParams = []string{"action", "actor", "kind", "subject", "from", "until", "order", "after", "limit"}

// FilterParams lists the query parameters ParseFilter reads.
func FilterParams() []string { return append([]string(nil), filterParams...) }

// ParseFilter reads a filter from query parameters (a url.Values): action,
// actor (a login), kind and subject (an ID of that kind), from and until
// (a date YYYY-MM-DD in loc, until inclusive, or an RFC 3339 time, until
// exclusive), order (oldest, the default, or newest), after (a Seq) and
// limit. Every wrong parameter is reported at once, as a
// *fairshops.ValidationError.
func ParseFilter(q map[string][]string, loc *time.Location) (Filter, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	var p fairshops.Problems
	f := Filter{Action: Action(get("action")), Actor: get("actor"),
		Subject: Subject{Kind: Kind(get("kind")), ID: get("subject")}}
	for _, name := range []string{"actor", "subject"} {
		checkText(&p, name, get(name))
	}
	f.From = parseBound(&p, "from", get("from"), loc, false)
	f.Until = parseBound(&p, "until", get("until"), loc, true)
	switch get("order") {
	case "", "oldest":
	case "newest":
		f.Newest = true
	default:
		p.Add("order", fairshops.ReasonUnknownValue, get("order"), "oldest, newest")
	}
	f.After = parseInt(&p, "after", get("after"))
	f.Limit = parseInt(&p, "limit", get("limit"))
	p.Merge("", f.Check())
	return f, p.Err("audit.ParseFilter")
}

func parseBound(p *fairshops.Problems, field, s string, loc *time.Location, until bool) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t
	}
	if loc == nil {
		loc = time.UTC
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		p.Add(field, fairshops.ReasonInvalidFormat, "YYYY-MM-DD")
		return time.Time{}
	}
	if until {
		d = d.AddDate(0, 0, 1) // the whole day
	}
	return d
}

func parseInt(p *fairshops.Problems, field, s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		p.Add(field, fairshops.ReasonInvalidFormat, "0, 1, 2, ...")
		return 0
	}
	return n
}

// Values returns the query parameters that ParseFilter reads back as f
// (times as RFC 3339), for the links of the next page.
func (f Filter) Values() map[string][]string {
	q := map[string][]string{}
	set := func(k, v string) {
		if v != "" {
			q[k] = []string{v}
		}
	}
	set("action", string(f.Action))
	set("actor", f.Actor)
	set("kind", string(f.Subject.Kind))
	set("subject", f.Subject.ID)
	if !f.From.IsZero() {
		set("from", f.From.Format(time.RFC3339Nano))
	}
	if !f.Until.IsZero() {
		set("until", f.Until.Format(time.RFC3339Nano))
	}
	if f.Newest {
		set("order", "newest")
	}
	if f.After > 0 {
		set("after", strconv.Itoa(f.After))
	}
	if f.Limit > 0 {
		set("limit", strconv.Itoa(f.Limit))
	}
	return q
}
