package fairshops

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"regexp"

	"github.com/fairshops/konfliktservice/internal/jsontree"
)

// Module is one of the three graded modules of the conflict service.
type Module string

// The modules, from the smallest to the largest grade.
const (
	Themenportal      Module = "themenportal"
	Beschwerdeservice Module = "beschwerdeservice"
	Streitmoderation  Module = "streitmoderation"
)

// Modules lists the modules in ascending grade.
func Modules() []Module { return []Module{Themenportal, Beschwerdeservice, Streitmoderation} }

// Grade orders the modules: 1 Themenportal, 2 Beschwerdeservice,
// 3 Streitmoderation, 0 for anything else. A higher grade includes the
// services of the lower ones.
func (m Module) Grade() int {
	switch m {
	case Themenportal:
		return 1
	case Beschwerdeservice:
		return 2
	case Streitmoderation:
		return 3
	}
	return 0
}

// Valid reports whether m is one of Modules.
func (m Module) Valid() bool { return m.Grade() > 0 }

// CriterionKind tells MUST from BONUS criteria.
type CriterionKind string

// The two kinds of criteria of the standard.
const (
	Must  CriterionKind = "must"
	Bonus CriterionKind = "bonus"
)

// CombineRule says how the points of several booked modules count.
type CombineRule string

// The combine rules. Highest is the default: the modules are graded options,
// so only the highest active module counts (docs/adr-module-points.md).
const (
	Highest CombineRule = "highest"
	Sum     CombineRule = "sum"
)

// Text is a short text in German and English.
type Text struct {
	De string `json:"de"`
	En string `json:"en"`
}

// In returns the text in lang, German when lang is not English or the
// English text is empty.
func (t Text) In(lang Language) string {
	if lang == English && t.En != "" {
		return t.En
	}
	return t.De
}

// Area is one of the areas the standard's requirements come from.
type Area struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
}

// Criterion is one requirement of the standard. Module is set only on the
// three module criteria; their points count only for bookings active on the
// date of an assessment.
type Criterion struct {
	ID     string        `json:"id"`
	Area   string        `json:"area"`
	Kind   CriterionKind `json:"kind"`
	Points int           `json:"points"`
	Module Module        `json:"module,omitempty"`
	Title  Text          `json:"title"`
	Source string        `json:"source,omitempty"`
}

// Catalogue is one version of the Fair Shops Standard as data. It is
// read-only once loaded: build it with Load or DefaultCatalogue, never by hand.
type Catalogue struct {
	ID             string      `json:"id"`
	Version        string      `json:"version"`
	ValidFrom      Date        `json:"valid_from"`
	BonusThreshold int         `json:"bonus_threshold"`
	ModulePoints   CombineRule `json:"module_points"`
	Areas          []Area      `json:"areas"`
	Criteria       []Criterion `json:"criteria"`

	index   map[string]int  // criterion ID -> position in Criteria
	modules [4]int          // Module.Grade() -> position in Criteria
	plan    *assessmentPlan // precomputed tables for Assess
}

// Criterion returns the criterion with the given ID.
func (c *Catalogue) Criterion(id string) (Criterion, bool) {
	i, ok := c.index[id]
	if !ok {
		return Criterion{}, false
	}
	return c.Criteria[i], true
}

// ModuleCriterion returns the criterion that carries module m.
func (c *Catalogue) ModuleCriterion(m Module) Criterion { return c.Criteria[c.modules[m.Grade()]] }

// MaxCatalogueSize bounds what Load reads.
const MaxCatalogueSize = 4 << 20

//go:embed default_catalogue.json
var defaultCatalogue []byte

// DefaultCatalogue returns a fresh copy of the catalogue embedded in the
// library (see docs/catalogue.md for its sources and assumptions).
func DefaultCatalogue() *Catalogue {
	c, err := Load(bytes.NewReader(defaultCatalogue))
	if err != nil {
		// The embedded file is checked by the package's tests.
		panic(fmt.Sprintf("fairshops: embedded catalogue: %v", err))
	}
	return c
}

// MarshalJSON writes the catalogue in its import format.
func (c *Catalogue) MarshalJSON() ([]byte, error) {
	type plain Catalogue
	return json.Marshal((*plain)(c))
}

var (
	idPattern      = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$`)
	versionPattern = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$`)
)

// Load reads a catalogue in the JSON import format (docs/catalogue-format.md)
// from r and checks all of it: syntax, unknown keys, types, required fields,
// duplicate IDs, negative points, dangling area references, and that each of
// the three modules is carried by exactly one BONUS criterion. Every problem is
// reported at once in a *ValidationError whose fields are JSON paths
// ("criteria[3].points"); a syntax error names line and column.
func Load(r io.Reader) (*Catalogue, error) {
	const op = "fairshops.Load"
	data, err := io.ReadAll(io.LimitReader(r, MaxCatalogueSize+1))
	if err != nil {
		return nil, E(op, Internal, "", "read catalogue", err)
	}
	var p Problems
	if len(data) > MaxCatalogueSize {
		p.Add("", ReasonTooLarge, fmt.Sprintf("%d bytes", MaxCatalogueSize))
		return nil, p.Err(op)
	}
	tree, ok := jsontree.DecodeReport(data, &p)
	if !ok {
		return nil, p.Err(op)
	}
	c := checkCatalogue(tree, &p)
	if err := p.Err(op); err != nil {
		return nil, err
	}
	c.build()
	return c, nil
}

func checkCatalogue(tree any, p *Problems) *Catalogue {
	c := &Catalogue{}
	o, ok := jsontree.AsObject(tree, "", p)
	if !ok {
		return c
	}
	o.Only(p, "id", "version", "valid_from", "bonus_threshold", "module_points", "areas", "criteria")
	c.ID = o.Str(p, "id", true)
	if c.ID != "" && !idPattern.MatchString(c.ID) {
		p.Add("id", ReasonInvalidFormat, "lower-case dotted ID")
	}
	c.Version = o.Str(p, "version", true)
	if c.Version != "" && !versionPattern.MatchString(c.Version) {
		p.Add("version", ReasonInvalidFormat, "version such as 2021.1")
	}
	c.ValidFrom = jsonDate(o, p, "valid_from", true)
	c.BonusThreshold = jsonPoints(o, p, "bonus_threshold", true)
	switch rule := CombineRule(o.Str(p, "module_points", false)); rule {
	case "":
		c.ModulePoints = Highest
	case Highest, Sum:
		c.ModulePoints = rule
	default:
		p.Add("module_points", ReasonUnknownValue, string(rule))
	}

	areas := map[string]bool{}
	for i, a := range o.List(p, "areas", true) {
		path := fmt.Sprintf("areas[%d]", i)
		ao, ok := jsontree.AsObject(a, path, p)
		if !ok {
			continue
		}
		ao.Only(p, "id", "title")
		area := Area{ID: ao.Str(p, "id", true), Title: jsonText(ao, p, "title")}
		if area.ID != "" {
			if !idPattern.MatchString(area.ID) {
				p.Add(path+".id", ReasonInvalidFormat, "lower-case dotted ID")
			}
			if areas[area.ID] {
				p.Add(path+".id", ReasonDuplicate, area.ID)
			}
			areas[area.ID] = true
		}
		c.Areas = append(c.Areas, area)
	}

	seen := map[string]bool{}
	modules := map[Module]string{}
	for i, v := range o.List(p, "criteria", true) {
		path := fmt.Sprintf("criteria[%d]", i)
		co, ok := jsontree.AsObject(v, path, p)
		if !ok {
			continue
		}
		co.Only(p, "id", "area", "kind", "points", "module", "title", "source")
		cr := Criterion{
			ID:     co.Str(p, "id", true),
			Area:   co.Str(p, "area", true),
			Kind:   CriterionKind(co.Str(p, "kind", true)),
			Points: jsonPoints(co, p, "points", false),
			Module: Module(co.Str(p, "module", false)),
			Title:  jsonText(co, p, "title"),
			Source: co.Str(p, "source", false),
		}
		if cr.ID != "" {
			if !idPattern.MatchString(cr.ID) {
				p.Add(path+".id", ReasonInvalidFormat, "lower-case dotted ID")
			}
			if seen[cr.ID] {
				p.Add(path+".id", ReasonDuplicate, cr.ID)
			}
			seen[cr.ID] = true
		}
		if cr.Area != "" && !areas[cr.Area] {
			p.Add(path+".area", ReasonDangling, cr.Area)
		}
		switch cr.Kind {
		case Must:
			if cr.Points != 0 {
				p.Add(path+".points", ReasonNotAllowedHere)
			}
			if cr.Module != "" {
				p.Add(path+".module", ReasonNotAllowedHere)
			}
		case Bonus:
		case "":
		default:
			p.Add(path+".kind", ReasonUnknownValue, string(cr.Kind), OneOf([]CriterionKind{Must, Bonus}))
		}
		if cr.Module != "" {
			if !cr.Module.Valid() {
				p.Add(path+".module", ReasonUnknownValue, string(cr.Module), OneOf(Modules()))
			} else if prev, dup := modules[cr.Module]; dup {
				p.Add(path+".module", ReasonDuplicate, prev)
			} else if cr.Kind == Bonus {
				modules[cr.Module] = path
			}
		}
		c.Criteria = append(c.Criteria, cr)
	}
	for _, m := range Modules() {
		if _, ok := modules[m]; !ok && o.Has("criteria") {
			p.Add("criteria", ReasonMissingModule, string(m))
		}
	}
	return c
}

// build fills the lookup tables of a checked catalogue.
func (c *Catalogue) build() {
	c.index = make(map[string]int, len(c.Criteria))
	for i, cr := range c.Criteria {
		c.index[cr.ID] = i
		if cr.Module.Valid() {
			c.modules[cr.Module.Grade()] = i
		}
	}
	c.plan = newAssessmentPlan(c)
}
