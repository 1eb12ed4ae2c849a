package http_test

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// fileAs files a delivery complaint with the consumer's name and e-mail
// address and an order reference.
func (e *webEnv) fileAs(t *testing.T, shopID, name, email, orderRef, description string) (string, fairshops.Token) {
	t.Helper()
	in, err := complaint.DecodeIntake([]byte(`{"category":"delivery","order_date":"2026-10-01",
		"order_value":{"amount":"20.00","currency":"EUR"},"contacted_shop_on":"2026-10-20",
		"description":` + jsonString(description) + `,"order_ref":` + jsonString(orderRef) + `,
		"contact":{"name":` + jsonString(name) + `,"email":` + jsonString(email) + `}}`))
	require.NoError(t, err)
	c, tok, err := e.complaints.Submit(context.Background(), shopID, in)
	require.NoError(t, err)
	return c.ID, tok
}

// TestWebOperatorSearch: the queue's search (name, e-mail, order
// reference, ID, words of the description, shop name) and its filters,
// each through the page.
func TestWebOperatorSearch(t *testing.T) {
	e := newWebEnv(t)
	a, _ := e.fileAs(t, "demo-shop", "Erika Mustermann", "erika@example.org", "A-10023", "Die Rücksendung kam nie an.")
	e.clock.Advance(8 * 24 * time.Hour) // a's answer period is over
	b, _ := e.fileAs(t, "other-shop", "Hans Müller", "hans@example.com", "B-77", "Paket beschädigt.")
	ctx := context.Background()
	_, err := e.complaints.Assign(ctx, fairshops.AsOperator(operatorLogin), b, operatorLogin)
	require.NoError(t, err)

	op := e.operator(t, "de")
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{a, b}},
		{"q=Mustermann", []string{a}},
		{"q=hans%40example.com", []string{b}},
		{"q=A-10023", []string{a}},
		{"q=" + b, []string{b}},
		{"q=rucksendung", []string{a}},
		{"q=Anderer", []string{b}}, // the shop's name: "Anderer Shop"
		{"q=nichts+davon", nil},
		{"view=mine", []string{b}},
		{"view=unassigned", []string{a}},
		{"overdue=true", []string{a}},
		{"violation=no&state=all", []string{a, b}},
		{"violation=yes", nil},
		{"shop=other-shop&q=Paket", []string{b}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			p := op.get("/operator?" + tc.query)
			require.Equal(t, http.StatusOK, p.status)
			require.Equal(t, tc.want, complaintLinks(p))
		})
	}
	p := op.get("/operator?q=Mustermann&view=unassigned")
	p.contains(t, `value="Mustermann"`, `<option value="unassigned" selected>`, "Erika Mustermann", "A-10023",
		`href="/operator/complaints.csv?q=Mustermann&amp;view=unassigned"`)
	for _, bad := range []string{"view=everyone", "violation=maybe", "overdue=1", "state=bogus"} {
		require.Equal(t, http.StatusNotFound, op.get("/operator?"+bad).status, bad)
	}
}

// TestWebOperatorNotes: an internal note shows in the operator's history
// and nowhere a shop or a consumer looks (their pages, the API); an empty
// note comes back with its error.
func TestWebOperatorNotes(t *testing.T) {
	e := newWebEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Lieferung fehlt")
	const secret = "GEHEIM-4711 Shop ist unzuverlässig"
	op := e.operator(t, "de")
	path := "/operator/complaints/" + id
	p := op.submit(path, path+"/notes", url.Values{"note": {secret}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, path+"?done=op_noted#history", p.header.Get("Location"))
	op.get(path+"?done=op_noted").contains(t, secret, "interne Notiz", "Die interne Notiz wurde gespeichert.")

	p = op.submit(path, path+"/notes", url.Values{"note": {"  "}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, `id="f-note"`, `aria-invalid="true"`)

	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	consumer := e.consumer(t, "de", id, tok)
	for _, tc := range []struct {
		who  string
		b    *browser
		path string
	}{
		{"shop page", shop, "/shop/complaints/" + id},
		{"shop inbox", shop, "/shop"},
		{"shop API", shop, "/api/v1/complaints/" + id},
		{"consumer page", consumer, "/c/" + id},
	} {
		t.Run(tc.who, func(t *testing.T) {
			p := tc.b.get(tc.path)
			require.Equal(t, http.StatusOK, p.status, p.body)
			p.lacks(t, "GEHEIM", "4711", "interne Notiz")
		})
	}
	t.Run("operator API", func(t *testing.T) {
		p := op.get("/api/v1/complaints/" + id)
		require.Equal(t, http.StatusOK, p.status)
		p.contains(t, `"action":"noted"`, "GEHEIM-4711")
	})
	t.Run("consumer API", func(t *testing.T) {
		req, err := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/complaints/"+id, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok.Reveal())
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.NotContains(t, string(body), "GEHEIM")
	})
	t.Run("services", func(t *testing.T) {
		for _, who := range []fairshops.Principal{fairshops.AsShop("demo-shop"), fairshops.AsConsumer(tok)} {
			c, err := e.complaints.Get(context.Background(), who, id)
			require.NoError(t, err)
			for _, en := range c.History {
				require.NotContains(t, en.Detail, "GEHEIM", who.Role)
			}
		}
	})
}

// TestWebOperatorAssign: "assign to me", the view "mine", and removing the
// assignment; a bad target is refused.
func TestWebOperatorAssign(t *testing.T) {
	e := newWebEnv(t)
	id, _ := e.fileComplaint(t, "demo-shop", "Lieferung fehlt")
	op := e.operator(t, "de")
	path := "/operator/complaints/" + id
	op.get(path).contains(t, "Mir zuweisen")
	p := op.submit(path, path+"/assign", url.Values{"to": {"me"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, path+"?done=op_assigned", p.header.Get("Location"))
	page := op.get(path + "?done=op_assigned")
	page.contains(t, `<dd id="assigned">`+operatorLogin+`</dd>`, "Zuweisung aufheben", "Die Beschwerde ist Ihnen zugewiesen.")
	page.lacks(t, "Mir zuweisen")
	require.Equal(t, []string{id}, complaintLinks(op.get("/operator?view=mine")))
	require.Empty(t, complaintLinks(op.get("/operator?view=unassigned")))

	p = op.submit(path, path+"/assign", url.Values{"to": {"none"}})
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Empty(t, complaintLinks(op.get("/operator?view=mine")))
	require.Equal(t, []string{id}, complaintLinks(op.get("/operator?view=unassigned")))

	p = op.submit(path, path+"/assign", url.Values{"to": {"mallory"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	require.Equal(t, http.StatusNotFound, op.submit("/operator", "/operator/complaints/c_nope/assign", url.Values{"to": {"me"}}).status)
}

// TestWebOperatorExport: the CSV of the filtered queue, every complaint
// (more than a store page), with a byte order mark, a header, and cells a
// spreadsheet would run as formulas neutralised.
func TestWebOperatorExport(t *testing.T) {
	e := newWebEnv(t)
	attacks := []string{`=HYPERLINK("http://evil.example","x")`, "+49 30 1234", "-2+3", "@SUM(A1)"}
	for i, a := range attacks {
		e.fileAs(t, "demo-shop", a, "x"+string(rune('a'+i))+"@example.org", a, "Beschreibung "+a)
	}
	const many = fairshops.MaxLimit + 3
	e.clock.Advance(time.Minute)
	for range many - len(attacks) {
		e.fileAs(t, "other-shop", "Erika Muster", "erika@example.org", "R-1", "Lieferung; \"fehlt\"\nnoch immer")
	}
	op := e.operator(t, "de")
	p := op.get("/operator/complaints.csv?state=all")
	require.Equal(t, http.StatusOK, p.status)
	require.Equal(t, "text/csv; charset=utf-8", p.header.Get("Content-Type"))
	require.Contains(t, p.header.Get("Content-Disposition"), `attachment; filename="complaints-2026-11-25.csv"`)
	require.True(t, strings.HasPrefix(p.body, "\ufeff"), "a byte order mark for Excel")
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.body, "\ufeff"))).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 1+many, "a header and every complaint, past one page of the store")
	require.Equal(t, "Kennung", recs[0][0])
	byEmail := map[string][]string{}
	for _, r := range recs[1:] {
		byEmail[r[8]] = r
	}
	for i, a := range attacks {
		row := byEmail["x"+string(rune('a'+i))+"@example.org"]
		require.NotNil(t, row, a)
		require.Equal(t, "'"+a, row[7], "name")
		require.Equal(t, "'"+a, row[6], "order reference")
		require.Equal(t, "Beschreibung "+a, row[11], "only a cell's start matters")
	}
	require.Equal(t, "Lieferung; \"fehlt\"\nnoch immer", recs[len(recs)-1][11], "quotes and newlines survive")

	p = op.get("/operator/complaints.csv?state=all&shop=demo-shop")
	recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(p.body, "\ufeff"))).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 1+len(attacks), "the queue's filters")
	require.Equal(t, http.StatusNotFound, op.get("/operator/complaints.csv?view=bogus").status)
}

func TestCSVCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Erika", "Erika"},
		{"=1+1", "'=1+1"},
		{"+49", "'+49"},
		{"-1", "'-1"},
		{"@A1", "'@A1"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"a=b", "a=b"},
		{"'quoted", "'quoted"},
	} {
		require.Equal(t, tc.want, kshttp.CSVCell(tc.in), "%q", tc.in)
	}
}
