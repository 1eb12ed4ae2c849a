package fairshops

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
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
	tree, err := decodeTree(data)
	if err != nil {
		p.Add("", ReasonSyntax, err.Error())
		return nil, p.Err(op)
	}
	c := checkCatalogue(tree, &p)
	if err := p.Err(op); err != nil {
		return nil, err
	}
	c.build()
	return c, nil
}

// decodeTree parses JSON into maps, slices, json.Number, strings and bools,
// refusing trailing data, and reports syntax errors with line and column.
func decodeTree(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, syntaxError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("line %d: data after the JSON value", lineAt(data, dec.InputOffset()))
	}
	return v, nil
}

func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(data, se.Offset)
		return fmt.Errorf("line %d, column %d: %s", line, col, se.Error())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("line %d: unexpected end of input", lineAt(data, int64(len(data))))
	}
	return err
}

func lineAt(data []byte, off int64) int { l, _ := lineCol(data, off); return l }

func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col := 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

func checkCatalogue(tree any, p *Problems) *Catalogue {
	c := &Catalogue{}
	o, ok := object(tree, "", p)
	if !ok {
		return c
	}
	o.only(p, "id", "version", "valid_from", "bonus_threshold", "module_points", "areas", "criteria")
	c.ID = o.str(p, "id", true)
	if c.ID != "" && !idPattern.MatchString(c.ID) {
		p.Add("id", ReasonInvalidFormat, "lower-case dotted ID")
	}
	c.Version = o.str(p, "version", true)
	if c.Version != "" && !versionPattern.MatchString(c.Version) {
		p.Add("version", ReasonInvalidFormat, "version such as 2021.1")
	}
	c.ValidFrom = o.date(p, "valid_from", true)
	c.BonusThreshold = o.points(p, "bonus_threshold", true)
	switch rule := CombineRule(o.str(p, "module_points", false)); rule {
	case "":
		c.ModulePoints = Highest
	case Highest, Sum:
		c.ModulePoints = rule
	default:
		p.Add("module_points", ReasonUnknownValue, string(rule))
	}

	areas := map[string]bool{}
	for i, a := range o.list(p, "areas", true) {
		path := fmt.Sprintf("areas[%d]", i)
		ao, ok := object(a, path, p)
		if !ok {
			continue
		}
		ao.only(p, "id", "title")
		area := Area{ID: ao.str(p, "id", true), Title: ao.text(p, "title")}
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
	for i, v := range o.list(p, "criteria", true) {
		path := fmt.Sprintf("criteria[%d]", i)
		co, ok := object(v, path, p)
		if !ok {
			continue
		}
		co.only(p, "id", "area", "kind", "points", "module", "title", "source")
		cr := Criterion{
			ID:     co.str(p, "id", true),
			Area:   co.str(p, "area", true),
			Kind:   CriterionKind(co.str(p, "kind", true)),
			Points: co.points(p, "points", false),
			Module: Module(co.str(p, "module", false)),
			Title:  co.text(p, "title"),
			Source: co.str(p, "source", false),
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
			p.Add(path+".kind", ReasonUnknownValue, string(cr.Kind))
		}
		if cr.Module != "" {
			if !cr.Module.Valid() {
				p.Add(path+".module", ReasonUnknownValue, string(cr.Module))
			} else if prev, dup := modules[cr.Module]; dup {
				p.Add(path+".module", ReasonDuplicate, prev)
			} else if cr.Kind == Bonus {
				modules[cr.Module] = path
			}
		}
		c.Criteria = append(c.Criteria, cr)
	}
	for _, m := range Modules() {
		if _, ok := modules[m]; !ok && o.has("criteria") {
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

// jsonObject is a decoded JSON object with its path, for checking.
type jsonObject struct {
	path string
	m    map[string]any
}

func object(v any, path string, p *Problems) (jsonObject, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		p.Add(path, ReasonWrongType, "object")
		return jsonObject{}, false
	}
	return jsonObject{path: path, m: m}, true
}

func (o jsonObject) field(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

func (o jsonObject) has(key string) bool { _, ok := o.m[key]; return ok }

// only reports every key that is not in allowed, in sorted order.
func (o jsonObject) only(p *Problems, allowed ...string) {
	var unknown []string
	for k := range o.m {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		p.Add(o.field(k), ReasonUnknownField)
	}
}

func (o jsonObject) str(p *Problems, key string, required bool) string {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			p.Add(o.field(key), ReasonRequired)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		p.Add(o.field(key), ReasonWrongType, "string")
		return ""
	}
	if s == "" && required {
		p.Add(o.field(key), ReasonRequired)
	}
	return s
}

func (o jsonObject) date(p *Problems, key string, required bool) Date {
	s := o.str(p, key, required)
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		p.Add(o.field(key), ReasonInvalidDate)
	}
	return d
}

func (o jsonObject) points(p *Problems, key string, required bool) int {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			p.Add(o.field(key), ReasonRequired)
		}
		return 0
	}
	n, ok := v.(json.Number)
	if !ok {
		p.Add(o.field(key), ReasonWrongType, "integer")
		return 0
	}
	i, err := n.Int64()
	if err != nil {
		p.Add(o.field(key), ReasonWrongType, "integer")
		return 0
	}
	if i < 0 {
		p.Add(o.field(key), ReasonNegative)
		return 0
	}
	if i > 100000 {
		p.Add(o.field(key), ReasonTooLarge, 100000)
		return 0
	}
	return int(i)
}

func (o jsonObject) list(p *Problems, key string, required bool) []any {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			p.Add(o.field(key), ReasonRequired)
		}
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		p.Add(o.field(key), ReasonWrongType, "array")
		return nil
	}
	return l
}

func (o jsonObject) text(p *Problems, key string) Text {
	v, ok := o.m[key]
	if !ok {
		p.Add(o.field(key), ReasonRequired)
		return Text{}
	}
	to, ok := object(v, o.field(key), p)
	if !ok {
		return Text{}
	}
	to.only(p, "de", "en")
	return Text{De: to.str(p, "de", true), En: to.str(p, "en", true)}
}
