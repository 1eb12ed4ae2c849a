package http_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
)

// TestListItemsCarryReferences walks every list endpoint of the API (every
// GET route whose answer is a page of items) and requires each item about
// a complaint to carry the complaint's reference and order reference
// (issue 14 item 5). A new list endpoint fails the test until it is
// classified here.
func TestListItemsCarryReferences(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	w.caseRequested() // a case about complaint A
	aboutComplaints := map[string]bool{"GET /api/v1/complaints": true, "GET /api/v1/cases": true, "GET /api/v1/rechecks": true}
	notAboutComplaints := map[string]bool{"GET /api/v1/shops": true, "GET /api/v1/keys": true, "GET /api/v1/accounts": true,
		"GET /api/v1/invitations": true, "GET /api/v1/portal/articles": true, "GET /api/v1/portal/topics": true,
		"GET /api/v1/complaints/{id}/attachments": true,
		"GET /api/v1/audit":                       true} // entries name a subject by kind and ID; the log holds no reference
	var lists []string
	for _, rt := range kshttp.RoutesOf(w.h) {
		if !rt.API || rt.Method != http.MethodGet {
			continue
		}
		path := strings.NewReplacer("{shop}", apiShop1, "{id}", w.complaintA).Replace(rt.Pattern)
		if strings.Contains(path, "{") {
			continue // an object other than a complaint: not a list
		}
		rec := w.call(asOperator, "GET", path, "")
		if rec.Code == http.StatusForbidden {
			rec = w.call(asShopKey, "GET", path, "")
		}
		var page struct {
			Items []map[string]any `json:"items"`
		}
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &page) != nil || page.Items == nil {
			continue
		}
		key := rt.Method + " " + rt.Pattern
		lists = append(lists, key)
		require.True(t, aboutComplaints[key] != notAboutComplaints[key], "%s: a list endpoint not classified in this test", key)
		if !aboutComplaints[key] {
			continue
		}
		for _, it := range page.Items {
			require.Contains(t, it, "order_ref", key)
			require.Regexp(t, `^KS-[0-9A-Z]{4}-[0-9A-Z]{4}$`, it["reference"], key)
		}
		if key != "GET /api/v1/rechecks" { // a re-check lists only complaints whose answer changes
			require.NotEmpty(t, page.Items, key)
		}
	}
	sort.Strings(lists)
	require.Contains(t, lists, "GET /api/v1/cases")
	require.Contains(t, lists, "GET /api/v1/complaints")
	require.Contains(t, lists, "GET /api/v1/rechecks")
}

// TestExportCarriesReferences: the operator's CSV export of the queue has
// the complaint's reference as its last column (after the columns it had
// before, so that existing spreadsheets keep their columns).
func TestExportCarriesReferences(t *testing.T) {
	e := newWebEnv(t)
	e.fileComplaint(t, "demo-shop", "Die Lieferung fehlt seit Wochen.")
	p := e.operator(t, "en").get("/operator/complaints.csv?state=all")
	require.Equal(t, http.StatusOK, p.status)
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.body, "\ufeff"))).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(recs), 1)
	require.Equal(t, "Reference", recs[0][len(recs[0])-1])
	require.Equal(t, "Order reference", recs[0][6])
	for _, r := range recs[1:] {
		require.Regexp(t, `^KS-[0-9A-Z]{4}-[0-9A-Z]{4}$`, r[len(r)-1])
	}
}
