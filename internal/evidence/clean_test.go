package evidence_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/evidence"
)

// clean runs Clean and checks what holds for every successful result: the
// size and digest describe the bytes written, and cleaning the copy again
// changes nothing.
func clean(t *testing.T, in []byte, lim evidence.Limits) ([]byte, evidence.Info, error) {
	t.Helper()
	var out bytes.Buffer
	info, err := evidence.Clean(&out, bytes.NewReader(in), lim)
	if err != nil {
		return nil, info, err
	}
	sum := sha256.Sum256(out.Bytes())
	require.Equal(t, hex.EncodeToString(sum[:]), info.SHA256, "digest of the output")
	require.Equal(t, int64(out.Len()), info.Size, "size of the output")
	var again bytes.Buffer
	info2, err := evidence.Clean(&again, bytes.NewReader(out.Bytes()), lim)
	require.NoError(t, err, "the cleaned copy is accepted again")
	require.Equal(t, out.Bytes(), again.Bytes(), "cleaning is idempotent")
	require.Empty(t, info2.Removed, "nothing left to remove")
	require.Equal(t, info.Type, info2.Type)
	return out.Bytes(), info, nil
}

// requireReason checks that err is a validation error on "file" with code.
func requireReason(t *testing.T, err error, code string, args ...any) {
	t.Helper()
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Fields, 1)
	require.Equal(t, "file", ve.Fields[0].Field)
	require.Equal(t, code, ve.Fields[0].Code, "error: %v", err)
	if args != nil {
		require.Equal(t, args, ve.Fields[0].Args)
	}
	require.True(t, errors.Is(err, fairshops.ErrInvalid))
}

func TestCleanJPEG(t *testing.T) {
	t.Parallel()
	plain := encodeJPEG(t, 40, 30)
	jfifThumb := append([]byte("JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x02\x01"), make([]byte, 6)...)
	icc := append([]byte("ICC_PROFILE\x00\x01\x01"), bytes.Repeat([]byte("icc"), 20)...)
	xmp := []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>GPS secret</x:xmpmeta>")
	iptc := []byte("Photoshop 3.0\x008BIM\x04\x04secret")
	tests := []struct {
		name        string
		in          []byte
		removed     []string
		markers     []byte // the segments before SOS
		orientation int
		absent      []string // byte strings the output must not hold
	}{
		{
			name:    "plain encoder output",
			in:      plain,
			markers: []byte{0xDB, 0xC0, 0xC4, 0xDA},
		},
		{
			name:        "EXIF with GPS",
			in:          spliceJPEG(plain, jpegSegment(0xE1, exifGPS(0))),
			removed:     []string{evidence.RemovedEXIF},
			markers:     []byte{0xDB, 0xC0, 0xC4, 0xDA},
			orientation: 0,
			absent:      []string{"Exif", "GPS", "WGS-84", "TestCam"},
		},
		{
			name:        "EXIF with GPS and orientation 1",
			in:          spliceJPEG(plain, jpegSegment(0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")), jpegSegment(0xE1, exifGPS(1))),
			removed:     []string{evidence.RemovedEXIF},
			markers:     []byte{0xE0, 0xDB, 0xC0, 0xC4, 0xDA},
			orientation: 1,
			absent:      []string{"Exif", "GPS", "WGS-84"},
		},
		{
			name:        "EXIF with orientation 6 keeps a minimal APP1",
			in:          spliceJPEG(plain, jpegSegment(0xE1, exifGPS(6))),
			removed:     []string{evidence.RemovedEXIF},
			markers:     []byte{0xE1, 0xDB, 0xC0, 0xC4, 0xDA},
			orientation: 6,
			absent:      []string{"GPS", "WGS-84", "TestCam"},
		},
		{
			name: "every kind of metadata",
			in: append(spliceJPEG(plain,
				jpegSegment(0xE0, jfifThumb),
				jpegSegment(0xE1, exifGPS(0)),
				jpegSegment(0xE1, xmp),
				jpegSegment(0xE2, icc),
				jpegSegment(0xE2, []byte("MPF\x00data")),
				jpegSegment(0xED, iptc),
				jpegSegment(0xEE, []byte("Adobe\x00\x64\x00\x00\x00\x00\x01")),
				jpegSegment(0xEF, []byte("app15")),
				jpegSegment(0xFE, []byte("a comment with a name")),
			), "<html><script>alert(1)</script>"...),
			removed: []string{
				evidence.RemovedThumbnail, evidence.RemovedEXIF, evidence.RemovedXMP, evidence.RemovedAppData,
				evidence.RemovedIPTC, evidence.RemovedComment, evidence.RemovedTrailing,
			},
			markers: []byte{0xE0, 0xE2, 0xEE, 0xDB, 0xC0, 0xC4, 0xDA},
			absent:  []string{"Exif", "GPS", "xmpmeta", "secret", "MPF", "app15", "comment", "<html", "script"},
		},
		{
			name:    "fill bytes and stray restart marker before a segment",
			in:      append(append([]byte{0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0xD0}, plain[2:len(plain)-2]...), 0xFF, 0xFF, 0xD9),
			markers: []byte{0xDB, 0xC0, 0xC4, 0xDA},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, info, err := clean(t, tc.in, evidence.Limits{})
			require.NoError(t, err)
			require.Equal(t, evidence.JPEG, info.Type)
			require.Equal(t, 40, info.Width)
			require.Equal(t, 30, info.Height)
			require.Equal(t, tc.orientation, info.Orientation)
			require.Equal(t, tc.removed, info.Removed)
			require.Equal(t, tc.markers, jpegMarkers(t, out))
			for _, s := range tc.absent {
				require.NotContains(t, string(out), s)
			}
			m, err := jpeg.Decode(bytes.NewReader(out))
			require.NoError(t, err, "the copy still decodes")
			require.Equal(t, 40, m.Bounds().Dx())
		})
	}
}

func TestCleanJPEGKeepsICCAndOrientation(t *testing.T) {
	t.Parallel()
	icc := append([]byte("ICC_PROFILE\x00\x01\x01"), bytes.Repeat([]byte("profile"), 30)...)
	in := spliceJPEG(encodeJPEG(t, 16, 16), jpegSegment(0xE1, exifGPS(8)), jpegSegment(0xE2, icc))
	out, info, err := clean(t, in, evidence.Limits{})
	require.NoError(t, err)
	require.Contains(t, string(out), string(icc), "the ICC profile is kept whole")
	require.Equal(t, 8, info.Orientation)
	// the minimal APP1: Exif header, TIFF header, one entry (0x0112 = 8), no next IFD
	want := jpegSegment(0xE1, []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x08\x00\x00\x00\x00\x00\x00"))
	require.True(t, bytes.HasPrefix(out[2:], want), "minimal APP1 right after SOI:\n%x", out[:40])
}

func TestCleanPNG(t *testing.T) {
	t.Parallel()
	plain := encodePNG(t, 20, 10)
	tests := []struct {
		name    string
		in      []byte
		removed []string
		chunks  []string
		absent  []string
	}{
		{name: "plain encoder output", in: plain, chunks: []string{"IHDR", "IDAT", "IEND"}},
		{
			name: "text, EXIF, time and unknown chunks",
			in: splicePNG(plain,
				pngChunk("tEXt", []byte("Author\x00Erika Mustermann")),
				pngChunk("zTXt", []byte("Comment\x00\x00x\x9c")),
				pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta/>")),
				pngChunk("eXIf", exifGPS(6)[6:]),
				pngChunk("tIME", []byte{0x07, 0xEA, 12, 6, 3, 50, 0}),
				pngChunk("sRGB", []byte{0}),
				pngChunk("gAMA", []byte{0, 0, 0xB1, 0x8F}),
				pngChunk("pHYs", []byte{0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1}),
				pngChunk("prVt", []byte("private data")),
			),
			removed: []string{evidence.RemovedText, evidence.RemovedEXIF, evidence.RemovedTime, evidence.RemovedAncillary},
			chunks:  []string{"IHDR", "sRGB", "gAMA", "pHYs", "IDAT", "IEND"},
			absent:  []string{"Mustermann", "xmpmeta", "WGS-84", "private"},
		},
		{
			name:    "data after IEND",
			in:      append(append([]byte(nil), plain...), "PK\x03\x04 a zip"...),
			removed: []string{evidence.RemovedTrailing},
			chunks:  []string{"IHDR", "IDAT", "IEND"},
			absent:  []string{"PK\x03\x04"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, info, err := clean(t, tc.in, evidence.Limits{})
			require.NoError(t, err)
			require.Equal(t, evidence.PNG, info.Type)
			require.Equal(t, [2]int{20, 10}, [2]int{info.Width, info.Height})
			require.Equal(t, tc.removed, info.Removed)
			require.Equal(t, tc.chunks, pngChunks(t, out))
			for _, s := range tc.absent {
				require.NotContains(t, string(out), s)
			}
			_, err = png.Decode(bytes.NewReader(out))
			require.NoError(t, err, "the copy still decodes")
		})
	}
}

func TestCleanPDF(t *testing.T) {
	t.Parallel()
	body := "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF"
	for _, in := range []string{body, body + "\n", body + "\r\n \x00", strings.Replace(body, "1.7", "2.0", 1)} {
		out, info, err := clean(t, []byte(in), evidence.Limits{})
		require.NoError(t, err)
		require.Equal(t, evidence.PDF, info.Type)
		require.Equal(t, in, string(out), "a PDF is stored byte for byte")
		require.Zero(t, info.Width)
		require.Empty(t, info.Removed)
	}
}

// TestCleanRefuses covers every reason a file is refused, with the code and
// its argument.
func TestCleanRefuses(t *testing.T) {
	t.Parallel()
	j := encodeJPEG(t, 16, 16)
	p := encodePNG(t, 16, 16)
	badCRC := append([]byte(nil), p...)
	badCRC[33-1] ^= 0xFF // the last byte of IHDR's CRC
	ftyp := func(major string, compat ...string) []byte {
		b := []byte{0, 0, 0, byte(16 + 4*len(compat)), 'f', 't', 'y', 'p'}
		b = append(b, major...)
		b = append(b, 0, 0, 0, 0)
		for _, c := range compat {
			b = append(b, c...)
		}
		return append(b, make([]byte, 64)...)
	}
	bomb := append(append(append([]byte(nil), p[:8]...), pngHeader(100000, 100000, 8, 6)...), p[33:]...)
	tests := []struct {
		name string
		in   []byte
		lim  evidence.Limits
		code string
		args []any
	}{
		{"empty", nil, evidence.Limits{}, fairshops.ReasonFileEmpty, nil},
		{"HTML renamed .jpg", []byte("<!DOCTYPE html><html><body>hi</body></html>"), evidence.Limits{}, fairshops.ReasonFileType, []any{"text/html"}},
		{"HTML with blanks and BOM", []byte("\xEF\xBB\xBF\n  <HTML><script>x</script>"), evidence.Limits{}, fairshops.ReasonFileType, []any{"text/html"}},
		{"SVG", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), evidence.Limits{}, fairshops.ReasonFileType, []any{"image/svg+xml"}},
		{"plain text", []byte("just some words"), evidence.Limits{}, fairshops.ReasonFileType, []any{"text/plain"}},
		{"GIF", []byte("GIF89a\x01\x00\x01\x00"), evidence.Limits{}, fairshops.ReasonFileType, []any{"image/gif"}},
		{"ZIP", []byte("PK\x03\x04\x14\x00"), evidence.Limits{}, fairshops.ReasonFileType, []any{"application/zip"}},
		{"AVI", []byte("RIFF\x10\x00\x00\x00AVI LIST"), evidence.Limits{}, fairshops.ReasonFileType, []any{"video/x-msvideo"}},
		{"other RIFF", []byte("RIFF\x10\x00\x00\x00XYZWdata"), evidence.Limits{}, fairshops.ReasonFileType, []any{"application/x-riff"}},
		{"binary", []byte{0, 1, 2, 3, 4, 5}, evidence.Limits{}, fairshops.ReasonFileType, []any{"application/octet-stream"}},
		{"AVIF", ftyp("avif", "mif1", "miaf"), evidence.Limits{}, fairshops.ReasonFileType, []any{"image/avif"}},
		{"MP4", ftyp("isom", "iso2", "mp41"), evidence.Limits{}, fairshops.ReasonFileType, []any{"video/mp4"}},
		{"HEIC", ftyp("heic", "mif1", "heic"), evidence.Limits{}, fairshops.ReasonFileHEIC, nil},
		{"HEIF by compatible brand", ftyp("mif1", "heic"), evidence.Limits{}, fairshops.ReasonFileHEIC, nil},
		{"data before %PDF-", []byte("<html></html>\n%PDF-1.7\n%%EOF"), evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"PDF without %%EOF", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"), evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"PDF with data after %%EOF", []byte("%PDF-1.4\n%%EOF\n<html>"), evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"PDF 3.0", []byte("%PDF-3.0\n%%EOF"), evidence.Limits{}, fairshops.ReasonFileType, []any{"text/plain"}},
		{"truncated JPEG", j[:len(j)/2], evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"JPEG without EOI", j[:len(j)-2], evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"JPEG header only", j[:4], evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"JPEG scan before frame", append([]byte{0xFF, 0xD8}, jpegSegment(0xDA, []byte{1, 1, 0, 0, 0x3F, 0})...), evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"JPEG frame header without components", miniJPEG([]byte{8, 0, 16, 0, 16, 0}, []byte{1, 1, 0, 0, 63, 0}), evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"JPEG frame header cut short", miniJPEG([]byte{8, 0, 16, 0, 16, 3, 1, 0x22, 0}, []byte{1, 1, 0, 0, 63, 0}), evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"JPEG scan header cut short", miniJPEG([]byte{8, 0, 16, 0, 16, 1, 1, 0x11, 0}, []byte{1, 1}), evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"JPEG segment length 1", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0xFF, 0xD9}, evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"JPEG over pixel limit", j, evidence.Limits{MaxPixels: 255}, fairshops.ReasonFilePixels, []any{"0.000255"}},
		{"bad PNG CRC", badCRC, evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"truncated PNG", p[:len(p)-6], evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"PNG without IHDR", append(append([]byte(nil), p[:8]...), p[33:]...), evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"PNG unknown critical chunk", splicePNG(p, pngChunk("XXXX", nil)), evidence.Limits{}, fairshops.ReasonFileCorrupt, nil},
		{"PNG bomb 100000x100000", bomb, evidence.Limits{}, fairshops.ReasonFilePixels, []any{"50"}},
		{"too large", p, evidence.Limits{MaxBytes: int64(len(p) - 1)}, fairshops.ReasonFileTooLarge, []any{fmt.Sprintf("%d B", len(p)-1)}},
		{"too large by trailing data", append(append([]byte(nil), j...), make([]byte, 2048)...), evidence.Limits{MaxBytes: 2 << 10}, fairshops.ReasonFileTooLarge, []any{"2 KiB"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			info, err := evidence.Clean(&out, bytes.NewReader(tc.in), tc.lim)
			requireReason(t, err, tc.code, tc.args...)
			require.Zero(t, info)
		})
	}
}

// miniJPEG is SOI, a frame header, a scan header, two bytes of data and
// EOI: the structure Clean checks, around headers a test breaks.
func miniJPEG(sof, sos []byte) []byte {
	b := append([]byte{0xFF, 0xD8}, jpegSegment(0xC0, sof)...)
	b = append(b, jpegSegment(0xDA, sos)...)
	return append(b, 0x12, 0x34, 0xFF, 0xD9)
}

func TestMiniJPEGIsAccepted(t *testing.T) {
	t.Parallel()
	_, info, err := clean(t, miniJPEG([]byte{8, 0, 16, 0, 16, 1, 1, 0x11, 0}, []byte{1, 1, 0, 0, 63, 0}), evidence.Limits{})
	require.NoError(t, err, "the baseline of the broken-header cases")
	require.Equal(t, [2]int{16, 16}, [2]int{info.Width, info.Height})
}

// TestCleanTooLargeStream feeds 10 MiB + 1 byte from a generator, for each
// format that streams its body, and checks the refusal.
func TestCleanTooLargeStream(t *testing.T) {
	t.Parallel()
	j := encodeJPEG(t, 8, 8)
	sos := bytes.LastIndex(j, []byte{0xFF, 0xDA})
	for name, head := range map[string][]byte{
		"PDF":  []byte("%PDF-1.7\n"),
		"JPEG": j[:sos+14], // up to the entropy data, then endless zeros
		"PNG":  append(encodePNG(t, 8, 8)[:33], 0x7F, 0xFF, 0xFF, 0xFF, 'I', 'D', 'A', 'T'),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := &sizedReader{head: head, n: evidence.DefaultMaxBytes + 1}
			_, err := evidence.Clean(io.Discard, src, evidence.Limits{})
			requireReason(t, err, fairshops.ReasonFileTooLarge, "10 MiB")
		})
	}
}

type failingReader struct {
	head []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.head) == 0 {
		return 0, r.err
	}
	n := copy(p, r.head)
	r.head = r.head[n:]
	return n, nil
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// TestCleanIOErrors: a failing source or destination is no user error; it is
// wrapped with its cause.
func TestCleanIOErrors(t *testing.T) {
	t.Parallel()
	j := encodeJPEG(t, 8, 8)
	broken := errors.New("connection reset")
	_, err := evidence.Clean(io.Discard, &failingReader{head: j[:100], err: broken}, evidence.Limits{})
	require.ErrorIs(t, err, broken)
	require.Equal(t, fairshops.Internal, fairshops.KindOf(err))

	_, err = evidence.Clean(io.Discard, &failingReader{err: context.Canceled}, evidence.Limits{})
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, fairshops.Canceled, fairshops.KindOf(err))

	full := errors.New("disk full")
	_, err = evidence.Clean(failingWriter{full}, bytes.NewReader(j), evidence.Limits{})
	require.ErrorIs(t, err, full)
	require.Equal(t, fairshops.Internal, fairshops.KindOf(err))
}

// TestReasonTexts: the codes of this package render in both languages.
func TestReasonTexts(t *testing.T) {
	t.Parallel()
	for _, code := range []string{
		fairshops.ReasonFileEmpty, fairshops.ReasonFileTooLarge, fairshops.ReasonFileType,
		fairshops.ReasonFileHEIC, fairshops.ReasonFileCorrupt, fairshops.ReasonFilePixels,
	} {
		require.True(t, fairshops.ReasonMessages().Has("reason."+code), code)
	}
	f := fairshops.FieldError{Field: "file", Code: fairshops.ReasonFileHEIC}
	require.Contains(t, f.Reason(fairshops.English), "Settings > Camera > Formats > Most Compatible")
	f = fairshops.FieldError{Field: "file", Code: fairshops.ReasonFileTooLarge, Args: []any{"10 MiB"}}
	require.Equal(t, "die Datei ist zu groß (höchstens 10 MiB)", f.Reason(fairshops.German))
}

// TestCleanAtLimit: a file of exactly MaxBytes is accepted, one byte more
// is not.
func TestCleanAtLimit(t *testing.T) {
	t.Parallel()
	p := encodePNG(t, 8, 8)
	_, info, err := clean(t, p, evidence.Limits{MaxBytes: int64(len(p))})
	require.NoError(t, err)
	require.Equal(t, int64(len(p)), info.Size)
	_, err = evidence.Clean(io.Discard, bytes.NewReader(append(p, 0)), evidence.Limits{MaxBytes: int64(len(p))})
	requireReason(t, err, fairshops.ReasonFileTooLarge)
}

func TestExtensionAndAccept(t *testing.T) {
	t.Parallel()
	for typ, ext := range map[string]string{evidence.JPEG: ".jpg", evidence.PNG: ".png", evidence.WebP: ".webp", evidence.PDF: ".pdf", "text/html": ""} {
		require.Equal(t, ext, evidence.Extension(typ), typ)
	}
	require.Equal(t, "image/jpeg,image/png,image/webp,application/pdf", evidence.Accept)
}
