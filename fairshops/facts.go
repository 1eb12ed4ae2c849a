package fairshops

import (
	"fmt"

	"github.com/fairshops/konfliktservice/internal/jsontree"
)

// ShopFacts is what an assessment needs to know of a shop: the criteria it
// fulfils and its module bookings, on a date. It is the body of
// POST /api/v1/assessments and one record of examples/scoring.
type ShopFacts struct {
	ID        string    `json:"id,omitempty"`   // optional: names the shop in batch output
	Name      string    `json:"name,omitempty"` // optional
	AsOf      Date      `json:"as_of,omitzero"` // zero: the caller's today
	Fulfilled []string  `json:"fulfilled"`
	Bookings  []Booking `json:"bookings"`
}

// MaxFactsSize bounds one encoded ShopFacts record.
const MaxFactsSize = 1 << 20

// DecodeShopFacts reads one ShopFacts record from JSON and checks it against
// the catalogue: unknown keys, wrong types, unknown or duplicate criterion
// IDs, module criteria listed as fulfilled, and every booking problem
// (unknown module or mode, missing or reversed period, overlaps). Every
// problem is reported at once in a *ValidationError with JSON paths. A
// syntax error names its line and column within data.
func DecodeShopFacts(data []byte, cat *Catalogue) (ShopFacts, error) {
	const op = "fairshops.DecodeShopFacts"
	var p Problems
	if len(data) > MaxFactsSize {
		p.Add("", ReasonTooLarge, fmt.Sprintf("%d bytes", MaxFactsSize))
		return ShopFacts{}, p.Err(op)
	}
	tree, ok := jsontree.DecodeReport(data, &p)
	if !ok {
		return ShopFacts{}, p.Err(op)
	}
	f := checkFacts(tree, cat, &p)
	if err := p.Err(op); err != nil {
		return ShopFacts{}, err
	}
	return f, nil
}

func checkFacts(tree any, cat *Catalogue, p *Problems) ShopFacts {
	var f ShopFacts
	o, ok := jsontree.AsObject(tree, "", p)
	if !ok {
		return f
	}
	o.Only(p, "id", "name", "as_of", "fulfilled", "bookings")
	f.ID = o.Str(p, "id", false)
	if f.ID != "" {
		checkText(p, "id", f.ID, 200, false)
	}
	f.Name = o.Str(p, "name", false)
	if f.Name != "" {
		checkText(p, "name", f.Name, MaxShopName, false)
	}
	f.AsOf = jsonDate(o, p, "as_of", false)
	for i, v := range o.List(p, "fulfilled", false) {
		s, ok := v.(string)
		if !ok {
			p.Add(fmt.Sprintf("fulfilled[%d]", i), ReasonWrongType, "string")
			continue
		}
		f.Fulfilled = append(f.Fulfilled, s)
	}
	if len(f.Fulfilled) > len(cat.Criteria) {
		p.Add("fulfilled", ReasonTooMany, len(cat.Criteria))
	} else {
		checkFulfilled(p, "fulfilled", f.Fulfilled, cat)
	}
	list := o.List(p, "bookings", false)
	if len(list) > MaxBookings {
		p.Add("bookings", ReasonTooMany, MaxBookings)
		return f
	}
	var broken []bool
	for i, v := range list {
		path := fmt.Sprintf("bookings[%d]", i)
		bo, ok := jsontree.AsObject(v, path, p)
		broken = append(broken, !ok)
		if !ok {
			f.Bookings = append(f.Bookings, Booking{})
			continue
		}
		bo.Only(p, "module", "from", "until", "purpose", "mediation_mode")
		b := Booking{
			Module:        Module(bo.Str(p, "module", false)),
			From:          jsonDate(bo, p, "from", false),
			Until:         jsonDate(bo, p, "until", false),
			Purpose:       Purpose(bo.Str(p, "purpose", false)),
			MediationMode: MediationMode(bo.Str(p, "mediation_mode", false)),
		}
		f.Bookings = append(f.Bookings, b)
	}
	var bp Problems
	checkBookings(f.Bookings, false, &bp, broken)
	p.Merge("bookings", bp.Err(""))
	return f
}

// Check validates facts built in Go (not decoded from JSON) against the
// catalogue, with the same rules as DecodeShopFacts.
func (f *ShopFacts) Check(cat *Catalogue) error {
	var p Problems
	checkFulfilled(&p, "fulfilled", f.Fulfilled, cat)
	var bp Problems
	checkBookings(f.Bookings, false, &bp, nil)
	p.Merge("bookings", bp.Err(""))
	return p.Err("fairshops.ShopFacts.Check")
}
