package complaint

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The access rules these two functions implement are listed in the package
// doc (Access).

// wellFormed reports whether p can be a caller of the Service at all.
func wellFormed(p fairshops.Principal) bool {
	switch p.Role {
	case fairshops.RoleConsumer:
		return p.Token != ""
	case fairshops.RoleShop:
		return p.ShopID != ""
	case fairshops.RoleOperator:
		return utf8.ValidString(p.Name) && utf8.RuneCountInString(p.Name) <= MaxName &&
			!strings.ContainsFunc(p.Name, unicode.IsControl)
	}
	return false
}

// canRead reports whether p may see c.
func canRead(p fairshops.Principal, c *Complaint) bool {
	switch p.Role {
	case fairshops.RoleConsumer:
		return c.TokenHash != "" && p.Token.Matches(c.TokenHash)
	case fairshops.RoleShop:
		return p.ShopID == c.ShopID && !c.ForwardedOn.IsZero()
	case fairshops.RoleOperator:
		return true
	}
	return false
}
