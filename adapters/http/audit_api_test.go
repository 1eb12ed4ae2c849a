package http_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// TestAuditRecordsAPICalls: the JSON API's logins, bookings, article
// edits, keys and exports each leave one entry; a consumer's download of
// their own data is theirs, not an operator's action, and is not recorded.
func TestAuditRecordsAPICalls(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{ownPortal: true})
	ctx := context.Background()
	log := w.db.Audit()
	op := audit.Operator(apiOperatorLogin)
	step := func(name string, do func()) []audit.Entry {
		t.Helper()
		before, err := log.Head(ctx)
		require.NoError(t, err)
		do()
		got, err := log.List(ctx, audit.Filter{After: before.Seq})
		require.NoError(t, err)
		return got
	}
	one := func(name string, got []audit.Entry, action audit.Action, actor audit.Actor, s audit.Subject) {
		t.Helper()
		require.Len(t, got, 1, name)
		require.Equal(t, action, got[0].Action, name)
		require.Equal(t, actor, got[0].Actor, name)
		require.Equal(t, s, got[0].Subject, name)
	}

	// The world logged the shop and the operator in through the API.
	logins, err := log.List(ctx, audit.Filter{Action: audit.LoginSucceeded})
	require.NoError(t, err)
	require.Len(t, logins, 2)
	require.Equal(t, audit.ShopLogin(apiShopLogin), logins[0].Actor)
	require.Equal(t, op, logins[1].Actor)
	require.Equal(t, "api", logins[1].Detail)

	got := step("failed login", func() {
		rec := w.call(asAnonymous, "POST", "/api/v1/session", `{"login":"nobody","password":"guess"}`)
		require.Equal(t, 401, rec.Code)
	})
	one("failed login", got, audit.LoginFailed, audit.Actor{}, audit.Login("nobody"))

	s, err := w.reg.Shop(ctx, apiShop2)
	require.NoError(t, err)
	got = step("booking", func() {
		w.must(asOperator, "POST", "/api/v1/shops/"+apiShop2+"/bookings", `{"version":`+strconv.Itoa(s.Version)+
			`,"module":"beschwerdeservice","from":"2028-01-01","purpose":"extra_trust"}`, 200)
	})
	one("booking", got, audit.ModuleBooked, op, audit.Shop(apiShop2))
	require.Equal(t, "beschwerdeservice", got[0].Detail)

	got = step("article create", func() { w.must(asOperator, "PUT", "/api/v1/portal/articles/audit-artikel", articleBody(0), 201) })
	one("article create", got, audit.ArticleCreated, op, audit.Article("audit-artikel"))
	got = step("article delete", func() { w.must(asOperator, "DELETE", "/api/v1/portal/articles/audit-artikel?version=1", "", 204) })
	one("article delete", got, audit.ArticleDeleted, op, audit.Article("audit-artikel"))

	var keyID string
	got = step("key", func() { keyID = w.must(asShopCookie, "POST", "/api/v1/keys", `{"label":"Kasse"}`, 201)["id"].(string) })
	one("key", got, audit.APIKeyCreated, audit.ShopLogin(apiShopLogin), audit.APIKey(keyID))
	got = step("key revoked", func() { w.must(asShopCookie, "DELETE", "/api/v1/keys/"+keyID, "", 204) })
	one("key revoked", got, audit.APIKeyRevoked, audit.ShopLogin(apiShopLogin), audit.APIKey(keyID))

	got = step("operator export", func() { w.must(asOperator, "GET", "/api/v1/complaints/"+w.complaintA+"/export", "", 200) })
	one("operator export", got, audit.DataExported, op, audit.Complaint(w.complaintA))
	got = step("consumer export", func() { w.must(asConsumer, "GET", "/api/v1/complaints/"+w.complaintA+"/export", "", 200) })
	require.Empty(t, got, "the consumer's own download is not an operator action")
	got = step("case file", func() { w.must(asOperator, "GET", "/api/v1/complaints/"+w.complaintA+"/casefile", "", 200) })
	one("case file", got, audit.CaseFileDownloaded, op, audit.Complaint(w.complaintA))

	_, err = audit.Verify(ctx, log)
	require.NoError(t, err)
}
