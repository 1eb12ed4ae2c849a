package complaint

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Principal is who calls the Service, as the caller (the HTTP layer, a shop
// platform) has authenticated them: a consumer holding a complaint's private
// token, a shop by its ID (after its API key or session was checked), or the
// operator by name. Build one with AsConsumer, AsShop or AsOperator.
//
// Access rules, enforced by the Service for every method:
//   - the consumer whose token matches the complaint's token hash (compared
//     in constant time), the shop the complaint is about once it was
//     forwarded to it, and the operator may read a complaint and act on it
//     as the lifecycle allows their role;
//   - anyone else (another token, another shop, the shop before forwarding)
//     gets NotFound, exactly as for a complaint that does not exist, so
//     nothing reveals whether an ID exists;
//   - a malformed principal (no or unknown role, a shop without an ID, a
//     consumer without a token, an operator name that is no single line of
//     at most MaxName characters, System) gets Forbidden before anything is
//     read;
//   - a caller who may read the complaint but whose role may never make the
//     move gets Forbidden; a move the role may make, but not now (state,
//     deadline, displeasure-only complaint), gets NotAllowed.
type Principal struct {
	Role   Role
	ShopID string          // for Shop: the shop's ID
	Token  fairshops.Token // for Consumer: the complaint's private token
	Name   string          // for Operator: who, for the history (optional)
}

// AsConsumer returns the principal of the consumer holding token.
func AsConsumer(token fairshops.Token) Principal { return Principal{Role: Consumer, Token: token} }

// AsShop returns the principal of the shop with the ID.
func AsShop(shopID string) Principal { return Principal{Role: Shop, ShopID: shopID} }

// AsOperator returns the principal of the operator's staff member name.
func AsOperator(name string) Principal { return Principal{Role: Operator, Name: name} }

// wellFormed reports whether p can be a caller of the Service at all.
func (p Principal) wellFormed() bool {
	switch p.Role {
	case Consumer:
		return p.Token != ""
	case Shop:
		return p.ShopID != ""
	case Operator:
		return utf8.ValidString(p.Name) && utf8.RuneCountInString(p.Name) <= MaxName &&
			!strings.ContainsFunc(p.Name, unicode.IsControl)
	}
	return false
}

// canRead reports whether p may see c.
func (p Principal) canRead(c *Complaint) bool {
	switch p.Role {
	case Consumer:
		return c.TokenHash != "" && p.Token.Matches(c.TokenHash)
	case Shop:
		return p.ShopID == c.ShopID && !c.ForwardedOn.IsZero()
	case Operator:
		return true
	}
	return false
}

// actor is how the history records p: never the token.
func (p Principal) actor() Actor {
	switch p.Role {
	case Shop:
		return Actor{Role: Shop, ShopID: p.ShopID}
	case Operator:
		return Actor{Role: Operator, Name: p.Name}
	}
	return Actor{Role: p.Role}
}
