package http_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// caseSettled returns a case about complaint A both parties settled on the
// first option of its proposal: its obligations are open.
func (w *apiWorld) caseSettled() string {
	w.t.Helper()
	id, pid, opt := w.caseProposed()
	_, err := w.mediation.AcceptProposal(w.ctx, w.consumerPrincipal(), id, pid, opt)
	require.NoError(w.t, err)
	c, err := w.mediation.AcceptProposal(w.ctx, w.shopPrincipal(), id, pid, opt)
	require.NoError(w.t, err)
	require.NotEmpty(w.t, c.Obligations)
	return id
}

// caseReopened returns a settled case about complaint A whose obligations
// were missed: the clock is past their grace and the due work has run.
func (w *apiWorld) caseReopened() string {
	w.t.Helper()
	id := w.caseSettled()
	w.clock.Advance(90 * 24 * time.Hour)
	_, err := w.mediation.ProcessDue(w.ctx)
	require.NoError(w.t, err)
	w.freshSessions() // the browser sessions ran out meanwhile
	return id
}

// TestAPIConfirmObligation: the consumer's one call confirms receipt; the
// case shows the obligation done; a second call changes nothing; an
// unknown obligation is 404 and the operator 403.
func TestAPIConfirmObligation(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	id := w.caseSettled()
	c := w.must(asConsumer, "GET", "/api/v1/cases/"+id, "", 200)
	obs := c["obligations"].([]any)
	last := obs[len(obs)-1].(map[string]any)
	require.Equal(t, "open", last["state"])
	require.Equal(t, "shop", last["party"])
	path := "/api/v1/cases/" + id + "/obligations/" + last["id"].(string) + "/confirm"

	c = w.must(asConsumer, "POST", path, "", 200)
	got := c["obligations"].([]any)[len(obs)-1].(map[string]any)
	require.Equal(t, "done", got["state"])
	require.NotEmpty(t, got["received_at"])
	version := c["version"]
	c = w.must(asConsumer, "POST", path, "", 200)
	require.Equal(t, version, c["version"], "a second click changes nothing")

	w.must(asConsumer, "POST", "/api/v1/cases/"+id+"/obligations/ob99/confirm", "", 404)
	w.must(asOperator, "POST", path, "", 403)
	w.must(asConsumer, "POST", path, `{"note":"x"}`, 422)
}

// TestAPIReopenedCases: a missed obligation reopens the settled case; the
// operator finds it with ?reopened=true and closes it, after which it is no
// longer listed; a second close is 409, a party's 403, and a reopened value
// other than true or false a 400 that names the values.
func TestAPIReopenedCases(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	id := w.caseSettled()

	page := w.must(asOperator, "GET", "/api/v1/cases?reopened=true", "", 200)
	require.Empty(t, page["items"], "nothing missed yet")

	w.clock.Advance(90 * 24 * time.Hour) // past every obligation's grace
	_, err := w.mediation.ProcessDue(w.ctx)
	require.NoError(t, err)
	w.freshSessions()
	c := w.must(asOperator, "GET", "/api/v1/cases/"+id, "", 200)
	require.NotEmpty(t, c["reopened_on"])

	page = w.must(asOperator, "GET", "/api/v1/cases?reopened=true", "", 200)
	require.Equal(t, []string{id}, caseIDs(page))
	page = w.must(asShopKey, "GET", "/api/v1/cases?reopened=true", "", 200)
	require.Equal(t, []string{id}, caseIDs(page), "the shop sees its reopened case")
	page = w.must(asOtherShopKey, "GET", "/api/v1/cases?reopened=true", "", 200)
	require.Empty(t, page["items"], "another shop does not")

	close := "/api/v1/cases/" + id + "/reopened/close"
	w.must(asConsumer, "POST", close, "", 403)
	w.must(asShopKey, "POST", close, "", 403)
	w.must(asOperator, "POST", close, `{"note":"x"}`, 422)
	c = w.must(asOperator, "POST", close, "", 200)
	require.Empty(t, c["reopened_on"])
	w.must(asOperator, "POST", close, "", 409)

	page = w.must(asOperator, "GET", "/api/v1/cases?reopened=true", "", 200)
	require.Empty(t, page["items"], "closed: no longer listed")
	page = w.must(asOperator, "GET", "/api/v1/cases?reopened=false", "", 200)
	require.Contains(t, caseIDs(page), id, "false is the whole list")

	p := w.must(asOperator, "GET", "/api/v1/cases?reopened=yes", "", 400)
	require.Contains(t, fmt.Sprint(p["errors"]), "reopened")
	require.Contains(t, fmt.Sprint(p["errors"]), "true, false")
}

// caseIDs are the IDs of a page of cases.
func caseIDs(page map[string]any) []string {
	var ids []string
	for _, it := range page["items"].([]any) {
		ids = append(ids, it.(map[string]any)["id"].(string))
	}
	return ids
}

// freshSessions logs the shop's and the operator's browsers in again, after
// the clock ran past their sessions' lifetime.
func (w *apiWorld) freshSessions() {
	w.t.Helper()
	w.shopSession = w.login(apiShopLogin)
	w.operatorSession = w.login(apiOperatorLogin)
}

// caseSentAgo returns a settled case about complaint A whose last
// obligation (the shop's) the shop confirmed as sent NotReceivedAfterDays
// ago, and that obligation's ID: the consumer may report it not received.
func (w *apiWorld) caseSentAgo() (string, string) {
	w.t.Helper()
	id := w.caseSettled()
	c, err := w.mediation.Get(w.ctx, w.opPrincipal(), id)
	require.NoError(w.t, err)
	oid := c.Obligations[len(c.Obligations)-1].ID
	require.Equal(w.t, fairshops.RoleShop, c.Obligations[len(c.Obligations)-1].Party)
	_, err = w.mediation.ConfirmObligation(w.ctx, w.shopPrincipal(), id, oid)
	require.NoError(w.t, err)
	w.clock.Advance(mediation.NotReceivedAfterDays * 24 * time.Hour)
	w.freshSessions()
	return id, oid
}

// caseDisputed returns a case whose shop obligation the consumer reported
// not received, and that obligation's ID.
func (w *apiWorld) caseDisputed() (string, string) {
	w.t.Helper()
	id, oid := w.caseSentAgo()
	_, err := w.mediation.ReportNotReceived(w.ctx, w.consumerPrincipal(), id, oid)
	require.NoError(w.t, err)
	return id, oid
}

// TestAPIObligationNotReceived: the shop says it refunded, the consumer
// reports nothing came: the obligation is disputed and the case reopened;
// the operator records the outcome with a checked value.
func TestAPIObligationNotReceived(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	id, oid := w.caseSentAgo()
	base := "/api/v1/cases/" + id + "/obligations/" + oid

	w.must(asShopKey, "POST", base+"/not-received", "", 403)
	w.must(asConsumer, "POST", base+"/not-received", `{"note":"x"}`, 422)
	c := w.must(asConsumer, "POST", base+"/not-received", "", 200)
	ob := lastObligation(c)
	require.Equal(t, "disputed", ob["state"])
	require.NotEmpty(t, ob["disputed_on"])
	require.NotEmpty(t, c["reopened_on"])
	w.must(asConsumer, "POST", base+"/not-received", "", 409)
	w.must(asConsumer, "POST", "/api/v1/cases/"+id+"/obligations/ob99/not-received", "", 404)

	w.must(asConsumer, "POST", base+"/resolve", `{"outcome":"received"}`, 403)
	p := w.must(asOperator, "POST", base+"/resolve", `{"outcome":"maybe"}`, 422)
	require.Contains(t, fmt.Sprint(p["errors"]), "received, not_received")
	w.must(asOperator, "POST", base+"/resolve", `{}`, 422)
	c = w.must(asOperator, "POST", base+"/resolve", `{"outcome":"not_received"}`, 200)
	ob = lastObligation(c)
	require.Equal(t, "missed", ob["state"])
	require.NotEmpty(t, ob["missed_on"])
	w.must(asOperator, "POST", base+"/resolve", `{"outcome":"received"}`, 409)
}

// TestAPIObligationNotReceivedTooEarly: the day after the shop's
// confirmation the report is refused (409) and changes nothing.
func TestAPIObligationNotReceivedTooEarly(t *testing.T) {
	t.Parallel()
	w := newAPIWorld(t, apiWorldOptions{})
	id := w.caseSettled()
	c := w.must(asConsumer, "GET", "/api/v1/cases/"+id, "", 200)
	oid := lastObligation(c)["id"].(string)
	base := "/api/v1/cases/" + id + "/obligations/" + oid
	w.must(asShopKey, "POST", base+"/confirm", "", 200)
	w.clock.Advance(24 * time.Hour)
	w.freshSessions()
	p := w.must(asConsumer, "POST", base+"/not-received", "", 409)
	require.Contains(t, fmt.Sprint(p), "not before")
	require.Equal(t, "sent", lastObligation(w.must(asConsumer, "GET", "/api/v1/cases/"+id, "", 200))["state"])
}

func lastObligation(c map[string]any) map[string]any {
	obs := c["obligations"].([]any)
	return obs[len(obs)-1].(map[string]any)
}
