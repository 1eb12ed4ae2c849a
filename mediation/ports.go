package mediation

import (
	"context"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// ComplaintInfo is what a case needs to know about its complaint. The
// wiring adapter fills it from the complaint service:
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

// Shops is the port to the shop registry; *fairshops.Registry satisfies it.
type Shops interface {
	Entitlements(ctx context.Context, shopID string, on fairshops.Date) (fairshops.Entitlements, error)
}

// Principal is who calls the service: a consumer holding the complaint's
// private token, a shop (its own cases only), the operator, or the system.
// Name is the operator's name for the history; a token is never recorded.
type Principal struct {
	Role   Role
	ShopID string
	Token  fairshops.Token
	Name   string
}

func (p Principal) actor() Actor {
	a := Actor{Role: p.Role}
	switch p.Role {
	case Shop:
		a.ShopID = p.ShopID
	case Operator:
		a.Name = p.Name
	}
	return a
}

// sees reports whether the principal may see a case of the shop whose
// consumer token hashes to tokenHash.
func (p Principal) sees(shopID, tokenHash string) bool {
	switch p.Role {
	case Consumer:
		return p.Token != "" && tokenHash != "" && p.Token.Matches(tokenHash)
	case Shop:
		return p.ShopID != "" && p.ShopID == shopID
	case Operator, System:
		return true
	}
	return false
}
