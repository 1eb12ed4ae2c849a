package carrierclaim

import (
	"context"
	"errors"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Erasure of a claim's personal data (GDPR Art. 17), as part of the
// erasure of its complaint (complaint.Service.Erase;
// docs/adr-data-protection.md). What goes: the parcel's tracking number
// (it leads to the consumer's address) and the reasons written in the
// answers, each replaced by its tombstone (fairshops.Tombstone), the
// carrier's private link (no one can open the claim by it any more), the
// carrier's own documents with their bytes (documents.go; they may show the
// consumer's address on a label), and the consumer's consent to share
// files (the files themselves go with the complaint). What stays: the shop's claim against its carrier with the
// carrier's name, the incident, the dates, deadlines, amounts and states:
// the shop's own legal claim (Art. 17(3)(e)), which names no person.

// ActionErased is the history action of an erasure; the detail is
// "reason " and the complaint.ErasureReason.
const ActionErased = "erased"

// ErasedAt returns when the claim's personal data were erased; ok is false
// when they were not.
func (c *Claim) ErasedAt() (at time.Time, ok bool) {
	for _, e := range c.History {
		if e.Action == ActionErased {
			return e.At, true
		}
	}
	return time.Time{}, false
}

// Eraser erases the personal data of a complaint's carrier claim and its
// file shares; it works on the stores, so that the complaint service can
// hold it without a cycle (the claim service needs the complaint service).
type Eraser struct {
	store  Store
	shares Shares
	docs   Documents
	clock  fairshops.Clock
}

// NewEraser returns the eraser of the claims in store and the consents in
// shares (nil: none kept).
func NewEraser(store Store, shares Shares, clock fairshops.Clock) *Eraser {
	if clock == nil {
		clock = fairshops.SystemClock{}
	}
	return &Eraser{store: store, shares: shares, clock: clock}
}

// WithDocuments returns the eraser that also deletes the carrier's
// documents kept in docs.
func (e *Eraser) WithDocuments(docs Documents) *Eraser {
	out := *e
	out.docs = docs
	return &out
}

// EraseCases implements complaint.CaseEraser for the carrier claim of the
// complaint: its consents deleted, its personal data tombstoned with a
// history entry "erased", in one Update (a Conflict is retried on the
// fresh claim). Erasing again changes nothing.
func (e *Eraser) EraseCases(ctx context.Context, complaintID string, reason complaint.ErasureReason) error {
	const op = "carrierclaim.Eraser.EraseCases"
	if e.shares != nil {
		shares, err := e.shares.ByComplaint(ctx, complaintID)
		if err != nil {
			return fairshops.Wrap(op, complaintID, err)
		}
		for _, s := range shares {
			if err := e.shares.Delete(ctx, complaintID, s.FileID); err != nil && !errors.Is(err, fairshops.ErrNotFound) {
				return fairshops.Wrap(op, complaintID, err)
			}
		}
	}
	claims, err := e.store.List(ctx, Filter{ComplaintID: complaintID, Limit: fairshops.MaxLimit})
	if err != nil {
		return fairshops.Wrap(op, complaintID, err)
	}
	for _, c := range claims {
		if err := eraseDocuments(ctx, e.docs, c.ID); err != nil {
			return fairshops.Wrap(op, c.ID, err)
		}
		if err := e.eraseClaim(ctx, c, reason); err != nil {
			return fairshops.E(op, fairshops.KindOf(err), c.ID, "", err)
		}
	}
	return nil
}

func (e *Eraser) eraseClaim(ctx context.Context, c *Claim, reason complaint.ErasureReason) error {
	for attempt := 0; ; attempt++ {
		if _, done := c.ErasedAt(); done {
			return nil
		}
		now := e.clock.Now().UTC().Truncate(time.Microsecond)
		c.Tracking = fairshops.Tombstone(c.Tracking)
		for i := range c.Answers {
			c.Answers[i].Reason = fairshops.Tombstone(c.Answers[i].Reason)
		}
		c.InviteHash = ""
		c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: now,
			Actor: fairshops.Actor{Role: fairshops.RoleSystem}, Action: ActionErased, Detail: "reason " + string(reason)})
		c.UpdatedAt = now
		err := e.store.Update(ctx, c, nil)
		if err == nil || !errors.Is(err, fairshops.ErrConflict) || attempt >= 3 {
			return err
		}
		if c, err = e.store.Get(ctx, c.ID); err != nil {
			return err
		}
	}
}
