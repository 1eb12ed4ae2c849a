package fairshops

import "slices"

// Role is the part someone plays towards a complaint or a mediation case.
// Its string is stored (histories, case documents) and part of the JSON
// API, so the values never change.
type Role string

// The roles. Consumer and Shop are the parties; the Operator is the
// conflict service's staff; System is the service itself (the pre-check,
// automatic forwarding, timers), as which no outside caller ever acts.
const (
	RoleConsumer Role = "consumer"
	RoleShop     Role = "shop"
	RoleOperator Role = "operator"
	RoleSystem   Role = "system"
)

// Roles lists every role.
func Roles() []Role { return []Role{RoleConsumer, RoleShop, RoleOperator, RoleSystem} }

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles(), r) }

// Party reports whether r is a party to a dispute (consumer or shop).
func (r Role) Party() bool { return r == RoleConsumer || r == RoleShop }

// Actor is who did something, as a history records it: a role, plus the
// shop's ID for a shop and the operator's name for an operator. It never
// holds a token or a consumer's personal data, so histories can be
// exported and shown to every party.
type Actor struct {
	Role   Role   `json:"role"`
	ShopID string `json:"shop,omitempty"`
	Name   string `json:"name,omitempty"`
}

// Principal is who calls a service (complaint.Service, mediation.Service),
// as the caller (the HTTP layer, a shop platform) has authenticated them: a
// consumer holding a complaint's private token, a shop by its ID (after its
// API key or session was checked), the operator by name, or the system.
// Build one with AsConsumer, AsShop or AsOperator. What each principal may
// read and do is decided by the service it calls.
type Principal struct {
	Role   Role
	ShopID string // for RoleShop: the shop's ID
	Token  Token  // for RoleConsumer: the complaint's private token
	Name   string // for RoleOperator: who, for the history (optional)
}

// AsConsumer returns the principal of the consumer holding token.
func AsConsumer(token Token) Principal { return Principal{Role: RoleConsumer, Token: token} }

// AsShop returns the principal of the shop with the ID.
func AsShop(shopID string) Principal { return Principal{Role: RoleShop, ShopID: shopID} }

// AsOperator returns the principal of the operator's staff member name.
func AsOperator(name string) Principal { return Principal{Role: RoleOperator, Name: name} }

// Actor is how a history records p: the role with the shop's ID or the
// operator's name, never the token.
func (p Principal) Actor() Actor {
	switch p.Role {
	case RoleShop:
		return Actor{Role: RoleShop, ShopID: p.ShopID}
	case RoleOperator:
		return Actor{Role: RoleOperator, Name: p.Name}
	}
	return Actor{Role: p.Role}
}
