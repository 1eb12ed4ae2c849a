package complaint

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The queue and its search (issue 14, item 4; docs/adr-queue-search.md):
// Store.Search answers the operator's queue and the shop's inbox with
// summaries, not whole aggregates, filtered and searched in the store
// (SQLite FTS5, PostgreSQL full-text search with the german configuration,
// a tokenised match in memory). Store.Stats works out the dashboard's
// figures in the store.

// Query selects complaints for Store.Search. Empty fields match all; every
// set field must match.
//
// Text is split into words (SearchWords); a complaint matches when every
// word begins a word of its searchable text (SearchText) or every word
// begins a word of its shop's name. A Text of one word that is a key
// (an ID, an order reference; see Exact) also matches that key exactly.
// Stores may match more than the words' beginnings (PostgreSQL stems
// German words: "Rücksendungen" finds "Rücksendung"), never less.
//
// Paging and order are those of Filter: CreatedAt, then ID, After the ID
// of the last summary seen (unknown: Invalid), Limit via fairshops.PageLimit.
type Query struct {
	Text      string
	ShopID    string  // only complaints about this shop
	States    []State // only complaints in one of these states
	Forwarded bool    // only complaints forwarded to the shop
	// Violation, when set, keeps only complaints whose pre-check named
	// (true) or did not name (false) a standard violation.
	Violation *bool
	// Overdue keeps only forwarded complaints whose answer period ended
	// before Today without an answer (State Forwarded, AnswerDue < Today).
	Overdue bool
	Today   fairshops.Date // the day Overdue is judged on (the Service sets it)
	// AssignedTo keeps only complaints assigned to this operator account;
	// Unassigned only those assigned to nobody.
	AssignedTo string
	Unassigned bool
	After      string
	Limit      int
}

// Summary is one complaint as a list shows it: what the queue, the inbox
// and the CSV export need, read without the thread and the history.
type Summary struct {
	ID          string
	Reference   string // the short reference for people (KS-XXXX-XXXX)
	ShopID      string
	State       State
	Category    precheck.Category
	OrderRef    string
	Contact     Contact
	Excerpt     string // the start of the consumer's description (ExcerptRunes runes at most)
	Violation   bool   // the pre-check named a standard violation
	Displeasure bool   // the complaint only voices displeasure
	ForwardedOn fairshops.Date
	AnswerDue   fairshops.Date
	AssignedTo  string
	Messages    int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ExcerptRunes is the length of Summary.Excerpt.
const ExcerptRunes = 140

// Summarize returns the summary of c, as every store must.
func Summarize(c *Complaint) Summary {
	return Summary{ID: c.ID, Reference: c.Reference, ShopID: c.ShopID, State: c.State, Category: c.Facts.Category, OrderRef: c.OrderRef,
		Contact: c.Contact, Excerpt: Excerpt(c.Facts.Description), Violation: len(c.Precheck.StandardViolations) > 0,
		Displeasure: c.Displeasure(), ForwardedOn: c.ForwardedOn, AnswerDue: c.AnswerDue, AssignedTo: c.AssignedTo,
		Messages: len(c.Messages), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// Excerpt returns the first ExcerptRunes runes of a description.
func Excerpt(s string) string {
	if fairshops.IsTombstone(s) {
		return "" // erased
	}
	n := 0
	for i := range s {
		if n == ExcerptRunes {
			return s[:i]
		}
		n++
	}
	return s
}

// Overdue reports whether the shop's answer period of c ended before
// today without an answer.
func (c *Complaint) Overdue(today fairshops.Date) bool {
	return c.State == Forwarded && !c.AnswerDue.IsZero() && c.AnswerDue.Before(today)
}

// SearchText is the searchable text of a complaint: its keys, the
// consumer's name and e-mail address and the description, as words
// (SearchWords) separated by single spaces. Stores index it as it is
// written; a new searchable field is one more entry here.
func SearchText(c *Complaint) string {
	fields := []string{c.ID, c.Reference}
	for _, f := range []string{c.OrderRef, c.Contact.Name, c.Contact.Email, c.Facts.Description} {
		if !fairshops.IsTombstone(f) { // erased: nothing to find by
			fields = append(fields, f)
		}
	}
	return strings.Join(SearchWords(strings.Join(fields, " ")), " ")
}

// maxSearchWord bounds a word of the search (longer runs are cut).
const maxSearchWord = 48

// maxQueryWords bounds how many words of a query are searched.
const maxQueryWords = 8

// SearchWords splits s into lower-case words: maximal runs of Unicode
// letters and digits, each at most 48 runes; everything else separates
// words. Umlauts stay (each store folds them its own way). Words are
// plain letters and digits, so no store's query syntax can hide in them.
func SearchWords(s string) []string {
	var out []string
	var b strings.Builder
	runes := 0
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
		runes = 0
	}
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if runes < maxSearchWord {
			b.WriteRune(unicode.ToLower(r))
		}
		runes++
	}
	flush()
	return out
}

// QueryWords returns the words of a query's Text that a store searches:
// SearchWords, without repeats, at most 8, and without one-letter words
// when there are longer ones ("A-10023" searches "10023": a one-letter
// prefix matches nearly everything and only slows the search down).
func QueryWords(text string) []string {
	var out []string
	all := SearchWords(text)
	long := slices.ContainsFunc(all, func(w string) bool { return utf8.RuneCountInString(w) > 1 })
	for _, w := range all {
		if long && utf8.RuneCountInString(w) == 1 {
			continue
		}
		if !slices.Contains(out, w) && len(out) < maxQueryWords {
			out = append(out, w)
		}
	}
	return out
}

// Exact returns the key a query's Text names when it is one word without
// spaces that could be a key (an ID, an order reference): stores match it
// exactly against those columns besides the word search. ok is false for
// any other text.
func Exact(text string) (key string, ok bool) {
	key = strings.TrimSpace(text)
	if key == "" || len(key) > 100 || strings.ContainsFunc(key, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}) || !utf8.ValidString(key) {
		return "", false
	}
	return key, true
}

// FoldWord is the form in which the memory adapter compares words:
// lower case, ä, ö, ü to a, o, u and ß to ss (as SQLite's remove_diacritics
// and PostgreSQL's german stemmer do).
func FoldWord(w string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(w) {
		switch r {
		case 'ä', 'à', 'á', 'â':
			b.WriteByte('a')
		case 'ö', 'ò', 'ó', 'ô':
			b.WriteByte('o')
		case 'ü', 'ù', 'ú', 'û':
			b.WriteByte('u')
		case 'é', 'è', 'ê':
			b.WriteByte('e')
		case 'ß':
			b.WriteString("ss")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MatchWords reports whether every query word begins some word of text
// (both compared by FoldWord): the match every store must make at least.
func MatchWords(query []string, text string) bool {
	if len(query) == 0 {
		return true
	}
	words := SearchWords(text)
	for i, w := range words {
		words[i] = FoldWord(w)
	}
	for _, q := range query {
		q = FoldWord(q)
		if !slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, q) }) {
			return false
		}
	}
	return true
}

// Match reports whether c passes the query's filters (not Text, not the
// cursor), so that store implementations agree on their meaning.
func (q Query) Match(c *Complaint) bool {
	return (q.ShopID == "" || c.ShopID == q.ShopID) &&
		(len(q.States) == 0 || slices.Contains(q.States, c.State)) &&
		(!q.Forwarded || !c.ForwardedOn.IsZero()) &&
		(q.Violation == nil || *q.Violation == (len(c.Precheck.StandardViolations) > 0)) &&
		(!q.Overdue || c.Overdue(q.Today)) &&
		(q.AssignedTo == "" || c.AssignedTo == q.AssignedTo) &&
		(!q.Unassigned || c.AssignedTo == "")
}

// Milestones are the days of a complaint the dashboard counts by, read
// from its creation time and its history in loc: filed, first answered by
// the shop, ended (resolved, withdrawn, escalated or closed). Zero when it
// has not happened. Stores keep them beside the complaint so that Stats
// can count in the database.
type Milestones struct {
	Filed, Answered, Ended fairshops.Date
}

// MilestonesOf reads the milestones of c in loc.
func MilestonesOf(c *Complaint, loc *time.Location) Milestones {
	m := Milestones{Filed: fairshops.DateOf(c.CreatedAt, loc)}
	for _, e := range c.History {
		switch e.Action {
		case "answered":
			if m.Answered.IsZero() {
				m.Answered = fairshops.DateOf(e.At, loc)
			}
		case "resolved", "withdrawn", "escalated", "closed":
			if m.Ended.IsZero() {
				m.Ended = fairshops.DateOf(e.At, loc)
			}
		}
	}
	return m
}

// Outcome is how a shop met the answer deadline of one complaint.
type Outcome int

// The outcomes of an answer deadline.
const (
	OutcomeNone   Outcome = iota // no deadline, not due yet, or ended before it without an answer
	OutcomeOnTime                // answered on or before the last day
	OutcomeLate                  // answered after the last day
	OutcomeMissed                // the last day passed without an answer
)

// OutcomeOf says how the shop met the answer deadline due of a complaint
// with milestones m and the deadline-missed mark missed, as of today. A
// complaint that ended before its deadline without an answer was never
// due. Stores compute the same in SQL (Store.Stats).
func OutcomeOf(due fairshops.Date, m Milestones, missed bool, today fairshops.Date) Outcome {
	switch {
	case due.IsZero():
		return OutcomeNone
	case !m.Answered.IsZero():
		if m.Answered.After(due) {
			return OutcomeLate
		}
		return OutcomeOnTime
	case missed:
		return OutcomeMissed
	case !m.Ended.IsZero():
		if m.Ended.After(due) {
			return OutcomeMissed
		}
		return OutcomeNone
	case today.After(due):
		return OutcomeMissed
	}
	return OutcomeNone
}

// StatsQuery asks Store.Stats for the figures of the days From to To
// (inclusive): complaints filed in them, deadlines that fell in them, as
// of Today; and the Shops shops with the most complaints (all time; 0:
// none listed, at most fairshops.MaxLimit).
type StatsQuery struct {
	From, To fairshops.Date
	Today    fairshops.Date
	Shops    int
}

// Stats are the dashboard's figures, counted by the store.
type Stats struct {
	// States counts every complaint by state (all time), in the order of
	// States(); states without complaints are left out.
	States []StateCount
	// Filed counts the complaints filed from From to To by month (the
	// first day of the month) and category, ordered by month, then
	// category.
	Filed []MonthCount
	// Compliance counts the decided answer deadlines (OutcomeOf) that fell
	// from From to To by month, oldest first; months without any are left
	// out.
	Compliance []MonthCompliance
	// Shops are the shops with the most complaints, most first, then by ID.
	Shops []ShopCount
	// Paused counts, apart from Compliance, the complaints whose shop
	// paused its answer clock (Clock.Pauses > 0) by the month of their
	// deadline from From to To, with the days of their ended pauses;
	// oldest first, months without any left out. Compliance already
	// judges the deadline after the pauses.
	Paused []MonthPaused
}

// MonthPaused is how much the answer clocks of one month's deadlines were
// paused: the complaints and the days paused in all.
type MonthPaused struct {
	Month            fairshops.Date // the first day of the month
	Complaints, Days int
}

// StateCount is how many complaints are in one state.
type StateCount struct {
	State State
	Count int
}

// MonthCount is how many complaints of a category were filed in a month.
type MonthCount struct {
	Month    fairshops.Date // the first day of the month
	Category precheck.Category
	Count    int
}

// MonthCompliance is how the answer deadlines of one month were met.
type MonthCompliance struct {
	Month                fairshops.Date // the first day of the month
	OnTime, Late, Missed int
}

// ShopCount is one shop's complaints: all, the open ones, and those whose
// deadline the shop missed.
type ShopCount struct {
	ShopID              string
	Total, Open, Missed int
}

// MonthOf returns the first day of d's month.
func MonthOf(d fairshops.Date) fairshops.Date {
	y, m, _ := d.Parts()
	return fairshops.NewDate(y, m, 1)
}
