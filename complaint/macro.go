package complaint

import (
	"context"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Macros are the operators' canned replies (issue 14, item 4): a title and
// a body with placeholders, which the operator's complaint page fills in
// for one complaint to pre-fill a message. The placeholders are replaced
// as plain text (ExpandMacro), never run as a template: a macro is typed by
// an operator and may hold anything.

// Macro is one canned reply.
type Macro struct {
	ID        string    `json:"id"` // fairshops.NewID("mac")
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Version   int       `json:"version"` // optimistic lock; 1 after Create
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Limits of a macro.
const (
	MaxMacroTitle = 120
	MaxMacroBody  = MaxMessage
)

// Placeholders of a macro's body, each replaced by ExpandMacro.
const (
	PlaceholderReference    = "{{reference}}"     // the complaint's ID (its human reference once it has one)
	PlaceholderShop         = "{{shop}}"          // the shop's name
	PlaceholderConsumerName = "{{consumer_name}}" // the consumer's name
	PlaceholderAnswerDue    = "{{answer_due}}"    // the last day of the shop's answer period, formatted
	PlaceholderOrderRef     = "{{order_ref}}"     // the order reference
)

// MacroValues are the values of the placeholders for one complaint.
type MacroValues struct {
	Reference, Shop, ConsumerName, AnswerDue, OrderRef string
}

// ExpandMacro replaces the placeholders of body by the values, in one pass
// (a value that looks like a placeholder stays as it is); unknown
// placeholders stay as typed.
func ExpandMacro(body string, v MacroValues) string {
	return strings.NewReplacer(PlaceholderReference, v.Reference, PlaceholderShop, v.Shop,
		PlaceholderConsumerName, v.ConsumerName, PlaceholderAnswerDue, v.AnswerDue,
		PlaceholderOrderRef, v.OrderRef).Replace(body)
}

// MacroStore keeps macros; adapters implement it and pass
// complaint/storetest.RunMacros. Create stores version 1, Update checks the
// version (Conflict) and stores Version+1, Delete checks it too; Get and
// Delete of an unknown ID are NotFound. List returns the macros ordered
// by title, then ID (all of them: an operator team keeps a few dozen).
type MacroStore interface {
	Create(ctx context.Context, m *Macro) error
	Get(ctx context.Context, id string) (*Macro, error)
	Update(ctx context.Context, m *Macro) error
	Delete(ctx context.Context, id string, version int) error
	List(ctx context.Context) ([]*Macro, error)
}

// CheckMacro checks a macro's title and body (every problem at once) by
// the rules of a message: both required, within their limits, plain text;
// only the body may have newlines and tabs.
func CheckMacro(op string, m *Macro) error {
	var p fairshops.Problems
	checkText(&p, "title", m.Title, MaxMacroTitle, true, false)
	checkText(&p, "body", m.Body, MaxMacroBody, true, true)
	return p.Err(op)
}

// Macros is the service over a MacroStore: operators only, every macro
// checked (CheckMacro), IDs and times given here.
type Macros struct {
	store MacroStore
	clock fairshops.Clock
}

// NewMacros returns the service; clock defaults to the system clock.
func NewMacros(store MacroStore, clock fairshops.Clock) (*Macros, error) {
	if store == nil {
		var p fairshops.Problems
		p.Add("Store", fairshops.ReasonRequired)
		return nil, p.Err("complaint.NewMacros")
	}
	if clock == nil {
		clock = fairshops.SystemClock{}
	}
	return &Macros{store: store, clock: clock}, nil
}

// List returns every macro, by title.
func (s *Macros) List(ctx context.Context, p fairshops.Principal) ([]*Macro, error) {
	const op = "complaint.Macros.List"
	if err := operatorOnly(op, p); err != nil {
		return nil, err
	}
	list, err := s.store.List(ctx)
	return list, fairshops.Wrap(op, "", err)
}

// Get returns one macro.
func (s *Macros) Get(ctx context.Context, p fairshops.Principal, id string) (*Macro, error) {
	const op = "complaint.Macros.Get"
	if err := operatorOnly(op, p); err != nil {
		return nil, err
	}
	m, err := s.store.Get(ctx, id)
	return m, fairshops.Wrap(op, id, err)
}

// Create stores a new macro with the title and body.
func (s *Macros) Create(ctx context.Context, p fairshops.Principal, title, body string) (*Macro, error) {
	const op = "complaint.Macros.Create"
	if err := operatorOnly(op, p); err != nil {
		return nil, err
	}
	now := s.clock.Now().UTC().Truncate(time.Microsecond)
	m := &Macro{ID: fairshops.NewID("mac"), Title: title, Body: body, CreatedAt: now, UpdatedAt: now}
	if err := CheckMacro(op, m); err != nil {
		return nil, err
	}
	if err := s.store.Create(ctx, m); err != nil {
		return nil, fairshops.Wrap(op, m.ID, err)
	}
	return m, nil
}

// Save replaces the title and body of the macro at version.
func (s *Macros) Save(ctx context.Context, p fairshops.Principal, id string, version int, title, body string) (*Macro, error) {
	const op = "complaint.Macros.Save"
	if err := operatorOnly(op, p); err != nil {
		return nil, err
	}
	m := &Macro{ID: id, Title: title, Body: body, Version: version,
		UpdatedAt: s.clock.Now().UTC().Truncate(time.Microsecond)}
	if err := CheckMacro(op, m); err != nil {
		return nil, err
	}
	if err := s.store.Update(ctx, m); err != nil {
		return nil, fairshops.Wrap(op, id, err)
	}
	return m, nil
}

// Delete removes the macro at version.
func (s *Macros) Delete(ctx context.Context, p fairshops.Principal, id string, version int) error {
	const op = "complaint.Macros.Delete"
	if err := operatorOnly(op, p); err != nil {
		return err
	}
	return fairshops.Wrap(op, id, s.store.Delete(ctx, id, version))
}
