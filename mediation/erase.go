package mediation

import (
	"context"
	"encoding/json"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Erasure of a case's personal data (GDPR Art. 17), as part of the
// erasure of its complaint (complaint.Service.Erase;
// docs/adr-data-protection.md). What goes: the description in the case's
// copy of the facts and in the merged facts, and every statement's text
// (each replaced by its tombstone, fairshops.Tombstone, which keeps the
// digest). What stays: the case's states, dates, amounts, proposals and,
// for a settled case, the settlement with its amounts, duties and dates
// (kept for the parties' commercial retention duties, HGB §257, AO §147:
// docs/adr-retention.md); the history (codes, roles, shop IDs and operator
// logins only), which keeps verifying.

// EventErased is written when a case's personal data were erased.
const EventErased = "mediation.erased"

// ActionErased is the history action of an erasure; the detail is
// "reason " and the complaint.ErasureReason.
const ActionErased = "erased"

// ErasedAt returns when the case's personal data were erased; ok is false
// when they were not.
func (c *Case) ErasedAt() (at time.Time, ok bool) {
	for _, e := range c.History {
		if e.Action == ActionErased {
			return e.At, true
		}
	}
	return time.Time{}, false
}

// erasePersonal replaces the personal data of the case by tombstones.
func (c *Case) erasePersonal() {
	c.Facts.Description = fairshops.Tombstone(c.Facts.Description)
	for i := range c.Statements {
		st := &c.Statements[i]
		st.Text = fairshops.Tombstone(st.Text)
		eraseFactValues(st.Facts)
	}
	if c.Merged != nil {
		c.Merged.Facts.Description = fairshops.Tombstone(c.Merged.Facts.Description)
		eraseFactValues(c.Merged.Settled)
	}
}

// eraseFactValues replaces the free text among stated facts (the
// description) by its tombstone.
func eraseFactValues(m map[string]json.RawMessage) {
	raw, ok := m["description"]
	if !ok {
		return
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		delete(m, "description")
		return
	}
	b, err := json.Marshal(fairshops.Tombstone(s))
	if err != nil {
		delete(m, "description")
		return
	}
	m["description"] = b
}

// Eraser erases the personal data of the cases of a complaint: the
// complaint.CaseEraser that complaint.Config.Cases takes. It works on the
// Store directly (not through the Service), so the complaint service can be
// built before the mediation service that needs it.
type Eraser struct {
	store Store
	clock fairshops.Clock
}

// NewEraser returns the Eraser over the case store; clock nil: the system
// clock.
func NewEraser(store Store, clock fairshops.Clock) *Eraser {
	if clock == nil {
		clock = fairshops.SystemClock{}
	}
	return &Eraser{store: store, clock: clock}
}

// EraseCases implements complaint.CaseEraser: every case of the complaint
// not erased yet gets its personal data erased, a history entry "erased"
// (actor: the system, which acts for whoever erased the complaint; the
// complaint's history names them) and the event mediation.erased, in one
// Update each (a Conflict is retried on the fresh case). A case that has not
// ended is refused with NotAllowed: the parties are still stating and
// answering, and erasing their texts would end the procedure; the
// operator ends it first (withdraw, or let it expire).
func (e *Eraser) EraseCases(ctx context.Context, complaintID string, reason complaint.ErasureReason) error {
	const op = "mediation.Eraser.EraseCases"
	cases, err := e.store.ByComplaint(ctx, complaintID)
	if err != nil {
		return fairshops.Wrap(op, complaintID, err)
	}
	for _, c := range cases {
		if !c.State.Final() {
			return fairshops.E(op, fairshops.NotAllowed, c.ID, "the mediation case has not ended", nil)
		}
	}
	for _, c := range cases {
		if err := e.eraseCase(ctx, c, reason); err != nil {
			return fairshops.E(op, fairshops.KindOf(err), c.ID, "", err)
		}
	}
	return nil
}

func (e *Eraser) eraseCase(ctx context.Context, c *Case, reason complaint.ErasureReason) error {
	for attempt := 0; ; attempt++ {
		if _, done := c.ErasedAt(); done {
			return nil
		}
		now := e.clock.Now().UTC().Truncate(time.Microsecond)
		c.erasePersonal()
		c.record(now, fairshops.Actor{Role: fairshops.RoleSystem}, ActionErased, "reason "+string(reason))
		c.UpdatedAt = now
		events, err := buildEvents(c, now, []occurrence{c.note(EventErased, "", nil)})
		if err != nil {
			return err
		}
		err = e.store.Update(ctx, c, events)
		if err == nil || fairshops.KindOf(err) != fairshops.Conflict || attempt >= 3 {
			return err
		}
		if c, err = e.store.Get(ctx, c.ID); err != nil {
			return err
		}
	}
}
