package http_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
)

var macroLocation = regexp.MustCompile(`^/operator/macros/(mac_[^?]+)\?done=op_macro_saved$`)

// TestWebOperatorMacros: an operator creates, edits and deletes a canned
// reply and pre-fills a complaint's message with it, its placeholders
// filled in as plain text; bad input comes back with its errors.
func TestWebOperatorMacros(t *testing.T) {
	e := newWebEnv(t)
	id, _ := e.fileComplaint(t, "demo-shop", "Lieferung fehlt")
	op := e.operator(t, "de")
	require.Equal(t, http.StatusOK, op.get("/operator/macros").status)
	op.get("/operator/macros").contains(t, "Noch keine Textbausteine.", "{{consumer_name}}")

	p := op.submit("/operator/macros", "/operator/macros", url.Values{"title": {""}, "body": {"x"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, `id="f-title"`, `aria-invalid="true"`)

	body := "Guten Tag {{consumer_name}},\r\nzu Ihrer Beschwerde {{reference}} über {{shop}} (Bestellung {{order_ref}}): Frist {{answer_due}}. <b>{{unbekannt}}</b> {{.Secret}}"
	p = op.submit("/operator/macros", "/operator/macros", url.Values{"title": {"Erinnerung"}, "body": {body}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status, "HTML markup is refused as in messages")
	body = "Guten Tag {{consumer_name}},\r\nzu Ihrer Beschwerde {{reference}} über {{shop}}: Frist {{answer_due}}. {{unbekannt}} {{.Secret}}"
	p = op.submit("/operator/macros", "/operator/macros", url.Values{"title": {"Erinnerung"}, "body": {body}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	m := macroLocation.FindStringSubmatch(p.header.Get("Location"))
	require.NotNil(t, m, p.header.Get("Location"))
	macroID := m[1]
	op.get("/operator/macros").contains(t, `href="/operator/macros/`+macroID+`"`, "Erinnerung")

	page := op.get("/operator/complaints/" + id + "?macro=" + macroID)
	require.Equal(t, http.StatusOK, page.status)
	page.contains(t, `<option value="`+macroID+`" selected>Erinnerung</option>`,
		"Guten Tag Erika Muster,\nzu Ihrer Beschwerde "+id+" über Demo-Shop: Frist 02.12.2026. {{unbekannt}} {{.Secret}}")

	p = op.submit("/operator/macros/"+macroID, "/operator/macros/"+macroID, url.Values{"title": {"Erinnerung 2"}, "body": {"Hallo {{consumer_name}}"}, "version": {"1"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	op.get("/operator/complaints/"+id+"?macro="+macroID).contains(t, "Hallo Erika Muster")
	p = op.submit("/operator/macros/"+macroID, "/operator/macros/"+macroID, url.Values{"title": {"x"}, "body": {"y"}, "version": {"1"}})
	require.Equal(t, http.StatusConflict, p.status, "a stale version")
	p = op.submit("/operator/macros/"+macroID, "/operator/macros/"+macroID, url.Values{"title": {"x"}, "body": {""}, "version": {"2"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)

	p = op.submit("/operator/macros/"+macroID, "/operator/macros/"+macroID+"/delete", url.Values{"version": {"2"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, http.StatusNotFound, op.get("/operator/macros/"+macroID).status)
}

// TestWebOperatorNoMacros: without a macro service there are no macro
// pages and no choice on the complaint page.
func TestWebOperatorNoMacros(t *testing.T) {
	e := newWebEnv(t, func(c *kshttp.Config) { c.Macros = nil })
	id, _ := e.fileComplaint(t, "demo-shop", "Lieferung fehlt")
	op := e.operator(t, "de")
	require.Equal(t, http.StatusNotFound, op.get("/operator/macros").status)
	op.get("/operator/complaints/"+id).lacks(t, `id="macro-choice"`)
}
