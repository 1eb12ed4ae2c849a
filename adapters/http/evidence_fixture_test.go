package http_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Files for the attachment tests: a photo with camera and GPS data in its
// EXIF block, a plain PNG, and multipart bodies that carry them.

// gpsMarkers are byte strings the photo's metadata holds and a cleaned file
// must not.
var gpsMarkers = []string{"Exif", "WGS-84", "TestCam", "GPS test picture"}

// ifdEntry is one TIFF directory entry; value is its data, stored in the
// entry when it fits in four bytes, else after the directory.
type ifdEntry struct {
	tag   uint16
	typ   uint16
	count uint32
	value []byte
}

func asciiEntry(tag uint16, s string) ifdEntry {
	return ifdEntry{tag: tag, typ: 2, count: uint32(len(s) + 1), value: append([]byte(s), 0)}
}

func rationalEntry(tag uint16, v ...uint32) ifdEntry {
	var b []byte
	for _, x := range v {
		b = binary.BigEndian.AppendUint32(b, x)
		b = binary.BigEndian.AppendUint32(b, 1)
	}
	return ifdEntry{tag: tag, typ: 5, count: uint32(len(v)), value: b}
}

// tiffWithGPS is a big-endian TIFF block: IFD0 (description, make, and the
// pointer to the GPS directory) and the GPS directory (a position near
// Berlin, datum WGS-84).
func tiffWithGPS() []byte {
	be := binary.BigEndian
	out := []byte("MM\x00\x2a\x00\x00\x00\x08")
	write := func(entries []ifdEntry) {
		start := len(out)
		size := 2 + 12*len(entries) + 4
		extra := start + size
		var tail []byte
		out = be.AppendUint16(out, uint16(len(entries)))
		for _, e := range entries {
			out = be.AppendUint16(out, e.tag)
			out = be.AppendUint16(out, e.typ)
			out = be.AppendUint32(out, e.count)
			if len(e.value) <= 4 {
				out = append(out, append(e.value, make([]byte, 4-len(e.value))...)...)
				continue
			}
			out = be.AppendUint32(out, uint32(extra+len(tail)))
			tail = append(tail, e.value...)
			if len(tail)%2 == 1 {
				tail = append(tail, 0)
			}
		}
		out = be.AppendUint32(out, 0)
		out = append(out, tail...)
	}
	ifd0 := []ifdEntry{asciiEntry(0x010E, "GPS test picture"), asciiEntry(0x010F, "TestCam"),
		{tag: 0x8825, typ: 4, count: 1, value: []byte{0, 0, 0, 0}}}
	write(ifd0)
	gpsAt := len(out)
	be.PutUint32(out[8+2+12*2+8:], uint32(gpsAt)) // the GPSInfo entry's value
	write([]ifdEntry{asciiEntry(0x0001, "N"), rationalEntry(0x0002, 52, 31, 12), asciiEntry(0x0003, "E"),
		rationalEntry(0x0004, 13, 24, 36), asciiEntry(0x0012, "WGS-84")})
	return out
}

// photoWithGPS is a small JPEG whose APP1 segment holds EXIF with GPS.
func photoWithGPS(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{R: uint8(x * 4), G: uint8(y * 5), B: 90, A: 255})
		}
	}
	var j bytes.Buffer
	require.NoError(t, jpeg.Encode(&j, img, &jpeg.Options{Quality: 80}))
	payload := append([]byte("Exif\x00\x00"), tiffWithGPS()...)
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{0xFF, 0xD8}, seg...)
	out = append(out, j.Bytes()[2:]...)
	for _, m := range gpsMarkers {
		require.Contains(t, string(out), m, "the fixture carries its metadata")
	}
	return out
}

// smallPNG is a plain 16x16 PNG.
func smallPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 16, 16))
	img.Set(3, 3, color.NRGBA{G: 200, A: 255})
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

// uploadPart is one file of a multipart body.
type uploadPart struct {
	name    string
	content []byte
}

// multipartBody builds a multipart/form-data body: the text fields first
// (in order), then the files in the part "file".
func multipartBody(t testing.TB, fields [][2]string, files ...uploadPart) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range fields {
		require.NoError(t, mw.WriteField(f[0], f[1]))
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="`+strings.ReplaceAll(f.name, `"`, `\"`)+`"`)
		h.Set("Content-Type", "application/octet-stream")
		pw, err := mw.CreatePart(h)
		require.NoError(t, err)
		_, err = pw.Write(f.content)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return &b, mw.FormDataContentType()
}

// uploadMarker starts a body of the authorisation matrix that call sends
// as multipart: the rest is the text fields, URL-encoded, and the file is
// a small PNG.
const uploadMarker = "multipart:"

// uploadRequestBody turns a matrix body into a multipart body; the field
// "_nofile" leaves the file out.
func uploadRequestBody(t testing.TB, body string) (io.Reader, string) {
	t.Helper()
	q, err := url.ParseQuery(strings.TrimPrefix(body, uploadMarker))
	require.NoError(t, err)
	var fields [][2]string
	for k, vs := range q {
		for _, v := range vs {
			if k != "_nofile" {
				fields = append(fields, [2]string{k, v})
			}
		}
	}
	if q.Has("_nofile") {
		return multipartBody(t, fields)
	}
	return multipartBody(t, fields, uploadPart{name: "Foto.png", content: smallPNG(t)})
}

// uploadBadCases are the wrong requests of an upload endpoint: JSON or a
// form instead of multipart, no file, a broken multipart body.
func uploadBadCases(who apiRole, path, body string) []badCase {
	return []badCase{
		{name: "JSON instead of multipart", who: who, path: path, body: `{"file":"x"}`, contentType: "application/json",
			status: 415, code: "invalid_format"},
		{name: "form content type", who: who, path: path, body: "file=x", contentType: "application/x-www-form-urlencoded",
			status: 415, code: "invalid_format"},
		{name: "no file", who: who, path: path, body: body + "&_nofile=1", status: 422, field: "file", code: "required"},
		{name: "HTML as a photo", who: who, path: path, body: "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n<html><script>x</script>\r\n--b--\r\n",
			contentType: "multipart/form-data; boundary=b", status: 422, field: "file", code: "file_type"},
		{name: "broken multipart", who: who, path: path, body: "--b\r\nno header\r\n", contentType: "multipart/form-data; boundary=b",
			status: 400, code: "syntax"},
	}
}

// attachPNG adds a small PNG to complaint A as p, in the context, and
// returns the file's ID.
func (w *apiWorld) attachPNG(p fairshops.Principal, context string, moderatorOnly bool) string {
	w.t.Helper()
	a, err := w.complaints.Attach(w.ctx, p, w.complaintA, complaint.Upload{Name: "Foto.png", Context: context,
		ModeratorOnly: moderatorOnly}, bytes.NewReader(smallPNG(w.t)))
	require.NoError(w.t, err)
	return a.ID
}
