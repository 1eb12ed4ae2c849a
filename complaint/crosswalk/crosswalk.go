// Package crosswalk maps the complaint service's categories and pre-check
// rules to the dispute reasons of the payment and marketplace networks that
// shops and marketplaces already speak (Stripe, PayPal, eBay, Amazon's
// A-to-z Guarantee), and back. A marketplace that receives a Stripe dispute
// "product_not_received" can open the matching complaint category; a shop
// that sees a complaint with the finding refund.overdue knows which
// chargeback reason it risks.
//
// The table is data (crosswalk.json, embedded) with the source of every
// network's code list; Default parses it once. The mapping is many-to-many
// and deliberately coarse: a network reason names the consumer's claim, a
// category names the subject of the complaint, and the pre-check's rule
// names the legal finding. Where a category has no counterpart in a network
// (a data-protection request is no payment dispute), the table says why
// instead of forcing a code.
package crosswalk

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/fairshops/konfliktservice/complaint/precheck"
)

// Network names a payment or marketplace network of the table.
type Network string

// The networks of the table.
const (
	Stripe Network = "stripe"
	PayPal Network = "paypal"
	EBay   Network = "ebay"
	Amazon Network = "amazon"
)

// Networks lists the networks in a stable order.
func Networks() []Network { return []Network{Stripe, PayPal, EBay, Amazon} }

//go:embed crosswalk.json
var data []byte

// Table is the parsed cross-walk. It is immutable; its methods return
// fresh slices.
type Table struct {
	networks   map[Network]NetworkInfo
	categories map[precheck.Category]map[Network]mapping
	rules      map[precheck.RuleID]map[Network][]string
	back       map[Network]map[string][]precheck.Category
}

// NetworkInfo describes a network's code list.
type NetworkInfo struct {
	Name   string   // what the codes are
	Source string   // where the list is published
	Codes  []string // every code of the network the table knows
}

type mapping struct {
	codes []string
	none  string // why there is no counterpart (codes empty)
}

// Default returns the table shipped with the module.
var Default = sync.OnceValue(func() *Table {
	t, err := Parse(data)
	if err != nil {
		panic("crosswalk: the embedded table is broken: " + err.Error()) // a test keeps it whole
	}
	return t
})

// Parse reads a table in the format of crosswalk.json and checks it: every
// category of the pre-check is listed for every network (with codes, or
// with a "<network>_none" reason), every code is one of its network's,
// every rule is a rule of the pre-check, and every code of every network
// maps back to at least one category.
func Parse(b []byte) (*Table, error) {
	var raw struct {
		Version  int `json:"version"`
		Networks map[Network]struct {
			Name   string   `json:"name"`
			Source string   `json:"source"`
			Codes  []string `json:"codes"`
		} `json:"networks"`
		Categories map[precheck.Category]map[string]json.RawMessage `json:"categories"`
		Rules      map[precheck.RuleID]map[Network][]string         `json:"rules"`
		Back       map[Network]map[string]precheck.Category         `json:"back"`
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("crosswalk: %w", err)
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if raw.Version != 1 {
		bad("version %d is not 1", raw.Version)
	}
	t := &Table{networks: map[Network]NetworkInfo{}, categories: map[precheck.Category]map[Network]mapping{},
		rules: map[precheck.RuleID]map[Network][]string{}, back: map[Network]map[string][]precheck.Category{}}
	for _, n := range Networks() {
		info, ok := raw.Networks[n]
		if !ok || len(info.Codes) == 0 || info.Source == "" {
			bad("network %s: missing, without codes or without source", n)
			continue
		}
		t.networks[n] = NetworkInfo{Name: info.Name, Source: info.Source, Codes: slices.Clone(info.Codes)}
		t.back[n] = map[string][]precheck.Category{}
	}
	for n := range raw.Networks {
		if !slices.Contains(Networks(), n) {
			bad("network %s is unknown", n)
		}
	}
	known := func(n Network, code string) bool { return slices.Contains(t.networks[n].Codes, code) }
	for c := range raw.Categories {
		if !slices.Contains(precheck.Categories(), c) {
			bad("category %s is not a category of the pre-check", c)
		}
	}
	for _, c := range precheck.Categories() {
		entry, ok := raw.Categories[c]
		if !ok {
			bad("category %s is missing", c)
			continue
		}
		t.categories[c] = map[Network]mapping{}
		for key := range entry {
			n := Network(strings.TrimSuffix(key, "_none"))
			if !slices.Contains(Networks(), n) {
				bad("category %s: key %s names no network", c, key)
			}
		}
		for _, n := range Networks() {
			var m mapping
			if err := json.Unmarshal(entry[string(n)], &m.codes); err != nil {
				bad("category %s: %s: not a list of codes", c, n)
			}
			if r, ok := entry[string(n)+"_none"]; ok {
				_ = json.Unmarshal(r, &m.none)
			}
			switch {
			case len(m.codes) == 0 && m.none == "":
				bad("category %s: no code in %s and no reason why", c, n)
			case len(m.codes) > 0 && m.none != "":
				bad("category %s: codes in %s and a reason for none", c, n)
			}
			for _, code := range m.codes {
				if !known(n, code) {
					bad("category %s: %s has no code %q", c, n, code)
					continue
				}
				t.back[n][code] = append(t.back[n][code], c)
			}
			t.categories[c][n] = m
		}
	}
	ruleIDs := map[precheck.RuleID]bool{}
	for _, r := range precheck.Rules() {
		ruleIDs[r.ID] = true
	}
	for id, byNetwork := range raw.Rules {
		if !ruleIDs[id] {
			bad("rule %s is not a rule of the pre-check", id)
		}
		t.rules[id] = map[Network][]string{}
		for n, codes := range byNetwork {
			if !slices.Contains(Networks(), n) {
				bad("rule %s: %s is no network", id, n)
				continue
			}
			for _, code := range codes {
				if !known(n, code) {
					bad("rule %s: %s has no code %q", id, n, code)
				}
			}
			t.rules[id][n] = slices.Clone(codes)
		}
	}
	for n, codes := range raw.Back {
		for code, c := range codes {
			switch {
			case !slices.Contains(Networks(), n) || !known(n, code):
				bad("back: %s has no code %q", n, code)
			case !slices.Contains(precheck.Categories(), c):
				bad("back: %s %s: %s is not a category", n, code, c)
			case len(t.back[n][code]) > 0:
				bad("back: %s %s is mapped from a category already", n, code)
			default:
				t.back[n][code] = []precheck.Category{c}
			}
		}
	}
	for _, n := range Networks() {
		for _, code := range t.networks[n].Codes {
			if len(t.back[n][code]) == 0 {
				bad("%s %s maps back to no category", n, code)
			}
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, fmt.Errorf("crosswalk: %s", strings.Join(problems, "; "))
	}
	return t, nil
}

// Network describes a network's code list.
func (t *Table) Network(n Network) (NetworkInfo, bool) {
	info, ok := t.networks[n]
	info.Codes = slices.Clone(info.Codes)
	return info, ok
}

// Reasons returns the network's reasons for a complaint of the category
// whose pre-check found the rules (nil for none): the reasons of the first
// rule the table refines, else those of the category. With none, why says
// why the network has no counterpart.
func (t *Table) Reasons(n Network, c precheck.Category, rules ...precheck.RuleID) (codes []string, why string) {
	for _, id := range rules {
		if byNetwork, ok := t.rules[id]; ok {
			if codes, ok := byNetwork[n]; ok {
				if len(codes) == 0 {
					return nil, t.categories[c][n].none
				}
				return slices.Clone(codes), ""
			}
		}
	}
	m := t.categories[c][n]
	if len(m.codes) == 0 {
		return nil, m.none
	}
	return slices.Clone(m.codes), ""
}

// Categories returns the categories a network's reason code corresponds
// to, in the order of precheck.Categories; nil for a code the table does
// not know.
func (t *Table) Categories(n Network, code string) []precheck.Category {
	cs := slices.Clone(t.back[n][code])
	order := precheck.Categories()
	slices.SortStableFunc(cs, func(a, b precheck.Category) int {
		return slices.Index(order, a) - slices.Index(order, b)
	})
	return cs
}

// Rules returns the pre-check rules whose table entry names the network's
// code, sorted.
func (t *Table) Rules(n Network, code string) []precheck.RuleID {
	var out []precheck.RuleID
	for id, byNetwork := range t.rules {
		if slices.Contains(byNetwork[n], code) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
