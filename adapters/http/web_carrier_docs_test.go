package http_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var carrierDocLink = regexp.MustCompile(`href="(/(?:shop|operator)/complaints/[a-z0-9_]+/carrier/files/f_[a-z0-9]+)" download>([^<]*)</a>`)

// TestCarrierDocumentPages: the carrier uploads a document on its page
// (a wrong file and a form without a file first, each a 422 with the
// page), sees it under its own documents and downloads it; the shop and
// the operator see and download it in the claim's section; another shop
// and the consumer reach it nowhere, and the consumer's page does not name
// it. After the claim is paid the page offers no upload, and a post is
// refused.
func TestCarrierDocumentPages(t *testing.T) {
	t.Parallel()
	e := newWebEnv(t)
	id, tok := e.fileFacts(t, "demo-shop", transitFacts)
	shop := e.browser(t, "de")
	shop.login(shopLogin, "/shop")
	base := "/shop/complaints/" + id
	require.Equal(t, http.StatusSeeOther, shop.submit(base, base+"/carrier", url.Values{"carrier": {"DHL"},
		"tracking": {"JJD000390007"}, "incident": {"hidden_damage"}, "on": {"2026-11-20"}}).status)
	shop.get(base).contains(t, "Unterlagen des Versanddienstleisters", "Keine Unterlagen hochgeladen.")
	m := carrierLinkPattern.FindStringSubmatch(html.UnescapeString(shop.submit(base, base+"/carrier/invite", url.Values{}).body))
	require.NotNil(t, m)

	carrier := e.browser(t, "de")
	require.Equal(t, http.StatusSeeOther, carrier.get(m[1]+"?t="+m[2]).status)
	cp := carrier.get(m[1])
	cp.contains(t, "carrier-upload-form", "Ihre Unterlagen", "Keine Unterlagen hochgeladen.", "höchstens 10 MB")

	bad := carrier.postFiles(m[1]+"/files", [][2]string{{"csrf", cp.csrf(t)}}, uploadPart{"notiz.txt", []byte("nur Text")})
	require.Equal(t, http.StatusUnprocessableEntity, bad.status, bad.body)
	bad.contains(t, "carrier-upload-form")
	none := carrier.postFiles(m[1]+"/files", [][2]string{{"csrf", bad.csrf(t)}})
	require.Equal(t, http.StatusUnprocessableEntity, none.status, none.body)
	noCSRF := carrier.postFiles(m[1]+"/files", nil, uploadPart{"Bericht.png", smallPNG(t)})
	require.Equal(t, http.StatusForbidden, noCSRF.status)
	up := carrier.postFiles(m[1]+"/files", [][2]string{{"csrf", none.csrf(t)}}, uploadPart{"Schadensbericht <1>.png", smallPNG(t)})
	require.Equal(t, http.StatusSeeOther, up.status, up.body)
	cp = carrier.get(m[1] + "?done=upload")
	cp.contains(t, "Ihre Unterlage wurde gespeichert.", "Schadensbericht 1.png")
	own := carrierFileLink.FindStringSubmatch(cp.body)
	require.NotNil(t, own, cp.body)
	dl := carrier.get(own[1])
	require.Equal(t, http.StatusOK, dl.status)
	require.Equal(t, "image/png", dl.header.Get("Content-Type"))
	require.Equal(t, "nosniff", dl.header.Get("X-Content-Type-Options"))
	fileID := own[1][strings.LastIndex(own[1], "/")+1:]

	// The shop and the operator: in the claim's section, with a download.
	p := shop.get(base)
	p.contains(t, "Schadensbericht 1.png", "document_added")
	sd := carrierDocLink.FindStringSubmatch(p.body)
	require.NotNil(t, sd, p.body)
	require.Equal(t, base+"/carrier/files/"+fileID, sd[1])
	require.Equal(t, http.StatusOK, shop.get(sd[1]).status)
	operator := e.operator(t, "de")
	op := operator.get("/operator/complaints/" + id)
	op.contains(t, "Schadensbericht 1.png")
	require.Equal(t, http.StatusOK, operator.get("/operator/complaints/"+id+"/carrier/files/"+fileID).status)

	// Nobody else: the consumer's page does not name it, and no path of
	// the consumer, another shop or the complaint's own files serves it.
	consumer := e.consumer(t, "de", id, tok)
	cpage := consumer.get("/c/" + id)
	cpage.lacks(t, "Schadensbericht", fileID)
	require.Equal(t, http.StatusNotFound, consumer.get("/c/"+id+"/files/"+fileID).status)
	require.Equal(t, http.StatusNotFound, shop.get(base+"/files/"+fileID).status, "not a file of the complaint")
	require.Equal(t, http.StatusNotFound, shop.get(base+"/carrier/files/f_unknown").status)
	stranger := e.browser(t, "de")
	require.Equal(t, http.StatusNotFound, stranger.get(own[1]).status, "no cookie, no file")

	// A paid claim takes no more documents.
	csrf := carrier.get(m[1]).csrf(t)
	paid := carrier.submit(m[1], m[1]+"/answer", url.Values{"kind": {"pay"}, "amount": {"49.90"}})
	require.Equal(t, http.StatusSeeOther, paid.status, paid.body)
	cp = carrier.get(m[1])
	cp.lacks(t, "carrier-upload-form")
	late := carrier.postFiles(m[1]+"/files", [][2]string{{"csrf", csrf}}, uploadPart{"spät.png", smallPNG(t)})
	require.Equal(t, http.StatusConflict, late.status, late.body)
}
