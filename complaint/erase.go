package complaint

import (
	"context"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Erasure (GDPR Art. 17; docs/adr-data-protection.md): every personal
// datum of a complaint is replaced by its tombstone (fairshops.Tombstone),
// which keeps the SHA-256 of what was erased; the complaint's row keeps
// what the statistics need (shop, category, states, dates, the pre-check)
// and its history stays verifiable (VerifyHistory).

// EventErased is written when a complaint's personal data were erased. Its
// data hold no personal datum (EventData); Reason is the ErasureReason.
const EventErased = "complaint.erased"

// ActionErased is the history action of an erasure; the detail is
// "reason " and the ErasureReason.
const ActionErased = "erased"

// ErasureReason says why a complaint was erased.
type ErasureReason string

// The reasons of an erasure.
const (
	// ErasureRequested: the data subject asked for it (Art. 17(1)), on
	// their own page or through the operator.
	ErasureRequested ErasureReason = "requested"
	// ErasureRetention: the retention period ended (Retention).
	ErasureRetention ErasureReason = "retention"
)

// Valid reports whether r is a known reason.
func (r ErasureReason) Valid() bool { return r == ErasureRequested || r == ErasureRetention }

// CaseEraser erases the personal data of every mediation case of a
// complaint (mediation.NewEraser). Service.Erase calls it before it erases
// the complaint, so that a failure leaves the complaint to be erased again.
type CaseEraser interface {
	EraseCases(ctx context.Context, complaintID string, reason ErasureReason) error
}

// ErasedAt returns when the complaint's personal data were erased, from its
// history; ok is false when they were not.
func (c *Complaint) ErasedAt() (at time.Time, ok bool) {
	for _, e := range c.History {
		if e.Action == ActionErased {
			return e.At, true
		}
	}
	return time.Time{}, false
}

// erasePersonal replaces every personal datum of c by its tombstone: the
// contact, the order reference, the description, every message body and
// the text of every internal note (which may name the person). The
// tombstones keep the digests; nothing else changes.
func (c *Complaint) erasePersonal() {
	c.Contact = Contact{Name: fairshops.Tombstone(c.Contact.Name), Email: fairshops.Tombstone(c.Contact.Email),
		Phone: fairshops.Tombstone(c.Contact.Phone)}
	c.OrderRef = fairshops.Tombstone(c.OrderRef)
	c.Facts.Description = fairshops.Tombstone(c.Facts.Description)
	for i := range c.Messages {
		c.Messages[i].Body = fairshops.Tombstone(c.Messages[i].Body)
	}
	for i := range c.Reviews {
		c.Reviews[i].Reason = fairshops.Tombstone(c.Reviews[i].Reason)
		c.Reviews[i].Answer = fairshops.Tombstone(c.Reviews[i].Answer)
	}
	for i := range c.History {
		if c.History[i].Action == ActionNoted {
			c.History[i].EraseDetail()
		}
	}
}

// mayErase reports why p may not erase c (nil: p may). The operator may
// erase any complaint at any time; the consumer their own complaint once it
// is final (an open one they withdraw first); the system (retention) any
// complaint; a shop none.
func mayErase(op string, p fairshops.Principal, c *Complaint) error {
	switch p.Role {
	case fairshops.RoleOperator, fairshops.RoleSystem:
		return nil
	case fairshops.RoleConsumer:
		if c.Open() {
			return fairshops.E(op, fairshops.NotAllowed, c.ID, "the complaint is open: withdraw it first", nil)
		}
		return nil
	}
	return fairshops.E(op, fairshops.Forbidden, c.ID, "", nil)
}

// Erase erases the personal data of the complaint (GDPR Art. 17): the
// mediation cases' first (Config.Cases), then every attachment (record and
// bytes; the history keeps each file's digest) and the overview links
// mailed to the consumer's address (Config.Overviews), then the complaint's own
// personal data (see erasePersonal), with a history entry "erased" and the
// event complaint.erased in one Store.Erase. Who: the operator at any time,
// the consumer (their token) for a final complaint (NotAllowed while it is
// open); the system only through ProcessRetention; a shop never (NotFound,
// as for reading). Erasing an erased complaint changes nothing and returns it:
// erasure is idempotent, so a retried request or a second node's retention
// run is harmless.
func (s *Service) Erase(ctx context.Context, p fairshops.Principal, id string, reason ErasureReason) (*Complaint, error) {
	const op = "complaint.Service.Erase"
	if p.Role == fairshops.RoleSystem {
		return nil, fairshops.E(op, fairshops.Forbidden, id, "the system erases through ProcessRetention", nil)
	}
	c, _, err := s.erase(ctx, op, p, id, reason)
	return c, err
}

// erase is Erase for every principal, the system included; wrote says
// whether this call erased (false: it found the complaint erased, by an
// earlier call or another node).
func (s *Service) erase(ctx context.Context, op string, p fairshops.Principal, id string, reason ErasureReason) (*Complaint, bool, error) {
	if !reason.Valid() {
		var pr fairshops.Problems
		pr.Add("reason", fairshops.ReasonUnknownValue, string(reason))
		return nil, false, pr.Err(op)
	}
	for attempt := 0; ; attempt++ {
		c, err := s.loadForErasure(ctx, op, p, id)
		if err != nil {
			return nil, false, err
		}
		if _, done := c.ErasedAt(); done {
			return outwardFor(p, c), false, nil
		}
		if err := mayErase(op, p, c); err != nil {
			return nil, false, err
		}
		if s.cases != nil {
			if err := s.cases.EraseCases(ctx, c.ID, reason); err != nil {
				return nil, false, fairshops.Wrap(op, id, err)
			}
		}
		if err := s.eraseFiles(ctx, c.ID); err != nil {
			return nil, false, fairshops.Wrap(op, id, err)
		}
		if s.overviews != nil && !fairshops.IsTombstone(c.Contact.Email) {
			if _, err := s.overviews.DeleteByEmail(ctx, NormalizeEmail(c.Contact.Email)); err != nil {
				return nil, false, fairshops.Wrap(op, id, err)
			}
		}
		now, _ := s.now()
		ch := &change{c: c, at: now}
		c.erasePersonal()
		c.record(now, p.Actor(), ActionErased, "reason "+string(reason))
		// No recipient: nobody is mailed (the consumer's address is gone);
		// webhook receivers learn to erase their copies.
		if err := ch.emit(EventErased, "", func(d *EventData) { d.Reason = string(reason) }); err != nil {
			return nil, false, fairshops.E(op, fairshops.Internal, id, "", err)
		}
		c.UpdatedAt = now
		err = s.store.Erase(ctx, c, ch.events)
		if err == nil {
			s.log.InfoContext(ctx, "complaint erased", "complaint", c.ID, "reason", string(reason))
			return outwardFor(p, c), true, nil
		}
		if fairshops.KindOf(err) != fairshops.Conflict || attempt >= maxRetries {
			return nil, false, fairshops.Wrap(op, id, err)
		}
	}
}

// loadForErasure is load, with the system (the retention) allowed to read
// every complaint.
func (s *Service) loadForErasure(ctx context.Context, op string, p fairshops.Principal, id string) (*Complaint, error) {
	if p.Role != fairshops.RoleSystem {
		return s.load(ctx, op, p, id)
	}
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, fairshops.Wrap(op, id, err)
	}
	return c, nil
}

// eraseFiles deletes every attachment of the complaint with its bytes and
// thumbnail.
func (s *Service) eraseFiles(ctx context.Context, id string) error {
	if s.files.store == nil {
		return nil
	}
	list, err := s.files.store.ByComplaint(ctx, id)
	if err != nil {
		return err
	}
	for _, a := range list {
		if err := s.files.store.Delete(ctx, a.ID); err != nil && fairshops.KindOf(err) != fairshops.NotFound {
			return err
		}
	}
	return nil
}

// CheckErasure checks a complaint that Store.Erase is to write against the
// stored one: the same messages (IDs, authors, times) and history entries
// (numbers, hashes, actions), where a message body or an entry's detail
// may differ only by being the tombstone of the stored one. Stores call it
// so that the erase path cannot rewrite anything else; the error names
// what differs.
func CheckErasure(stored, c *Complaint) string {
	if len(c.Messages) != len(stored.Messages) {
		return "erasure changes the number of messages"
	}
	for i, m := range c.Messages {
		o := stored.Messages[i]
		if m.ID != o.ID || m.Author != o.Author || !m.At.Equal(o.At) || !erasedOrSame(o.Body, m.Body) {
			return "erasure changes message " + o.ID + " beyond its body's tombstone"
		}
	}
	if len(c.History) < len(stored.History) {
		return "erasure removes history entries"
	}
	for i, o := range stored.History {
		e := c.History[i]
		if e.Seq != o.Seq || e.Hash != o.Hash || e.Prev != o.Prev || e.Action != o.Action || e.Actor != o.Actor ||
			!e.At.Equal(o.At) || !erasedOrSame(o.Detail, e.Detail) || e.Before != o.Before || e.After != o.After {
			return "erasure changes history entry " + strings.TrimSpace(o.Action) + " beyond its detail's tombstone"
		}
	}
	return ""
}

// erasedOrSame reports whether now is was, or its tombstone.
func erasedOrSame(was, now string) bool { return now == was || now == fairshops.Tombstone(was) }

// Erasers is a CaseEraser that calls each of its erasers in turn: the
// mediation cases' and the carrier claims' (Config.Cases).
type Erasers []CaseEraser

// EraseCases implements CaseEraser; it stops at the first error.
func (es Erasers) EraseCases(ctx context.Context, complaintID string, reason ErasureReason) error {
	for _, e := range es {
		if err := e.EraseCases(ctx, complaintID, reason); err != nil {
			return err
		}
	}
	return nil
}
