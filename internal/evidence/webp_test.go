package evidence_test

import (
	"bytes"
	"image/color"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/image/webp"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/evidence"
)

func TestVP8LFixtureDecodes(t *testing.T) {
	t.Parallel()
	m, err := webp.Decode(bytes.NewReader(webpFile(riffChunk("VP8L", vp8l(7, 5, color.NRGBA{10, 200, 30, 255})))))
	require.NoError(t, err)
	require.Equal(t, 7, m.Bounds().Dx())
	r, g, b, _ := m.At(3, 3).RGBA()
	require.Equal(t, [3]uint32{10, 200, 30}, [3]uint32{r >> 8, g >> 8, b >> 8})
}

func TestCleanWebP(t *testing.T) {
	t.Parallel()
	img := riffChunk("VP8L", vp8l(7, 5, color.NRGBA{10, 200, 30, 255}))
	exif := riffChunk("EXIF", exifGPS(1)[6:])
	xmp := riffChunk("XMP ", []byte("<x:xmpmeta>secret</x:xmpmeta>"))
	icc := riffChunk("ICCP", []byte("an ICC profile"))
	tests := []struct {
		name    string
		in      []byte
		removed []string
		chunks  []string
		flags   byte
	}{
		{name: "simple", in: webpFile(img), chunks: []string{"VP8L"}},
		{
			name:    "extended with EXIF, XMP and ICC",
			in:      webpFile(riffChunk("VP8X", vp8x(0x20|0x08|0x04, 7, 5)), icc, img, exif, xmp),
			removed: []string{evidence.RemovedEXIF, evidence.RemovedXMP},
			chunks:  []string{"VP8X", "ICCP", "VP8L"},
			flags:   0x20,
		},
		{
			name:    "extended with flags but no ICC chunk, an unknown chunk",
			in:      webpFile(riffChunk("VP8X", vp8x(0x20|0x08|0xC1, 7, 5)), img, riffChunk("ABCD", []byte("odd")), exif),
			removed: []string{evidence.RemovedEXIF, evidence.RemovedAncillary},
			chunks:  []string{"VP8X", "VP8L"},
			flags:   0,
		},
		{
			name:    "simple with EXIF appended and trailing data",
			in:      append(webpFile(img, exif), "<html>"...),
			removed: []string{evidence.RemovedEXIF, evidence.RemovedTrailing},
			chunks:  []string{"VP8L"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, info, err := clean(t, tc.in, evidence.Limits{})
			require.NoError(t, err)
			require.Equal(t, evidence.WebP, info.Type)
			require.Equal(t, [2]int{7, 5}, [2]int{info.Width, info.Height})
			require.Equal(t, tc.removed, info.Removed)
			chunks, ok := webpChunks(out)
			require.True(t, ok, "RIFF size matches")
			require.Equal(t, tc.chunks, chunks)
			if chunks[0] == "VP8X" {
				require.Equal(t, tc.flags, out[20], "VP8X flags")
			}
			for _, s := range []string{"EXIF", "XMP", "secret", "WGS-84", "html"} {
				require.NotContains(t, string(out), s)
			}
			_, err = webp.Decode(bytes.NewReader(out))
			require.NoError(t, err, "the copy still decodes")
		})
	}
}

func TestCleanWebPRefuses(t *testing.T) {
	t.Parallel()
	img := riffChunk("VP8L", vp8l(7, 5, color.NRGBA{A: 255}))
	full := webpFile(img)
	short := append([]byte(nil), full...)
	short[4]-- // RIFF size one less than the chunks
	tests := []struct {
		name string
		in   []byte
		code string
	}{
		{"truncated", full[:len(full)-2], fairshops.ReasonFileCorrupt},
		{"RIFF size too small for its chunk", short, fairshops.ReasonFileCorrupt},
		{"no image chunk", webpFile(riffChunk("VP8X", vp8x(0, 7, 5))), fairshops.ReasonFileCorrupt},
		{"unknown first chunk", webpFile(riffChunk("EXIF", []byte("x")), img), fairshops.ReasonFileCorrupt},
		{"canvas differs from image", webpFile(riffChunk("VP8X", vp8x(0, 8, 5)), img), fairshops.ReasonFileCorrupt},
		{"animated", webpFile(riffChunk("VP8X", vp8x(0x02, 7, 5)), riffChunk("ANIM", make([]byte, 6))), fairshops.ReasonFileType},
		{"canvas bomb", webpFile(riffChunk("VP8X", vp8x(0, 1<<24, 1<<24)), img), fairshops.ReasonFilePixels},
		{"VP8L bad signature", webpFile(riffChunk("VP8L", []byte{0x2E, 0, 0, 0, 0})), fairshops.ReasonFileCorrupt},
		{"VP8 not a key frame", webpFile(riffChunk("VP8 ", []byte{1, 0, 0, 0x9D, 1, 0x2A, 7, 0, 5, 0})), fairshops.ReasonFileCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := evidence.Clean(&bytes.Buffer{}, bytes.NewReader(tc.in), evidence.Limits{})
			requireReason(t, err, tc.code)
		})
	}
}

func TestThumbnailWebP(t *testing.T) {
	t.Parallel()
	in := webpFile(riffChunk("VP8L", vp8l(300, 100, color.NRGBA{255, 0, 0, 255})))
	var out bytes.Buffer
	require.NoError(t, evidence.Thumbnail(&out, bytes.NewReader(in), 60, evidence.Limits{}))
	m, err := jpegDecode(out.Bytes())
	require.NoError(t, err)
	require.Equal(t, [2]int{60, 20}, [2]int{m.Bounds().Dx(), m.Bounds().Dy()})
	require.True(t, isRed(m.At(30, 10)))
}

// TestCleanWebPLossy splices EXIF and XMP into real lossy files (see
// testdata/README.md) and checks that the copies decode to the same pixels.
func TestCleanWebPLossy(t *testing.T) {
	t.Parallel()
	exif := riffChunk("EXIF", exifGPS(1)[6:])
	xmp := riffChunk("XMP ", []byte("<x:xmpmeta>secret</x:xmpmeta>"))
	for _, tc := range []struct {
		file  string
		w, h  int
		flags byte
	}{
		{"blue-purple-pink.lossy.webp", 150, 100, 0},
		{"yellow_rose.lossy-with-alpha.webp", 400, 301, 0x10},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			orig, err := os.ReadFile(filepath.Join("testdata", tc.file))
			require.NoError(t, err)
			want, err := webp.Decode(bytes.NewReader(orig))
			require.NoError(t, err)
			chunks := orig[12:]
			if string(chunks[:4]) == "VP8X" {
				chunks = chunks[18:] // replaced by a VP8X with the metadata flags
			}
			in := webpFile(riffChunk("VP8X", vp8x(tc.flags|0x08|0x04, tc.w, tc.h)), exif, chunks, xmp)
			out, info, err := clean(t, in, evidence.Limits{})
			require.NoError(t, err)
			require.Equal(t, [2]int{tc.w, tc.h}, [2]int{info.Width, info.Height})
			require.Equal(t, []string{evidence.RemovedEXIF, evidence.RemovedXMP}, info.Removed)
			require.Equal(t, tc.flags, out[20])
			require.NotContains(t, string(out), "secret")
			got, err := webp.Decode(bytes.NewReader(out))
			require.NoError(t, err)
			require.Equal(t, want, got, "same pixels")

			// the unchanged file is accepted as it is
			same, info, err := clean(t, orig, evidence.Limits{})
			require.NoError(t, err)
			require.Equal(t, orig, same)
			require.Empty(t, info.Removed)
		})
	}
}
