package http_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
)

// TestWebOperatorRechecks: the re-check page lists only the complaint the
// current rules answer differently, with its differences (escaped), in
// both languages; recording it (the parties untold unless ticked) shows it
// on the complaint page and takes it off the list; a stale form is refused.
func TestWebOperatorRechecks(t *testing.T) {
	e := newWebEnv(t)
	changed, _ := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	unchanged, _ := e.fileComplaint(t, "demo-shop", "Auch nicht angekommen.")
	store := e.db.Complaints()
	revisionOne(t, store, changed)
	c, err := store.Get(t.Context(), changed)
	require.NoError(t, err)
	last := len(c.Precheck.Findings) - 1
	c.Precheck.Findings[last].Basis = `<i>BGB §323(1)</i>` // stored text is data
	require.NoError(t, store.Update(t.Context(), c, nil))
	version := c.Version

	en := e.operator(t, "en")
	p := en.get("/operator/rechecks")
	require.Equal(t, http.StatusOK, p.status, p.body)
	p.contains(t, `<a href="/operator/rechecks" aria-current="page">Re-check</a>`,
		`href="/operator/complaints/`+changed+`"`, "Rules revision 1 → 2", "<code>delivery.withdraw_possible</code>",
		"dropped", "The final period until 17 November 2026 has also passed", "&lt;i&gt;BGB §323(1)&lt;/i&gt;",
		"17 November 2026 → –", `action="/operator/complaints/`+changed+`/recheck"`,
		`name="version" value="`+strconv.Itoa(version)+`"`,
		`<input type="checkbox" name="notify" value="1"> Tell the parties (consumer and shop)`, "Record the re-check")
	p.lacks(t, "<i>BGB", unchanged, "checked>")

	de := e.operator(t, "de")
	p = de.get("/operator/rechecks")
	p.contains(t, "Regelstand 1 → 2", "entfällt", "Die Beteiligten (Verbraucher und Shop) benachrichtigen", "Neuprüfung erfassen")

	// A stale form: 409, nothing recorded.
	p = en.post("/operator/complaints/"+changed+"/recheck",
		withCSRF(url.Values{"version": {strconv.Itoa(version - 1)}}, en.get("/operator/rechecks").csrf(t)))
	require.Equal(t, http.StatusConflict, p.status)

	mark := len(e.db.Events())
	p = en.post("/operator/complaints/"+changed+"/recheck",
		withCSRF(url.Values{"version": {strconv.Itoa(version)}}, en.get("/operator/rechecks").csrf(t)))
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/operator/complaints/"+changed+"?done=op_rechecked#rechecks", p.header.Get("Location"))
	require.Empty(t, e.db.Events()[mark:], "the parties are not told unless ticked")

	p = en.get("/operator/complaints/" + changed + "?done=op_rechecked")
	p.contains(t, "The re-check was recorded.", `<h2 id="rechecks">Re-checks under later rules</h2>`,
		operatorLogin+": recorded without telling the parties", "re-checked under new rules", "&lt;i&gt;BGB")
	p.lacks(t, "<i>BGB")
	p = de.get("/operator/complaints/" + changed)
	p.contains(t, "Neuprüfungen nach späteren Regeln", "erfasst, ohne die Beteiligten zu benachrichtigen")
	p = en.get("/operator/rechecks")
	p.contains(t, "None: the current rules give every open complaint the answer it has.")
	p.lacks(t, `action="/operator/complaints/`+changed+`/recheck"`)
	p = en.get("/operator/complaints/" + unchanged)
	p.lacks(t, `id="rechecks"`)
}

// TestWebOperatorRecheckNotify: ticking the box tells the consumer and the
// shop.
func TestWebOperatorRecheckNotify(t *testing.T) {
	e := newWebEnv(t)
	id, _ := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	version := revisionOne(t, e.db.Complaints(), id)
	op := e.operator(t, "de")
	mark := len(e.db.Events())
	p := op.post("/operator/complaints/"+id+"/recheck",
		withCSRF(url.Values{"version": {strconv.Itoa(version)}, "notify": {"1"}}, op.get("/operator/rechecks").csrf(t)))
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	var recipients []string
	for _, ev := range e.db.Events()[mark:] {
		recipients = append(recipients, ev.Recipient)
	}
	require.Equal(t, []string{"parties"}, recipients)
	require.Equal(t, complaint.EventRechecked, e.db.Events()[mark].Type)
	p = op.get("/operator/complaints/" + id)
	p.contains(t, "die Beteiligten wurden benachrichtigt")
	// Nothing left to record: 409 with the reason page.
	p = op.post("/operator/complaints/"+id+"/recheck",
		withCSRF(url.Values{"version": {strconv.Itoa(version + 1)}}, op.get("/operator/rechecks").csrf(t)))
	require.Equal(t, http.StatusConflict, p.status)
}
