package evidence_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/evidence"
)

var updateSeeds = flag.Bool("update-seeds", false, "rewrite testdata/fuzz/FuzzClean from fuzzSeeds")

// fuzzLimits keep the fuzzer's thumbnails small.
var fuzzLimits = evidence.Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 16}

// FuzzClean: Clean never panics; bad input is a validation error on
// "file"; a copy it wrote has the digest and size it reports and is
// accepted again unchanged (idempotence), with nothing left to remove; and
// Thumbnail does not panic on it.
func FuzzClean(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		info, err := evidence.Clean(&out, bytes.NewReader(data), fuzzLimits)
		if err != nil {
			var ve *fairshops.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "file" {
				t.Fatalf("not a validation error on file: %v", err)
			}
			return
		}
		sum := sha256.Sum256(out.Bytes())
		if info.SHA256 != hex.EncodeToString(sum[:]) || info.Size != int64(out.Len()) {
			t.Fatalf("info does not describe the output: %+v", info)
		}
		var again bytes.Buffer
		info2, err := evidence.Clean(&again, bytes.NewReader(out.Bytes()), fuzzLimits)
		if err != nil {
			t.Fatalf("cleaned copy refused: %v", err)
		}
		if !bytes.Equal(out.Bytes(), again.Bytes()) {
			t.Fatalf("not idempotent:\n%x\n%x", out.Bytes(), again.Bytes())
		}
		if len(info2.Removed) != 0 || info2.Type != info.Type || info2.Width != info.Width || info2.Height != info.Height {
			t.Fatalf("second pass differs: %+v then %+v", info, info2)
		}
		if info.Type != evidence.PDF {
			_ = evidence.Thumbnail(&bytes.Buffer{}, bytes.NewReader(out.Bytes()), 16, fuzzLimits)
		}
	})
}

// fuzzSeeds are the seed corpus: one file of each accepted format with the
// metadata Clean removes, and the refusals.
func fuzzSeeds(t *testing.T) map[string][]byte {
	j := encodeJPEG(t, 8, 8)
	p := encodePNG(t, 4, 4)
	img := riffChunk("VP8L", vp8l(3, 2, color.NRGBA{1, 2, 3, 255}))
	return map[string][]byte{
		"jpeg-exif-gps":   spliceJPEG(j, jpegSegment(0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")), jpegSegment(0xE1, exifGPS(6)), jpegSegment(0xFE, []byte("hi"))),
		"jpeg-trailing":   append(append([]byte(nil), j...), "<html>"...),
		"png-text":        splicePNG(p, pngChunk("tEXt", []byte("k\x00v")), pngChunk("eXIf", exifGPS(3)[6:])),
		"webp-simple":     webpFile(img),
		"webp-extended":   webpFile(riffChunk("VP8X", vp8x(0x2C, 3, 2)), riffChunk("ICCP", []byte("icc")), img, riffChunk("EXIF", exifGPS(1)[6:])),
		"pdf":             []byte("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"),
		"html":            []byte("<!doctype html><p>x"),
		"heic":            []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"),
		"png-bad-crc":     append(append([]byte(nil), p[:32]...), 0, 0, 0, 0),
		"jpeg-truncated":  j[:len(j)/3],
		"empty":           {},
		"pdf-without-eof": []byte("%PDF-1.7\n"),
	}
}

// TestFuzzSeeds checks that testdata/fuzz/FuzzClean holds fuzzSeeds; with
// -update-seeds it writes them.
func TestFuzzSeeds(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "fuzz", "FuzzClean")
	for name, data := range fuzzSeeds(t) {
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		path := filepath.Join(dir, name)
		if *updateSeeds {
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
			continue
		}
		got, err := os.ReadFile(path)
		require.NoError(t, err, "run go test -run TestFuzzSeeds -update-seeds")
		require.Equal(t, want, strings.ReplaceAll(string(got), "\r\n", "\n"), name)
	}
}

// FuzzThumbnail: Thumbnail never panics on any input, refuses with a
// validation error on "file", and what it writes is a JPEG within the size.
func FuzzThumbnail(f *testing.F) {
	f.Add(encodeJPEG(f, 8, 8), 4)
	f.Add(spliceJPEG(encodeJPEG(f, 8, 4), jpegSegment(0xE1, exifGPS(6))), 3)
	f.Add(encodePNG(f, 5, 9), 16)
	f.Add(webpFile(riffChunk("VP8L", vp8l(3, 2, color.NRGBA{1, 2, 3, 4}))), 1)
	f.Fuzz(func(t *testing.T, data []byte, maxSide int) {
		maxSide = 1 + abs(maxSide)%64
		var out bytes.Buffer
		err := evidence.Thumbnail(&out, bytes.NewReader(data), maxSide, fuzzLimits)
		if err != nil {
			var ve *fairshops.ValidationError
			if !errors.As(err, &ve) || ve.Fields[0].Field != "file" {
				t.Fatalf("not a validation error on file: %v", err)
			}
			return
		}
		cfg, err := jpegDecodeConfig(out.Bytes())
		if err != nil || max(cfg.Width, cfg.Height) > maxSide {
			t.Fatalf("thumbnail %+v, %v", cfg, err)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
