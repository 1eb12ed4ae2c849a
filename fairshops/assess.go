package fairshops

import (
	"math/bits"
	"slices"
)

// Why says why a criterion is met or not in an assessment. It is a stable
// code; Assessment.Report renders it in German or English.
type Why string

// The reasons an assessment gives per criterion.
const (
	WhyFulfilled        Why = "fulfilled"          // listed as fulfilled
	WhyNotFulfilled     Why = "not_fulfilled"      // not listed as fulfilled
	WhyBooked           Why = "booked"             // module booked on the date; its points count
	WhyBookedNotCounted Why = "booked_not_counted" // booked, but a higher module counts (rule highest)
	WhyIncluded         Why = "included"           // not booked itself, but included in a higher booked module
	WhyNotBooked        Why = "not_booked"         // module not booked on the date
)

// CriterionResult is the outcome of one criterion. Points are the
// criterion's points in the catalogue; Counted the points it adds to the
// shop's total.
type CriterionResult struct {
	ID      string        `json:"id"`
	Kind    CriterionKind `json:"kind"`
	Points  int           `json:"points"`
	Counted int           `json:"counted"`
	Met     bool          `json:"met"`
	Why     Why           `json:"why"`
}

// Assessment is the result of scoring a shop against a catalogue on a date.
// It is plain data; reuse one value across calls of Catalogue.AssessInto to
// score without allocating.
type Assessment struct {
	Catalogue      string            `json:"catalogue"`
	Version        string            `json:"version"`
	AsOf           Date              `json:"as_of"`
	Compliant      bool              `json:"compliant"`
	MustMissing    []string          `json:"must_missing"`
	BonusPoints    int               `json:"bonus_points"`
	BonusThreshold int               `json:"bonus_threshold"`
	Shortfall      int               `json:"shortfall"`
	ModulePoints   CombineRule       `json:"module_points"`
	Criteria       []CriterionResult `json:"criteria"`
	// WaysToClose lists the smallest sets of not-yet-met bonus criteria or
	// module bookings that would reach the threshold: inclusion-minimal sets,
	// fewest points over the threshold first, then the fewest items, then
	// catalogue order; at most MaxWays. Empty when the threshold is met.
	WaysToClose [][]string `json:"ways_to_close"`

	met     []bool   // scratch: fulfilled flags by criterion position
	waysBuf []string // backing store of WaysToClose
}

// Limits of the search for ways to close a shortfall.
const (
	MaxWays       = 5     // at most this many ways are listed
	maxWaySize    = 4     // a way holds at most this many criteria
	maxCandidates = 64    // only the 64 highest-scoring open criteria are tried
	maxWayNodes   = 20000 // bound on the subsets tried, so a huge catalogue stays fast
)

// assessmentPlan holds what Assess needs from a catalogue, computed once.
type assessmentPlan struct {
	bonus []int // positions of non-module BONUS criteria
}

func newAssessmentPlan(c *Catalogue) *assessmentPlan {
	p := &assessmentPlan{}
	for i, cr := range c.Criteria {
		if cr.Kind == Bonus && cr.Module == "" {
			p.bonus = append(p.bonus, i)
		}
	}
	return p
}

// Assess scores fulfilled criteria and bookings on date on. Fulfilled IDs
// that the catalogue does not know, and module criteria listed as fulfilled,
// are ignored: module points count only for bookings active on the date.
// Check input first with CheckFacts when it comes from outside.
func (c *Catalogue) Assess(fulfilled []string, bookings []Booking, on Date) *Assessment {
	a := &Assessment{}
	c.AssessInto(a, fulfilled, bookings, on)
	return a
}

// AssessInto is Assess writing into dst, reusing its slices: with a dst
// reused across calls it does not allocate.
func (c *Catalogue) AssessInto(dst *Assessment, fulfilled []string, bookings []Booking, on Date) {
	n := len(c.Criteria)
	dst.Catalogue, dst.Version, dst.AsOf = c.ID, c.Version, on
	dst.BonusThreshold, dst.ModulePoints = c.BonusThreshold, c.ModulePoints
	if dst.MustMissing == nil {
		// Empty lists encode as [], not null.
		dst.MustMissing = make([]string, 0, 4)
		dst.WaysToClose = make([][]string, 0, MaxWays)
	}
	dst.MustMissing = dst.MustMissing[:0]
	dst.Criteria = dst.Criteria[:0]
	if cap(dst.met) < n {
		dst.met = make([]bool, n)
	}
	met := dst.met[:n]
	clear(met)
	for _, id := range fulfilled {
		if i, ok := c.index[id]; ok && c.Criteria[i].Module == "" {
			met[i] = true
		}
	}
	ent := EntitlementsOf(bookings, on)
	top := ent.Top()

	points, modulePts := 0, 0
	for i := range c.Criteria {
		cr := &c.Criteria[i]
		r := CriterionResult{ID: cr.ID, Kind: cr.Kind, Points: cr.Points}
		switch {
		case cr.Module != "":
			booked := ent.Booked[cr.Module.Grade()]
			r.Met = booked
			switch {
			case booked && (c.ModulePoints == Sum || cr.Module == top):
				r.Why, r.Counted = WhyBooked, cr.Points
			case booked:
				r.Why = WhyBookedNotCounted
			case ent.Has(cr.Module):
				r.Why = WhyIncluded
			default:
				r.Why = WhyNotBooked
			}
			modulePts += r.Counted
		case met[i]:
			r.Met, r.Why = true, WhyFulfilled
			if cr.Kind == Bonus {
				r.Counted = cr.Points
				points += cr.Points
			}
		default:
			r.Why = WhyNotFulfilled
			if cr.Kind == Must {
				dst.MustMissing = append(dst.MustMissing, cr.ID)
			}
		}
		dst.Criteria = append(dst.Criteria, r)
	}
	if c.ModulePoints == Highest && top != "" {
		// Under "highest" the top module counts even when a lower one has
		// more points in an imported catalogue: take the best booked one.
		best := 0
		for _, m := range Modules() {
			if ent.Booked[m.Grade()] {
				best = max(best, c.ModuleCriterion(m).Points)
			}
		}
		if best != modulePts {
			c.recountHighest(dst, ent, best)
			modulePts = best
		}
	}
	dst.BonusPoints = points + modulePts
	dst.Shortfall = max(0, c.BonusThreshold-dst.BonusPoints)
	dst.Compliant = len(dst.MustMissing) == 0 && dst.Shortfall == 0
	c.waysToClose(dst, ent, points)
}

// recountHighest marks the booked module with the most points as the counted
// one, for imported catalogues whose module points do not follow the grades.
func (c *Catalogue) recountHighest(dst *Assessment, ent Entitlements, best int) {
	counted := false
	for _, m := range slices.Backward(Modules()) {
		i := c.modules[m.Grade()]
		r := &dst.Criteria[i]
		if !ent.Booked[m.Grade()] {
			continue
		}
		if !counted && c.Criteria[i].Points == best {
			r.Why, r.Counted, counted = WhyBooked, best, true
		} else {
			r.Why, r.Counted = WhyBookedNotCounted, 0
		}
	}
}

// wayCandidate is one open criterion that a way may use.
type wayCandidate struct {
	pos    int // position in Criteria
	points int
	module bool
}

// waysToClose fills dst.WaysToClose. base is the non-module bonus points.
func (c *Catalogue) waysToClose(dst *Assessment, ent Entitlements, base int) {
	dst.WaysToClose = dst.WaysToClose[:0]
	dst.waysBuf = dst.waysBuf[:0]
	if dst.Shortfall == 0 {
		return
	}
	var cand [maxCandidates]wayCandidate
	nc := 0
	add := func(pos int, module bool) {
		w := wayCandidate{pos: pos, points: c.Criteria[pos].Points, module: module}
		if w.points == 0 {
			return
		}
		if nc < maxCandidates {
			cand[nc] = w
			nc++
			return
		}
		// Keep the highest-scoring candidates: replace the weakest.
		weakest := 0
		for i := 1; i < nc; i++ {
			if cand[i].points < cand[weakest].points {
				weakest = i
			}
		}
		if w.points > cand[weakest].points {
			copy(cand[weakest:], cand[weakest+1:nc])
			cand[nc-1] = w
		}
	}
	for _, pos := range c.plan.bonus {
		if !dst.met[pos] {
			add(pos, false)
		}
	}
	for _, m := range Modules() {
		if !ent.Booked[m.Grade()] {
			add(c.modules[m.Grade()], true)
		}
	}
	s := waySearch{
		c: c, cand: cand[:nc], threshold: c.BonusThreshold, base: base, ent: ent,
	}
	s.dfs(0, 0, 0)
	for _, w := range s.best[:s.nbest] {
		for m := w.mask; m != 0; m &= m - 1 {
			dst.waysBuf = append(dst.waysBuf, c.Criteria[s.cand[bits.TrailingZeros64(m)].pos].ID)
		}
	}
	// Slice WaysToClose out of waysBuf only after it stopped growing.
	off := 0
	for _, w := range s.best[:s.nbest] {
		k := bits.OnesCount64(w.mask)
		dst.WaysToClose = append(dst.WaysToClose, dst.waysBuf[off:off+k:off+k])
		off += k
	}
}

type foundWay struct {
	mask      uint64
	overshoot int
	size      int
}

// waySearch enumerates subsets of the candidates in catalogue order, by DFS,
// keeping the MaxWays best inclusion-minimal subsets that reach the threshold.
type waySearch struct {
	c         *Catalogue
	cand      []wayCandidate
	threshold int
	base      int
	ent       Entitlements
	nodes     int
	best      [MaxWays]foundWay
	nbest     int
}

// value returns the bonus points with the candidates in mask added.
func (s *waySearch) value(mask uint64) int {
	pts := s.base
	booked := s.ent.Booked
	for m := mask; m != 0; m &= m - 1 {
		w := s.cand[bits.TrailingZeros64(m)]
		if w.module {
			booked[s.c.Criteria[w.pos].Module.Grade()] = true
		} else {
			pts += w.points
		}
	}
	mod := 0
	for _, m := range Modules() {
		if !booked[m.Grade()] {
			continue
		}
		p := s.c.ModuleCriterion(m).Points
		if s.c.ModulePoints == Sum {
			mod += p
		} else {
			mod = max(mod, p)
		}
	}
	return pts + mod
}

func (s *waySearch) dfs(start int, mask uint64, size int) {
	for i := start; i < len(s.cand); i++ {
		if s.nodes >= maxWayNodes {
			return
		}
		s.nodes++
		m := mask | 1<<i
		v := s.value(m)
		if v >= s.threshold {
			if s.minimal(m) {
				s.keep(foundWay{mask: m, overshoot: v - s.threshold, size: size + 1})
			}
			continue // supersets are not minimal
		}
		if size+1 < maxWaySize {
			s.dfs(i+1, m, size+1)
		}
	}
}

// minimal reports whether no proper subset of mask reaches the threshold;
// the value is monotone, so dropping each element once is enough.
func (s *waySearch) minimal(mask uint64) bool {
	for m := mask; m != 0; m &= m - 1 {
		if s.value(mask&^(m&-m)) >= s.threshold {
			return false
		}
	}
	return true
}

func (w foundWay) less(o foundWay) bool {
	if w.overshoot != o.overshoot {
		return w.overshoot < o.overshoot
	}
	if w.size != o.size {
		return w.size < o.size
	}
	// Catalogue order: the lowest differing candidate decides.
	diff := w.mask ^ o.mask
	return w.mask&(diff&-diff) != 0
}

func (s *waySearch) keep(w foundWay) {
	i := s.nbest
	for i > 0 && w.less(s.best[i-1]) {
		i--
	}
	if i >= MaxWays {
		return
	}
	if s.nbest < MaxWays {
		s.nbest++
	}
	copy(s.best[i+1:s.nbest], s.best[i:s.nbest-1])
	s.best[i] = w
}
