package mediation

import (
	"context"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// ComplaintInfo is what a case needs to know about its complaint.
// ComplaintsOf fills it from the complaint service:
//
//   - Forwarded: the complaint was forwarded to the shop at least once, so
//     the shop had the chance to answer (VSBG §14(1) no. 1 by analogy).
//   - Open: the complaint is not withdrawn, closed or resolved.
//   - Resolved: the complaint was resolved (the dispute is settled).
//   - ContactedShop: facts.contacted_shop_on is given, or the shop was
//     forwarded the complaint (so contact.shop_first is no longer open).
//   - ConsumerLang: the consumer's language for notices.
//   - Facts and Precheck: the complaint's facts and pre-check at filing.
//   - TokenHash: the hash of the consumer's private token, so the consumer
//     can act on the case with the same link.
//   - ShopAnswered: the shop answered the complaint; AnswerDue: the last
//     day of its answer period (zero: none set). A consumer may ask for a
//     case once the shop answered or AnswerDue has passed
//     (ReasonShopMayAnswer).
type ComplaintInfo struct {
	ID            string
	ShopID        string
	Forwarded     bool
	Open          bool
	Resolved      bool
	ContactedShop bool
	ConsumerLang  fairshops.Language
	Facts         precheck.Facts
	Precheck      precheck.Result
	TokenHash     string
	ShopAnswered  bool
	AnswerDue     fairshops.Date
}

// ShopMayAnswer reports whether the shop may still answer on the date:
// the complaint was forwarded, the shop has not answered and its answer
// period, which ends on AnswerDue, has not passed. A consumer's request
// for a case is then refused with ReasonShopMayAnswer.
func (i ComplaintInfo) ShopMayAnswer(today fairshops.Date) bool {
	return i.Forwarded && !i.ShopAnswered && !i.AnswerDue.IsZero() && !today.After(i.AnswerDue)
}

// Complaints is the port to the complaint side. Complaint returns NotFound
// for an unknown ID. MarkEscalated moves the complaint to "escalated" when
// its case opens; it must be idempotent for the same case ID (a retried
// opening calls it again) and may refuse with NotAllowed when the complaint
// cannot be escalated any more, which makes the opening fail.
type Complaints interface {
	Complaint(ctx context.Context, id string) (ComplaintInfo, error)
	MarkEscalated(ctx context.Context, complaintID, caseID string) error
}

// ComplaintsOf returns the Complaints port over the complaint service cs:
// what examples/server, the HTTP tests and any shop platform that runs both
// modules pass as Config.Complaints. (Tests of this package use a fake to
// reach states and failures the complaint service never produces.)
//
// Complaint maps a complaint to a ComplaintInfo: Forwarded when it was
// forwarded to the shop, Open unless it is withdrawn, closed or resolved (an
// escalated complaint stays open: its case goes on), ContactedShop when the
// consumer says so in the facts or the shop was forwarded the complaint.
// MarkEscalated is complaint.Service.MarkEscalated.
func ComplaintsOf(cs *complaint.Service) Complaints { return complaintsOf{cs} }

// complaintsOf adapts *complaint.Service to Complaints.
type complaintsOf struct{ cs *complaint.Service }

// Complaint implements Complaints.
func (a complaintsOf) Complaint(ctx context.Context, id string) (ComplaintInfo, error) {
	c, err := a.cs.ForCase(ctx, id)
	if err != nil {
		return ComplaintInfo{}, err
	}
	return InfoOf(c), nil
}

// InfoOf maps a complaint to what a case needs to know about it (see
// ComplaintsOf); pages use it to tell a consumer when they may ask for a
// case.
func InfoOf(c *complaint.Complaint) ComplaintInfo {
	forwarded := !c.ForwardedOn.IsZero()
	return ComplaintInfo{
		ID:            c.ID,
		ShopID:        c.ShopID,
		Forwarded:     forwarded,
		Open:          c.State != complaint.Withdrawn && c.State != complaint.Closed && c.State != complaint.Resolved,
		Resolved:      c.State == complaint.Resolved,
		ContactedShop: forwarded || !c.Facts.ContactedShopOn.IsZero(),
		ConsumerLang:  c.Lang,
		Facts:         c.Facts,
		Precheck:      c.Precheck,
		TokenHash:     c.TokenHash,
		// A shop's answer moves the complaint to answered; a case or the
		// consumer's end of the complaint come after it.
		ShopAnswered: c.State == complaint.Answered || c.DeadlineMissed,
		AnswerDue:    c.AnswerDue,
	}
}

// MarkEscalated implements Complaints.
func (a complaintsOf) MarkEscalated(ctx context.Context, complaintID, caseID string) error {
	return a.cs.MarkEscalated(ctx, complaintID, caseID)
}

// Shops is the port to the shop registry; *fairshops.Registry satisfies it.
type Shops interface {
	Entitlements(ctx context.Context, shopID string, on fairshops.Date) (fairshops.Entitlements, error)
}

// sees reports whether the principal may see a case of the shop whose
// consumer token hashes to tokenHash.
func sees(p fairshops.Principal, shopID, tokenHash string) bool {
	switch p.Role {
	case fairshops.RoleConsumer:
		return p.Token != "" && tokenHash != "" && p.Token.Matches(tokenHash)
	case fairshops.RoleShop:
		return p.ShopID != "" && p.ShopID == shopID
	case fairshops.RoleOperator, fairshops.RoleSystem:
		return true
	}
	return false
}
