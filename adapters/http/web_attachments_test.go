package http_test

import (
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// postFiles sends a multipart form with the text fields (in order: the
// CSRF token first, as a browser sends the fields of the page) and files.
func (b *browser) postFiles(path string, fields [][2]string, files ...uploadPart) page {
	b.t.Helper()
	body, ct := multipartBody(b.t, fields, files...)
	req, err := http.NewRequest(http.MethodPost, b.env.srv.URL+path, body)
	require.NoError(b.t, err)
	req.Header.Set("Content-Type", ct)
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	resp, err := b.c.Do(req)
	require.NoError(b.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	return page{status: resp.StatusCode, header: resp.Header, body: string(data)}
}

var fileLink = regexp.MustCompile(`href="(/[^"]+/files/f_[a-z0-9]+)" download class="file">([^<]*)</a>`)

// fileLinks lists the download links of a page, sorted by the files'
// names (files added at the same instant are listed in ID order).
func (p page) fileLinks(t *testing.T) []string {
	t.Helper()
	ms := fileLink.FindAllStringSubmatch(p.body, -1)
	sort.Slice(ms, func(i, j int) bool { return ms[i][2] > ms[j][2] })
	var out []string
	for _, m := range ms {
		out = append(out, m[1])
	}
	return out
}

// TestWebFiles: the consumer adds a photo on the complaint page; the
// consumer, the shop and the operator see it with its thumbnail and
// download it without its metadata; strangers do not; the forms refuse a
// missing or late CSRF token and a wrong file.
func TestWebFiles(t *testing.T) {
	e := newWebEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam beschädigt an.")
	b := e.consumer(t, "de", id, tok)
	p := b.get("/c/" + id)
	p.contains(t, `enctype="multipart/form-data"`, `name="file" multiple accept="image/jpeg,image/png,image/webp,application/pdf"`,
		"Noch keine Dateien.")
	p = b.postFiles("/c/"+id+"/files", [][2]string{{"csrf", p.csrf(t)}},
		uploadPart{"Schaden.jpg", photoWithGPS(t)}, uploadPart{"Beleg.png", smallPNG(t)})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/c/"+id+"?done=files#files", p.header.Get("Location"))
	p = b.get(p.header.Get("Location"))
	p.contains(t, "Ihre Dateien wurden hinzugefügt.", "Schaden.jpg", "Beleg.png", "image/jpeg", "SHA-256")
	links := p.fileLinks(t)
	require.Len(t, links, 2)
	p.contains(t, `<img src="`+links[0]+`/thumbnail"`)

	// The consumer's download: no metadata, the safe headers.
	dl := b.get(links[0])
	require.Equal(t, http.StatusOK, dl.status)
	require.Equal(t, "image/jpeg", dl.header.Get("Content-Type"))
	require.Equal(t, "nosniff", dl.header.Get("X-Content-Type-Options"))
	require.Equal(t, "sandbox; default-src 'none'", dl.header.Get("Content-Security-Policy"))
	require.Equal(t, `attachment; filename="Schaden.jpg"; filename*=UTF-8''Schaden.jpg`, dl.header.Get("Content-Disposition"))
	for _, m := range gpsMarkers {
		require.NotContains(t, dl.body, m)
	}
	th := b.get(links[0] + "/thumbnail")
	require.Equal(t, http.StatusOK, th.status)
	require.Equal(t, "image/jpeg", th.header.Get("Content-Type"))

	// The shop sees them on its page and downloads them from its console.
	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	sp := shop.get("/shop/complaints/" + id)
	require.Equal(t, http.StatusOK, sp.status)
	sp.contains(t, "Schaden.jpg", "Beleg.png")
	shopLinks := sp.fileLinks(t)
	require.Len(t, shopLinks, 2)
	require.True(t, strings.HasPrefix(shopLinks[0], "/shop/complaints/"+id+"/files/"))
	got := shop.get(shopLinks[0])
	require.Equal(t, http.StatusOK, got.status)
	require.Equal(t, dl.body, got.body)
	require.Equal(t, http.StatusOK, shop.get(shopLinks[0]+"/thumbnail").status)
	// The shop adds a file too, with the same kind of form.
	sp = shop.postFiles("/shop/complaints/"+id+"/files", [][2]string{{"csrf", sp.csrf(t)}}, uploadPart{"Versandbeleg.png", smallPNG(t)})
	require.Equal(t, http.StatusSeeOther, sp.status, sp.body)

	// The operator sees all three and may add one.
	op := e.browser(t, "de")
	op.login(operatorLogin, "/operator")
	opPage := op.get("/operator/complaints/" + id)
	require.Equal(t, http.StatusOK, opPage.status)
	opPage.contains(t, "Schaden.jpg", "Beleg.png", "Versandbeleg.png", "Datei angehängt")
	require.Len(t, opPage.fileLinks(t), 3)
	require.Equal(t, http.StatusOK, op.get(opPage.fileLinks(t)[0]).status)
	r := op.postFiles("/operator/complaints/"+id+"/files", [][2]string{{"csrf", opPage.csrf(t)}}, uploadPart{"Notiz.png", smallPNG(t)})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	r = op.postFiles("/operator/complaints/"+id+"/files", [][2]string{{"csrf", op.get("/operator/complaints/" + id).csrf(t)}},
		uploadPart{"boese.jpg", []byte("<html><script>alert(1)</script>")})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)

	// Strangers: another shop, another browser without the token, a
	// file of this complaint under another complaint's path.
	other := e.browser(t, "de")
	other.login(otherLogin, "/shop")
	require.Equal(t, http.StatusNotFound, other.get(shopLinks[0]).status)
	require.Equal(t, http.StatusNotFound, e.browser(t, "de").get(links[0]).status)
	id2, tok2 := e.fileComplaint(t, "demo-shop", "Noch eins.")
	b2 := e.consumer(t, "de", id2, tok2)
	fid := links[0][strings.LastIndex(links[0], "/")+1:]
	require.Equal(t, http.StatusNotFound, b2.get("/c/"+id2+"/files/"+fid).status)

	// CSRF: none, and one after the file (the fields must come first).
	require.Equal(t, http.StatusForbidden, b.postFiles("/c/"+id+"/files", nil, uploadPart{"x.png", smallPNG(t)}).status)
	late := b.get("/c/" + id).csrf(t)
	body, ct := multipartBody(t, nil, uploadPart{"x.png", smallPNG(t)})
	raw, err := io.ReadAll(body)
	require.NoError(t, err)
	boundary := strings.TrimPrefix(ct, "multipart/form-data; boundary=")
	withLate := strings.Replace(string(raw), "--"+boundary+"--", "--"+boundary+"\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"+late+"\r\n--"+boundary+"--", 1)
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/c/"+id+"/files", strings.NewReader(withLate))
	require.NoError(t, err)
	req.Header.Set("Content-Type", ct)
	resp, err := b.c.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusForbidden, resp.StatusCode)

	// A refused file: the page says why, next to the field; nothing stored.
	p = b.postFiles("/c/"+id+"/files", [][2]string{{"csrf", b.get("/c/" + id).csrf(t)}}, uploadPart{"leer.jpg", nil})
	require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
	p = b.postFiles("/c/"+id+"/files", [][2]string{{"csrf", b.get("/c/" + id).csrf(t)}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
	list, err := e.complaints.Attachments(t.Context(), fairshops.AsOperator("anna"), id)
	require.NoError(t, err)
	var names []string
	for _, a := range list {
		names = append(names, a.Name)
	}
	sort.Strings(names)
	require.Equal(t, []string{"Beleg.png", "Notiz.png", "Schaden.jpg", "Versandbeleg.png"}, names)
	require.NoError(t, e.complaints.VerifyAttachments(t.Context(), fairshops.AsOperator("anna"), id))
}

// TestWebFileComplaintWithPhoto: the complaint form takes photos with the
// facts; the filing stores them with the new complaint.
func TestWebFileComplaintWithPhoto(t *testing.T) {
	e := newWebEnv(t)
	b := e.browser(t, "de")
	const form = "/shops/demo-shop/complaint?category=withdrawal"
	fp := b.get(form)
	require.Equal(t, http.StatusOK, fp.status)
	fp.contains(t, `enctype="multipart/form-data"`, `name="file" multiple`)
	fields := [][2]string{{"csrf", fp.csrf(t)}}
	values := validComplaint()
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range values[k] {
			fields = append(fields, [2]string{k, v})
		}
	}
	p := b.postFiles("/shops/demo-shop/complaint", fields, uploadPart{"Foto.jpg", photoWithGPS(t)})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	loc := p.header.Get("Location")
	require.Regexp(t, `^/c/c_[0-9a-z]+/filed$`, loc)
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/c/"), "/filed")
	list, err := e.complaints.Attachments(t.Context(), fairshops.AsOperator("anna"), id)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, "Foto.jpg", list[0].Name)
	require.Equal(t, fairshops.RoleConsumer, list[0].Owner)
	filed := b.get(loc)
	filed.lacks(t, "nicht alle Dateien")

	// A refused file does not undo the filing; the confirmation says so.
	fields[0][1] = b.get(form).csrf(t)
	p = b.postFiles("/shops/demo-shop/complaint", fields, uploadPart{"Foto.jpg", []byte("GIF89a nope")})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.True(t, strings.HasSuffix(p.header.Get("Location"), "/filed?files=refused"), p.header.Get("Location"))
	b.get(p.header.Get("Location")).contains(t, "nicht alle Dateien konnten angehängt werden")

	// Invalid facts: the form comes back; nothing filed.
	bad := [][2]string{{"csrf", b.get(form).csrf(t)}, {"category", "withdrawal"}}
	p = b.postFiles("/shops/demo-shop/complaint", bad, uploadPart{"Foto.jpg", photoWithGPS(t)})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
}

// TestWebFilesForTheModerator: in a running mediation the shop adds a file
// to its statement for the moderator only; the operator sees it on the
// case page, the consumer nowhere.
func TestWebFilesForTheModerator(t *testing.T) {
	e := newWebEnv(t)
	id, tok := e.fileComplaint(t, "demo-shop", "Das Paket kam nie an.")
	b := e.consumer(t, "de", id, tok)
	e.shopAnswers(t, "demo-shop", id) // the consumer may ask once the shop has answered
	p := b.submit("/c/"+id, "/c/"+id+"/mediation", nil)
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	cs := e.caseOf(t, id)
	_, err := e.mediation.AcceptRequest(t.Context(), fairshops.AsOperator("op"), cs.ID)
	require.NoError(t, err)

	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	sp := shop.get("/shop/complaints/" + id)
	sp.contains(t, `name="case" value="`+cs.ID+`"`, `name="moderator_only" value="true"`, "nur der Moderation zeigen")
	r := shop.postFiles("/shop/complaints/"+id+"/files", [][2]string{{"csrf", sp.csrf(t)}, {"case", cs.ID}, {"moderator_only", "true"}},
		uploadPart{"Kalkulation.png", smallPNG(t)})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	// A case of another complaint is refused.
	id2, _ := e.fileComplaint(t, "demo-shop", "Noch eins.")
	r = shop.postFiles("/shop/complaints/"+id2+"/files", [][2]string{{"csrf", shop.get("/shop/complaints/" + id2).csrf(t)},
		{"case", cs.ID}, {"moderator_only", "true"}}, uploadPart{"x.png", smallPNG(t)})
	require.Equal(t, http.StatusNotFound, r.status, r.body)

	shop.get("/shop/complaints/"+id).contains(t, "Kalkulation.png", "nur für die Moderation")
	b.get("/c/"+id).lacks(t, "Kalkulation.png")
	op := e.browser(t, "de")
	op.login(operatorLogin, "/operator")
	cp := op.get("/operator/cases/" + cs.ID)
	require.Equal(t, http.StatusOK, cp.status)
	cp.contains(t, "Kalkulation.png", "nur für die Moderation")
	list, err := e.complaints.Attachments(t.Context(), fairshops.AsConsumer(tok), id)
	require.NoError(t, err)
	require.Empty(t, list)
	all, err := e.complaints.Attachments(t.Context(), fairshops.AsOperator("op"), id)
	require.NoError(t, err)
	require.Len(t, all, 1)
	require.Equal(t, "statement:"+cs.ID, all[0].Context)
	require.True(t, all[0].ModeratorOnly)
}
