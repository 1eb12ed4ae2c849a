package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	shoptest "github.com/fairshops/konfliktservice/fairshops/storetest"
)

// The cases of Store.Search and Store.Stats. Word cases keep to what every
// store matches: whole words and word beginnings, case and umlauts folded
// ("rücksendung" finds "Rücksendung" and "rucksendung" too). Stemming
// ("Rücksendungen" finds "Rücksendung") is PostgreSQL's alone and tested
// there.

// searchComplaint is a complaint for the search cases, filed at base plus
// n hours.
func searchComplaint(id, shop string, n int, name, email, ref, description string) *complaint.Complaint {
	c := SampleComplaint(id, shop)
	c.CreatedAt = base.Add(time.Duration(n) * time.Hour)
	c.UpdatedAt = c.CreatedAt
	c.Contact = complaint.Contact{Name: name, Email: email}
	c.OrderRef = ref
	c.Facts.Description = description
	c.AssignedTo = ""
	return c
}

func summaryIDs(list []complaint.Summary) []string {
	out := []string{}
	for _, s := range list {
		out = append(out, s.ID)
	}
	return out
}

func testSearch(t *testing.T, h Harness) {
	ctx := context.Background()
	if h.Shops != nil {
		for _, id := range []string{"shop-a", "shop-b"} {
			sh := shoptest.SampleShop(id)
			sh.Name = map[string]string{"shop-a": "Kaffeerösterei Bohne", "shop-b": "Gartenwelt"}[id]
			require.NoError(t, h.Shops.Create(ctx, sh, nil))
		}
	}
	c1 := searchComplaint("c_s1", "shop-a", 1, "Erika Mustermann", "erika@example.org", "A-10023",
		"Die Rücksendung wurde nicht erstattet, das Paket kam zurück.")
	c2 := searchComplaint("c_s2", "shop-b", 2, "Hans Müller", "hans.mueller@example.com", "B-77",
		"Lieferung verspätet, Ware defekt.")
	c2.Precheck.StandardViolations = nil
	c2.AssignedTo = "olga"
	c3 := searchComplaint("c_s3", "shop-a", 3, "Jana Nowak", "jana@example.net", "C-5",
		"Paket beschädigt angekommen; Rucksendung verweigert.")
	c3.State = complaint.Answered
	c3.AnswerDue = fairshops.MustDate("2026-04-20")
	c4 := searchComplaint("c_s4", "shop-b", 4, "Erika Schmidt", "schmidt@example.org", "A-10024",
		"Keine Antwort auf meine Frage zur Garantie.")
	c4.Precheck.StandardViolations = nil
	c4.AnswerDue = fairshops.MustDate("2026-03-20")
	c4.AssignedTo = "peter"
	c5 := searchComplaint("c_s5", "shop-a", 5, "Olaf Berg", "olaf@example.org", "D-1", "Noch nicht weitergeleitet.")
	c5.State, c5.ForwardedOn, c5.AnswerDue = complaint.Checked, fairshops.Date{}, fairshops.Date{}
	for _, c := range []*complaint.Complaint{c4, c2, c5, c1, c3} { // stored out of order
		require.NoError(t, h.Store.Create(ctx, c, nil))
	}
	yes, no := true, false
	for _, tc := range []struct {
		name string
		q    complaint.Query
		want []string
	}{
		{"everything in filing order", complaint.Query{}, []string{"c_s1", "c_s2", "c_s3", "c_s4", "c_s5"}},
		{"a whole word", complaint.Query{Text: "Paket"}, []string{"c_s1", "c_s3"}},
		{"case and umlauts fold", complaint.Query{Text: "RÜCKSENDUNG"}, []string{"c_s1", "c_s3"}},
		{"without the umlaut", complaint.Query{Text: "rucksendung"}, []string{"c_s1", "c_s3"}},
		{"a word's beginning", complaint.Query{Text: "Muster"}, []string{"c_s1"}},
		{"a name", complaint.Query{Text: "erika"}, []string{"c_s1", "c_s4"}},
		{"every word must match", complaint.Query{Text: "Erika Paket"}, []string{"c_s1"}},
		{"an e-mail address", complaint.Query{Text: "hans.mueller@example.com"}, []string{"c_s2"}},
		{"an e-mail's domain", complaint.Query{Text: "example.net"}, []string{"c_s3"}},
		{"an order reference exactly", complaint.Query{Text: "A-10023"}, []string{"c_s1"}},
		{"an ID exactly", complaint.Query{Text: " c_s4 "}, []string{"c_s4"}},
		{"no match", complaint.Query{Text: "Staubsauger"}, []string{}},
		{"punctuation only", complaint.Query{Text: "+*\"'"}, []string{}},
		{"query syntax is text", complaint.Query{Text: `Paket OR "Garantie" NEAR(x) & !a:*`}, []string{}},
		{"words and a filter", complaint.Query{Text: "paket", States: []complaint.State{complaint.Answered}}, []string{"c_s3"}},
		{"by shop", complaint.Query{ShopID: "shop-b"}, []string{"c_s2", "c_s4"}},
		{"by states", complaint.Query{States: []complaint.State{complaint.Checked, complaint.Answered}}, []string{"c_s3", "c_s5"}},
		{"forwarded", complaint.Query{Forwarded: true}, []string{"c_s1", "c_s2", "c_s3", "c_s4"}},
		{"standard violation indicated", complaint.Query{Violation: &yes}, []string{"c_s1", "c_s3", "c_s5"}},
		{"no standard violation", complaint.Query{Violation: &no}, []string{"c_s2", "c_s4"}},
		{"overdue", complaint.Query{Overdue: true, Today: fairshops.MustDate("2026-03-21")}, []string{"c_s1", "c_s2", "c_s4"}},
		{"overdue: the last day is not overdue", complaint.Query{Overdue: true, Today: fairshops.MustDate("2026-03-20")}, []string{"c_s1", "c_s2"}},
		{"assigned to", complaint.Query{AssignedTo: "olga"}, []string{"c_s2"}},
		{"unassigned", complaint.Query{Unassigned: true}, []string{"c_s1", "c_s3", "c_s5"}},
		{"page size", complaint.Query{Limit: 2}, []string{"c_s1", "c_s2"}},
		{"after a cursor", complaint.Query{After: "c_s2", Limit: 2}, []string{"c_s3", "c_s4"}},
		{"words after a cursor", complaint.Query{Text: "example", After: "c_s3"}, []string{"c_s4", "c_s5"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := h.Store.Search(ctx, tc.q)
			require.NoError(t, err)
			require.Equal(t, tc.want, summaryIDs(got))
		})
	}
	if h.Shops != nil {
		t.Run("a shop's name", func(t *testing.T) {
			got, err := h.Store.Search(ctx, complaint.Query{Text: "garten"})
			require.NoError(t, err)
			require.Equal(t, []string{"c_s2", "c_s4"}, summaryIDs(got))
			got, err = h.Store.Search(ctx, complaint.Query{Text: "Kaffee Bohne", States: []complaint.State{complaint.Forwarded}})
			require.NoError(t, err)
			require.Equal(t, []string{"c_s1"}, summaryIDs(got))
		})
	}
	t.Run("summaries", func(t *testing.T) {
		got, err := h.Store.Search(ctx, complaint.Query{Text: "B-77"})
		require.NoError(t, err)
		require.Len(t, got, 1)
		stored, err := h.Store.Get(ctx, "c_s2")
		require.NoError(t, err)
		want := complaint.Summarize(stored)
		if d := cmp.Diff(want, got[0], cmpopts.EquateApproxTime(time.Microsecond)); d != "" {
			t.Fatalf("summary differs (-want +got):\n%s", d)
		}
		require.Equal(t, "olga", got[0].AssignedTo)
		require.False(t, got[0].Violation)
	})
	t.Run("unknown cursor", func(t *testing.T) {
		_, err := h.Store.Search(ctx, complaint.Query{After: "c_nope"})
		kindIs(t, err, fairshops.Invalid)
	})
	t.Run("canceled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := h.Store.Search(cctx, complaint.Query{Text: "paket"})
		require.Error(t, err)
	})
}

// testSearchUpdates: the index follows every Update (words, assignment).
func testSearchUpdates(t *testing.T, h Harness) {
	ctx := context.Background()
	c := searchComplaint("c_u1", "shop-a", 1, "Erika Mustermann", "erika@example.org", "A-1", "Kaffeemaschine tropft.")
	require.NoError(t, h.Store.Create(ctx, c, nil))
	c.Facts.Description = "Staubsauger saugt nicht."
	c.AssignedTo = "olga"
	require.NoError(t, h.Store.Update(ctx, c, nil))
	for _, tc := range []struct {
		q    complaint.Query
		want []string
	}{
		{complaint.Query{Text: "Kaffeemaschine"}, []string{}},
		{complaint.Query{Text: "Staubsauger"}, []string{"c_u1"}},
		{complaint.Query{AssignedTo: "olga"}, []string{"c_u1"}},
		{complaint.Query{Unassigned: true}, []string{}},
	} {
		got, err := h.Store.Search(ctx, tc.q)
		require.NoError(t, err)
		require.Equal(t, tc.want, summaryIDs(got), "%+v", tc.q)
	}
}

// withHistory replaces c's history by entries (chained).
func withHistory(c *complaint.Complaint, entries ...fairshops.Entry) {
	c.History = nil
	for _, e := range entries {
		c.History.Append(c.ID, fairshops.PlainEntries, e)
	}
}

func testStats(t *testing.T, h Harness) {
	ctx := context.Background()
	at := func(s string) time.Time { return fairshops.MustDate(s).In(fairshops.Berlin()).Add(10 * time.Hour) }
	entry := func(day, action string) fairshops.Entry {
		return fairshops.Entry{At: at(day), Actor: fairshops.Actor{Role: fairshops.RoleSystem}, Action: action}
	}
	mk := func(id, shop, filed string, cat precheck.Category, state complaint.State, due string, missed bool, hist ...fairshops.Entry) {
		c := SampleComplaint(id, shop)
		c.CreatedAt, c.UpdatedAt = at(filed), at(filed)
		c.Facts.Category, c.State, c.DeadlineMissed = cat, state, missed
		c.AnswerDue = fairshops.Date{}
		if due != "" {
			c.AnswerDue = fairshops.MustDate(due)
		}
		withHistory(c, append([]fairshops.Entry{entry(filed, "submitted")}, hist...)...)
		require.NoError(t, h.Store.Create(ctx, c, nil))
	}
	// Filed in January, February and March 2026; deadlines in February and March.
	mk("c_t1", "shop-a", "2026-01-30", precheck.Delivery, complaint.Answered, "2026-02-06", false, entry("2026-02-05", "answered"))
	mk("c_t2", "shop-a", "2026-02-01", precheck.Delivery, complaint.Answered, "2026-02-10", false, entry("2026-02-12", "answered"))
	mk("c_t3", "shop-b", "2026-02-03", precheck.Withdrawal, complaint.Closed, "2026-02-12", true, entry("2026-02-14", "closed"))
	mk("c_t4", "shop-a", "2026-02-20", precheck.Withdrawal, complaint.Withdrawn, "2026-02-27", false, entry("2026-02-22", "withdrawn"))
	mk("c_t5", "shop-b", "2026-03-02", precheck.Warranty, complaint.Forwarded, "2026-03-09", false)
	mk("c_t6", "shop-a", "2026-03-05", precheck.Warranty, complaint.Forwarded, "2026-03-16", false)
	mk("c_t7", "shop-c", "2026-03-06", precheck.Warranty, complaint.Withdrawn, "2026-03-13", false, entry("2026-03-14", "withdrawn"))
	mk("c_t8", "shop-a", "2025-12-31", precheck.Delivery, complaint.Checked, "", false) // before From

	got, err := h.Store.Stats(ctx, complaint.StatsQuery{From: fairshops.MustDate("2026-01-01"),
		To: fairshops.MustDate("2026-03-31"), Today: fairshops.MustDate("2026-03-12"), Shops: 2})
	require.NoError(t, err)
	month := fairshops.MustDate
	want := complaint.Stats{
		States: []complaint.StateCount{{State: complaint.Checked, Count: 1}, {State: complaint.Forwarded, Count: 2},
			{State: complaint.Answered, Count: 2}, {State: complaint.Withdrawn, Count: 2}, {State: complaint.Closed, Count: 1}},
		Filed: []complaint.MonthCount{
			{Month: month("2026-01-01"), Category: precheck.Delivery, Count: 1},
			{Month: month("2026-02-01"), Category: precheck.Delivery, Count: 1},
			{Month: month("2026-02-01"), Category: precheck.Withdrawal, Count: 2},
			{Month: month("2026-03-01"), Category: precheck.Warranty, Count: 3},
		},
		// February: t1 on time, t2 late, t3 missed, t4 withdrawn before its
		// deadline (none). March: t5 missed (today is after it), t6 not
		// due yet, t7 withdrawn after its last day (missed).
		Compliance: []complaint.MonthCompliance{
			{Month: month("2026-02-01"), OnTime: 1, Late: 1, Missed: 1},
			{Month: month("2026-03-01"), Missed: 2},
		},
		Shops: []complaint.ShopCount{{ShopID: "shop-a", Total: 5, Open: 4, Missed: 0}, {ShopID: "shop-b", Total: 2, Open: 1, Missed: 2}},
	}
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Fatalf("stats differ (-want +got):\n%s", d)
	}

	none, err := h.Store.Stats(ctx, complaint.StatsQuery{From: fairshops.MustDate("2030-01-01"),
		To: fairshops.MustDate("2030-01-31"), Today: fairshops.MustDate("2030-01-15")})
	require.NoError(t, err)
	require.Empty(t, none.Filed)
	require.Empty(t, none.Compliance)
	require.Empty(t, none.Shops, "no shops asked for")
	require.Len(t, none.States, 5, "states count all time")
}
