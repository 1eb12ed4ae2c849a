package memory

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

func complaintFields(c *complaint.Complaint) (string, *int, *time.Time) {
	return c.ID, &c.Version, &c.CreatedAt
}

// Create implements complaint.Store.
func (s *ComplaintStore) Create(ctx context.Context, c *complaint.Complaint, events []fairshops.Event) error {
	return s.db.complaints.create(ctx, c, events)
}

// Get implements complaint.Store.
func (s *ComplaintStore) Get(ctx context.Context, id string) (*complaint.Complaint, error) {
	return s.db.complaints.get(ctx, id)
}

// Update implements complaint.Store.
func (s *ComplaintStore) Update(ctx context.Context, c *complaint.Complaint, events []fairshops.Event) error {
	return s.db.complaints.update(ctx, c, events)
}

// Erase implements complaint.Store: Update, with the check that only
// tombstones differ in the thread and the history (complaint.CheckErasure).
func (s *ComplaintStore) Erase(ctx context.Context, c *complaint.Complaint, events []fairshops.Event) error {
	return s.db.complaints.updateChecked(ctx, ".Erase", c, events, complaint.CheckErasure)
}

// byCreation is the order of List: complaint.Less as a comparison.
func byCreation(a, b *complaint.Complaint) int {
	switch {
	case complaint.Less(a, b):
		return -1
	case complaint.Less(b, a):
		return 1
	}
	return 0
}

// List implements complaint.Store.
func (s *ComplaintStore) List(ctx context.Context, f complaint.Filter) ([]*complaint.Complaint, error) {
	return s.db.complaints.list(ctx, f.After, f.Match, byCreation, fairshops.PageLimit(f.Limit))
}

// Due implements complaint.Store.
func (s *ComplaintStore) Due(ctx context.Context, on fairshops.Date, limit int) ([]*complaint.Complaint, error) {
	due := func(c *complaint.Complaint) bool { return c.DueOn(on) }
	byDue := func(a, b *complaint.Complaint) int {
		if c := a.NextDue.Compare(b.NextDue); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	return s.db.complaints.list(ctx, "", due, byDue, fairshops.PageLimit(limit))
}

// Reviews implements complaint.Store.
func (s *ComplaintStore) Reviews(ctx context.Context, limit int) ([]*complaint.Complaint, error) {
	byReview := func(a, b *complaint.Complaint) int {
		switch {
		case complaint.ReviewLess(a, b):
			return -1
		case complaint.ReviewLess(b, a):
			return 1
		}
		return 0
	}
	return s.db.complaints.list(ctx, "", complaint.ReviewPending, byReview, fairshops.PageLimit(limit))
}

// DueForErasure implements complaint.Store.
func (s *ComplaintStore) DueForErasure(ctx context.Context, before fairshops.Date, after string, limit int) ([]*complaint.Complaint, error) {
	due := func(c *complaint.Complaint) bool { return c.DueForErasure(before) }
	return s.db.complaints.list(ctx, after, due, complaint.ErasureOrder, fairshops.PageLimit(limit))
}

// uniqueReference refuses a new complaint whose reference a stored one has;
// the caller holds the lock.
func (db *DB) uniqueReference(c *complaint.Complaint) error {
	if c.Reference == "" {
		return nil
	}
	for _, other := range db.complaints.rows {
		if other.Reference == c.Reference {
			return fairshops.E("memory.ComplaintStore.Create", fairshops.Conflict, c.ID, "reference exists", nil)
		}
	}
	return nil
}

// ByEmail implements complaint.Store.
func (s *ComplaintStore) ByEmail(ctx context.Context, email string, limit int) ([]*complaint.Complaint, error) {
	want := complaint.NormalizeEmail(email)
	match := func(c *complaint.Complaint) bool {
		return want != "" && complaint.NormalizeEmail(c.Contact.Email) == want
	}
	return s.db.complaints.list(ctx, "", match, byCreation, fairshops.PageLimit(limit))
}

// ByReference implements complaint.Store.
func (s *ComplaintStore) ByReference(ctx context.Context, ref string) (*complaint.Complaint, error) {
	list, err := s.db.complaints.list(ctx, "", func(c *complaint.Complaint) bool { return ref != "" && c.Reference == ref },
		byCreation, 1)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fairshops.E("memory.ComplaintStore.ByReference", fairshops.NotFound, ref, "", nil)
	}
	return list[0], nil
}

// Create implements complaint.OverviewStore.
func (s *OverviewStore) Create(ctx context.Context, o complaint.Overview) error {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := s.db.overviews[o.Hash]; ok {
		return fairshops.E("memory.OverviewStore.Create", fairshops.Conflict, "", "overview exists", nil)
	}
	s.db.overviews[o.Hash] = o
	return nil
}

// ByHash implements complaint.OverviewStore.
func (s *OverviewStore) ByHash(ctx context.Context, hash string) (complaint.Overview, error) {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return complaint.Overview{}, err
	}
	defer unlock()
	o, ok := s.db.overviews[hash]
	if !ok {
		return complaint.Overview{}, fairshops.E("memory.OverviewStore.ByHash", fairshops.NotFound, "", "", nil)
	}
	return o, nil
}

// DeleteByEmail implements complaint.OverviewStore.
func (s *OverviewStore) DeleteByEmail(ctx context.Context, email string) (int, error) {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	for h, o := range s.db.overviews {
		if o.Email == email {
			delete(s.db.overviews, h)
			n++
		}
	}
	return n, nil
}

// DeleteExpired implements complaint.OverviewStore.
func (s *OverviewStore) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	for h, o := range s.db.overviews {
		if !o.ExpiresAt.After(now) {
			delete(s.db.overviews, h)
			n++
		}
	}
	return n, nil
}

// Search implements complaint.Store: the query's filters (Query.Match),
// its words as a prefix match (complaint.MatchWords) over the complaint's
// search text or its shop's name, or its one word as an ID or order
// reference, in the order of List.
func (s *ComplaintStore) Search(ctx context.Context, q complaint.Query) ([]complaint.Summary, error) {
	words := complaint.QueryWords(q.Text)
	key, exact := complaint.Exact(q.Text)
	refKey, _ := complaint.ParseReference(key) // a short reference as people type it
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return nil, err
	}
	shopHit := map[string]bool{}
	if len(words) > 0 {
		for id, sh := range s.db.shops.rows {
			if complaint.MatchWords(words, sh.Name) {
				shopHit[id] = true
			}
		}
	}
	unlock()
	match := func(c *complaint.Complaint) bool {
		if !q.Match(c) {
			return false
		}
		return q.Text == "" || len(words) > 0 && (shopHit[c.ShopID] || complaint.MatchWords(words, complaint.SearchText(c))) ||
			exact && (c.ID == key || c.OrderRef == key || c.Reference != "" && c.Reference == refKey)
	}
	list, err := s.db.complaints.list(ctx, q.After, match, byCreation, fairshops.PageLimit(q.Limit))
	if err != nil {
		return nil, err
	}
	out := make([]complaint.Summary, len(list))
	for i, c := range list {
		out[i] = complaint.Summarize(c)
	}
	return out, nil
}

// Stats implements complaint.Store, counting in Go what the SQL stores
// count in SQL; dates are read in Europe/Berlin, as theirs.
func (s *ComplaintStore) Stats(ctx context.Context, q complaint.StatsQuery) (complaint.Stats, error) {
	unlock, err := s.db.lock(ctx)
	if err != nil {
		return complaint.Stats{}, err
	}
	defer unlock()
	loc := fairshops.Berlin()
	states := map[complaint.State]int{}
	type mc struct {
		month fairshops.Date
		cat   string
	}
	filed := map[mc]int{}
	comp := map[fairshops.Date]*complaint.MonthCompliance{}
	paused := map[fairshops.Date]*complaint.MonthPaused{}
	shops := map[string]*complaint.ShopCount{}
	in := func(d fairshops.Date) bool { return !d.IsZero() && !d.Before(q.From) && !d.After(q.To) }
	for _, c := range s.db.complaints.rows {
		states[c.State]++
		m := complaint.MilestonesOf(c, loc)
		if in(m.Filed) {
			filed[mc{complaint.MonthOf(m.Filed), string(c.Facts.Category)}]++
		}
		out := complaint.OutcomeOf(c.AnswerDue, m, c.DeadlineMissed, q.Today)
		if in(c.AnswerDue) && out != complaint.OutcomeNone {
			month := complaint.MonthOf(c.AnswerDue)
			mcp := comp[month]
			if mcp == nil {
				mcp = &complaint.MonthCompliance{Month: month}
				comp[month] = mcp
			}
			switch out {
			case complaint.OutcomeOnTime:
				mcp.OnTime++
			case complaint.OutcomeLate:
				mcp.Late++
			case complaint.OutcomeMissed:
				mcp.Missed++
			}
		}
		if in(c.AnswerDue) && c.Clock.Pauses > 0 {
			month := complaint.MonthOf(c.AnswerDue)
			mp := paused[month]
			if mp == nil {
				mp = &complaint.MonthPaused{Month: month}
				paused[month] = mp
			}
			mp.Complaints++
			mp.Days += c.Clock.PausedDays
		}
		sc := shops[c.ShopID]
		if sc == nil {
			sc = &complaint.ShopCount{ShopID: c.ShopID}
			shops[c.ShopID] = sc
		}
		sc.Total++
		if c.Open() {
			sc.Open++
		}
		if out == complaint.OutcomeMissed {
			sc.Missed++
		}
	}
	var st complaint.Stats
	for _, state := range complaint.States() {
		if n := states[state]; n > 0 {
			st.States = append(st.States, complaint.StateCount{State: state, Count: n})
		}
	}
	for k, n := range filed {
		st.Filed = append(st.Filed, complaint.MonthCount{Month: k.month, Category: precheck.Category(k.cat), Count: n})
	}
	slices.SortFunc(st.Filed, func(a, b complaint.MonthCount) int {
		if c := a.Month.Compare(b.Month); c != 0 {
			return c
		}
		return strings.Compare(string(a.Category), string(b.Category))
	})
	for _, v := range comp {
		st.Compliance = append(st.Compliance, *v)
	}
	slices.SortFunc(st.Compliance, func(a, b complaint.MonthCompliance) int { return a.Month.Compare(b.Month) })
	for _, v := range paused {
		st.Paused = append(st.Paused, *v)
	}
	slices.SortFunc(st.Paused, func(a, b complaint.MonthPaused) int { return a.Month.Compare(b.Month) })
	for _, v := range shops {
		st.Shops = append(st.Shops, *v)
	}
	slices.SortFunc(st.Shops, func(a, b complaint.ShopCount) int {
		if a.Total != b.Total {
			return b.Total - a.Total
		}
		return strings.Compare(a.ShopID, b.ShopID)
	})
	st.Shops = st.Shops[:min(len(st.Shops), q.Shops)]
	if len(st.Shops) == 0 {
		st.Shops = nil
	}
	return st, nil
}
