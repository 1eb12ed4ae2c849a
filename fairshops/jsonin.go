package fairshops

import "github.com/fairshops/konfliktservice/internal/jsontree"

// Strict JSON input of the catalogue and shop facts: internal/jsontree reads
// the document key by key and reports to a Problems; these readers add the
// shapes of this package that it does not know. The packages above fairshops
// read Date and Money with internal/jsonin (docs/adr-shared-vocabulary.md).

// maxPoints bounds a criterion's points and the bonus threshold.
const maxPoints = 100000

// jsonDate returns a YYYY-MM-DD field as a Date.
func jsonDate(o jsontree.Node, p *Problems, key string, required bool) Date {
	var d Date
	o.Scan(p, key, required, &d, ReasonInvalidDate)
	return d
}

// jsonPoints returns an integer field from 0 to maxPoints.
func jsonPoints(o jsontree.Node, p *Problems, key string, required bool) int {
	n, _ := o.Int(p, key, required, 0, maxPoints)
	return int(n)
}

// jsonText returns a required {"de", "en"} field; null is a wrong type.
func jsonText(o jsontree.Node, p *Problems, key string) Text {
	if !o.Has(key) {
		p.Add(o.Field(key), ReasonRequired)
		return Text{}
	}
	to, ok := jsontree.AsObject(o.Value(key), o.Field(key), p)
	if !ok {
		return Text{}
	}
	to.Only(p, "de", "en")
	return Text{De: to.Str(p, "de", true), En: to.Str(p, "en", true)}
}
