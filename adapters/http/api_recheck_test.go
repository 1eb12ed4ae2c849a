package http_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
)

// revisionOne rewrites the stored pre-check of the complaint id as if it
// had been made under rules revision 1, which answered it otherwise (the
// consumer could withdraw after a further period that revision 2 no longer
// counts), and returns the complaint's new version.
func revisionOne(t testing.TB, store complaint.Store, id string) int {
	t.Helper()
	ctx := t.Context()
	c, err := store.Get(ctx, id)
	require.NoError(t, err)
	c.Precheck.Revision = 0
	c.Precheck.Clarity = precheck.Clear
	c.Precheck.Findings = append(c.Precheck.Findings, precheck.Finding{Rule: precheck.DeliveryWithdrawPossible,
		Favours: precheck.FavoursConsumer, Basis: "BGB §323(1)",
		Message: precheck.Message{Key: "rule.delivery.withdraw_possible", Args: []string{"2026-11-17"}},
		Tags:    []string{string(precheck.DeliveryWithdrawPossible), "delivery"}})
	require.NoError(t, store.Update(ctx, c, nil))
	return c.Version
}

// revisionOneA is an authorisation matrix setup: complaint A under revision 1.
func revisionOneA(w *apiWorld, v map[string]string) {
	v["version"] = strconv.Itoa(revisionOne(w.t, w.db.Complaints(), v["A"]))
}

func TestAPIRecheck(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	page := w.must(asOperator, "GET", "/api/v1/rechecks?lang=en", "", 200)
	require.Equal(t, []any{}, page["items"], "complaints filed under revision 2 do not change")

	version := revisionOne(t, w.db.Complaints(), w.complaintA)
	page = w.must(asOperator, "GET", "/api/v1/rechecks?lang=en", "", 200)
	items := page["items"].([]any)
	require.Len(t, items, 1)
	item := items[0].(map[string]any)
	require.Equal(t, w.complaintA, item["complaint"])
	require.EqualValues(t, version, item["version"])
	require.EqualValues(t, 1, item["before"].(map[string]any)["rules_revision"])
	require.EqualValues(t, 2, item["after"].(map[string]any)["rules_revision"])
	changes := item["changes"].(map[string]any)
	require.Equal(t, "clear", changes["clarity_before"])
	found := changes["findings"].([]any)
	require.Len(t, found, 1)
	f := found[0].(map[string]any)
	require.Equal(t, "removed", f["change"])
	require.Equal(t, "delivery.withdraw_possible", f["rule"])
	require.Equal(t, []any{"2026-11-17"}, f["dates_before"])
	require.Contains(t, f["before"].(map[string]any)["message"], "The final period until 17 November 2026 has also passed")
	require.NotContains(t, page, "next")

	// Paging and a bad limit.
	w.must(asOperator, "GET", "/api/v1/rechecks?limit=0", "", 400)
	w.must(asOperator, "GET", "/api/v1/rechecks?after=c_nosuch", "", 422)

	// Recording it: bad input, a stale version, then the record.
	w.must(asOperator, "POST", "/api/v1/complaints/"+w.complaintA+"/recheck", `{"notify":"yes"}`, 422)
	w.must(asOperator, "POST", "/api/v1/complaints/"+w.complaintA+"/recheck", `{"version":`+strconv.Itoa(version-1)+`}`, 409)
	got := w.must(asOperator, "POST", "/api/v1/complaints/"+w.complaintA+"/recheck?lang=en",
		`{"version":`+strconv.Itoa(version)+`,"notify":false}`, 200)
	require.EqualValues(t, 1, got["precheck"].(map[string]any)["rules_revision"], "the filed result stays")
	recs := got["rechecks"].([]any)
	require.Len(t, recs, 1)
	rec := recs[0].(map[string]any)
	require.Equal(t, false, rec["notified"])
	require.EqualValues(t, 2, rec["precheck"].(map[string]any)["rules_revision"])
	history := got["history"].([]any)
	require.Equal(t, "rechecked", history[len(history)-1].(map[string]any)["action"])

	// Nothing left to re-check, nothing more to record; the consumer reads it.
	page = w.must(asOperator, "GET", "/api/v1/rechecks", "", 200)
	require.Equal(t, []any{}, page["items"])
	w.must(asOperator, "POST", "/api/v1/complaints/"+w.complaintA+"/recheck", `{"version":`+strconv.Itoa(version+1)+`}`, 409)
	mine := w.must(asConsumer, "GET", "/api/v1/complaints/"+w.complaintA, "", 200)
	require.Len(t, mine["rechecks"], 1)
	for _, ev := range w.db.Events() {
		require.NotEqual(t, complaint.EventRechecked, ev.Type, "recorded without telling the parties: no event")
	}
}
