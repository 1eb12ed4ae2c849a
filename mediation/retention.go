package mediation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/sweep"
)

// The end of a settlement's period (docs/adr-retention.md): the complaint's
// personal data and the case's statements go after the limitation period
// (complaint.Retention.PersonalDataYears, Eraser), but the settlement stays,
// since the shop must be able to show it as a commercial document or a
// booking voucher (HGB §257, AO §147). When its own period ends
// (complaint.Retention.SettlementYears, from the end of the year the case was
// settled), a second erasure step on the case removes what was agreed: the
// amounts, instalments and parts of every option (the settled one and those
// of every proposal and draft), the moderator's notes (tombstones), the
// rationales' arguments, the obligations' amounts, the parties' claimed and
// offered amounts, and the consumer's token hash. What stays is what the
// statistics count: the states, dates, the settled option's kind, who
// accepted when (roles), the obligations' dates and states. The history
// gains one entry "settlement_erased" whose detail keeps the SHA-256 of the
// settlement as it was (its JSON encoding, as exports and case files carry
// it), so whoever holds an earlier copy can show that it is the one erased;
// the entries that recorded a draft's options before and after an edit get
// tombstones (fairshops.Entry.EraseDetail, which keeps each digest), the one
// rewrite Store.Erase allows, and the history verifies as the complaint's
// does after an erasure.

// ActionSettlementErased is the history action of the settlement's
// erasure; the detail is "reason retention digest=" and the hex SHA-256 of
// the settlement's JSON before.
const ActionSettlementErased = "settlement_erased"

// EventSettlementErased is written when a settlement's content was erased
// at the end of its period. It has no recipient; webhook receivers learn
// from it to erase their copies of the settlement.
const EventSettlementErased = "mediation.settlement_erased"

// SettledOn returns the day (Europe/Berlin) the case was settled: the zero
// Date for a case without a settlement. Stores index it for
// Store.DueForSettlementErasure.
func (c *Case) SettledOn() fairshops.Date {
	if c.Settlement == nil || c.Settlement.SettledAt.IsZero() {
		return fairshops.Date{}
	}
	return fairshops.DateOf(c.Settlement.SettledAt, fairshops.Berlin())
}

// SettlementErased reports whether the settlement's content was erased at
// the end of its period (a history entry "settlement_erased").
func (c *Case) SettlementErased() bool {
	for _, e := range c.History {
		if e.Action == ActionSettlementErased {
			return true
		}
	}
	return false
}

// DueForSettlementErasure reports whether Store.DueForSettlementErasure
// selects c for the day before: c has a settlement, settled before before
// (Europe/Berlin), not erased yet.
func (c *Case) DueForSettlementErasure(before fairshops.Date) bool {
	on := c.SettledOn()
	return !on.IsZero() && on.Before(before) && !c.SettlementErased()
}

// SettlementErasureOrder compares a and b in the order of
// Store.DueForSettlementErasure: the day each was settled, then ID.
func SettlementErasureOrder(a, b *Case) int {
	if c := a.SettledOn().Compare(b.SettledOn()); c != 0 {
		return c
	}
	switch {
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}

// SettlementDigest returns the hex SHA-256 of the settlement's JSON
// encoding (the domain's own, as exports and case files carry it).
func SettlementDigest(s Settlement) (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// eraseSettlement removes what the parties agreed and claimed (see the
// comment at the top of the file) and keeps what the statistics count.
func (c *Case) eraseSettlement() {
	if c.Settlement != nil {
		c.Settlement.Option = eraseOption(c.Settlement.Option)
	}
	for i := range c.Proposals {
		c.Proposals[i].Draft = eraseDraft(c.Proposals[i].Draft)
	}
	if c.Draft != nil {
		d := eraseDraft(*c.Draft)
		c.Draft = &d
	}
	for i := range c.Obligations {
		c.Obligations[i].Amount = nil
	}
	c.Claim.Amount, c.Offer.Amount = nil, nil
	for i := range c.Statements {
		if w := c.Statements[i].Want; w != nil {
			w.Amount = nil
		}
	}
	c.TokenHash = ""
	// The drafts' history entries hold the options before and after an
	// edit (amounts, notes): they become tombstones, and History.Verify
	// checks them by their place in the chain.
	for i := range c.History {
		if e := &c.History[i]; e.Before != "" || e.After != "" {
			e.EraseDetail()
		}
	}
}

// CheckErasure checks a case that Store.Erase is to write against the
// stored one: the same history entries (numbers, hashes, actions, actors,
// times), where an entry's detail, before or after may differ only by
// being the tombstone of the stored one; new entries may follow. Stores
// call it so that the erase path cannot rewrite anything else; the answer
// names what differs ("" for nothing).
func CheckErasure(stored, c *Case) string {
	if len(c.History) < len(stored.History) {
		return "erasure removes history entries"
	}
	for i, o := range stored.History {
		e := c.History[i]
		if e.Seq != o.Seq || e.Hash != o.Hash || e.Prev != o.Prev || e.Action != o.Action || e.Actor != o.Actor ||
			!e.At.Equal(o.At) || !tombstoneOrSame(o.Detail, e.Detail) || !tombstoneOrSame(o.Before, e.Before) ||
			!tombstoneOrSame(o.After, e.After) {
			return "erasure changes history entry " + o.Action + " beyond its tombstones"
		}
	}
	return ""
}

// tombstoneOrSame reports whether now is was, or its tombstone.
func tombstoneOrSame(was, now string) bool { return now == was || now == fairshops.Tombstone(was) }

func eraseDraft(d Draft) Draft {
	for i := range d.Options {
		d.Options[i] = eraseOption(d.Options[i])
	}
	d.Rationale.Args = nil
	return d
}

// eraseOption keeps an option's ID, kind, legal basis and who owes which
// act by when; amounts become zero in their currency, the note its
// tombstone.
func eraseOption(o Option) Option {
	o.Amount = fairshops.Money{Amount: decimal.Zero, Currency: o.Amount.Currency}
	o.Percent = decimal.Zero
	o.Parts, o.Instalments = nil, nil
	for i := range o.Duties {
		o.Duties[i].Amount = nil
	}
	o.Rationale.Args = nil
	o.Note = fairshops.Tombstone(o.Note)
	return o
}

// SettlementReport tells what one Service.ProcessRetention run did.
type SettlementReport struct {
	Erased int      // settlements erased
	Failed int      // cases left for the next run after an error
	IDs    []string // the cases whose settlement was erased
}

// ProcessRetention erases, as the system, the content of every settlement
// whose period (complaint.Retention.SettlementYears, counted from the end
// of the year the case was settled) has ended today: the second erasure
// step of a settled case (see the top of this file). It reads only what is
// due (Store.DueForSettlementErasure with the policy's SettlementCutoff),
// page by page. Several nodes may run it at once: each erasure is one
// versioned Update, a Conflict re-reads the case, and a case found erased is
// skipped, so each settlement is erased once. A failure on one case is
// logged and counted, the run goes on; a failing query or a canceled
// context ends it early. A policy that never erases settlements does
// nothing.
func (s *Service) ProcessRetention(ctx context.Context, r complaint.Retention) (SettlementReport, error) {
	const op = "mediation.Service.ProcessRetention"
	var rep SettlementReport
	if err := r.Validate(); err != nil {
		return rep, err
	}
	// Berlin, as SettledOn counts (s.loc may be another zone in tests).
	today := fairshops.DateOf(s.clock.Now(), fairshops.Berlin())
	cutoff, ok := r.SettlementCutoff(today)
	if !ok {
		return rep, nil
	}
	// eraseSettlement's wrote is false when another node erased it since
	// the page was read: its run counts it and records it in the audit log.
	var err error
	rep.IDs, rep.Failed, err = sweep.Due(ctx, op,
		func(after string, limit int) ([]*Case, error) {
			return s.store.DueForSettlementErasure(ctx, cutoff, after, limit)
		},
		func(c *Case) string { return c.ID },
		func(c *Case) (bool, error) { return s.eraseSettlement(ctx, c) },
		func(c *Case, err error) {
			s.log.ErrorContext(ctx, "settlement retention failed", "case", c.ID, "error", err)
		})
	rep.Erased = len(rep.IDs)
	if err != nil {
		return rep, err
	}
	if rep.Erased+rep.Failed > 0 {
		s.log.InfoContext(ctx, "settlement retention", "erased", rep.Erased, "failed", rep.Failed)
	}
	return rep, nil
}

// eraseSettlement is the second erasure step on one case, retried on a
// Conflict with the case read again; a case whose settlement is erased
// already (another node) is left alone. wrote says whether this call
// erased.
func (s *Service) eraseSettlement(ctx context.Context, c *Case) (wrote bool, err error) {
	for attempt := 0; ; attempt++ {
		if c.SettlementErased() || c.Settlement == nil {
			return false, nil
		}
		digest, err := SettlementDigest(*c.Settlement)
		if err != nil {
			return false, fairshops.E("mediation.Service.eraseSettlement", fairshops.Internal, c.ID, "", err)
		}
		now := s.clock.Now().UTC().Truncate(time.Microsecond)
		c.eraseSettlement()
		c.record(now, fairshops.Actor{Role: fairshops.RoleSystem}, ActionSettlementErased,
			"reason "+string(complaint.ErasureRetention)+" digest="+digest)
		c.UpdatedAt = now
		events, err := buildEvents(c, now, []occurrence{c.note(EventSettlementErased, "", nil)})
		if err != nil {
			return false, err
		}
		err = s.store.Erase(ctx, c, events)
		if err == nil {
			return true, nil
		}
		if fairshops.KindOf(err) != fairshops.Conflict || attempt >= 3 {
			return false, err
		}
		if c, err = s.store.Get(ctx, c.ID); err != nil {
			return false, err
		}
	}
}
