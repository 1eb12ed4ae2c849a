package evidence_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/evidence"
)

// halves is a w x h picture, red on the left half and blue on the right.
func halves(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{255, 0, 0, 255}
			if x >= w/2 {
				c = color.NRGBA{0, 0, 255, 255}
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

func isRed(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r > 0xC000 && g < 0x4000 && b < 0x4000
}

func isBlue(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return b > 0xC000 && r < 0x4000 && g < 0x4000
}

func isWhite(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r > 0xF000 && g > 0xF000 && b > 0xF000
}

func TestThumbnail(t *testing.T) {
	t.Parallel()
	var j bytes.Buffer
	require.NoError(t, jpeg.Encode(&j, halves(400, 200), &jpeg.Options{Quality: 90}))
	var transparent bytes.Buffer
	require.NoError(t, png.Encode(&transparent, image.NewNRGBA(image.Rect(0, 0, 50, 30))))
	cleaned := func(in []byte) []byte {
		var out bytes.Buffer
		_, err := evidence.Clean(&out, bytes.NewReader(in), evidence.Limits{})
		require.NoError(t, err)
		return out.Bytes()
	}
	tests := []struct {
		name    string
		in      []byte
		maxSide int
		w, h    int
		check   func(t *testing.T, m image.Image)
	}{
		{"JPEG scaled down", j.Bytes(), 100, 100, 50, func(t *testing.T, m image.Image) {
			require.True(t, isRed(m.At(10, 25)), "left stays red")
			require.True(t, isBlue(m.At(90, 25)), "right stays blue")
		}},
		{"JPEG reduced in two steps", j.Bytes(), 40, 40, 20, func(t *testing.T, m image.Image) {
			require.True(t, isRed(m.At(5, 10)))
			require.True(t, isBlue(m.At(35, 10)))
		}},
		{"JPEG turned upright (orientation 6)", cleaned(spliceJPEG(j.Bytes(), jpegSegment(0xE1, exifGPS(6)))), 100, 50, 100, func(t *testing.T, m image.Image) {
			require.True(t, isRed(m.At(25, 10)), "the left half is on top after a quarter turn clockwise")
			require.True(t, isBlue(m.At(25, 90)))
		}},
		{"JPEG turned (orientation 8)", cleaned(spliceJPEG(j.Bytes(), jpegSegment(0xE1, exifGPS(8)))), 100, 50, 100, func(t *testing.T, m image.Image) {
			require.True(t, isBlue(m.At(25, 10)), "the right half is on top after a quarter turn counter-clockwise")
			require.True(t, isRed(m.At(25, 90)))
		}},
		{"JPEG turned (orientation 3)", cleaned(spliceJPEG(j.Bytes(), jpegSegment(0xE1, exifGPS(3)))), 100, 100, 50, func(t *testing.T, m image.Image) {
			require.True(t, isBlue(m.At(10, 25)))
		}},
		{"small PNG keeps its size, transparency on white", transparent.Bytes(), 100, 50, 30, func(t *testing.T, m image.Image) {
			require.True(t, isWhite(m.At(25, 15)))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			require.NoError(t, evidence.Thumbnail(&out, bytes.NewReader(tc.in), tc.maxSide, evidence.Limits{}))
			m, err := jpeg.Decode(&out)
			require.NoError(t, err)
			require.Equal(t, image.Pt(tc.w, tc.h), m.Bounds().Size())
			tc.check(t, m)
		})
	}
}

func TestThumbnailRefuses(t *testing.T) {
	t.Parallel()
	p := encodePNG(t, 16, 16)
	bomb := append(append(append([]byte(nil), p[:8]...), pngHeader(100000, 100000, 8, 6)...), p[33:]...)
	tests := []struct {
		name string
		in   []byte
		lim  evidence.Limits
		code string
	}{
		{"PDF", []byte("%PDF-1.7\n%%EOF"), evidence.Limits{}, fairshops.ReasonFileType},
		{"HEIC", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), evidence.Limits{}, fairshops.ReasonFileHEIC},
		{"empty", nil, evidence.Limits{}, fairshops.ReasonFileEmpty},
		{"pixel bomb, refused before decoding", bomb, evidence.Limits{}, fairshops.ReasonFilePixels},
		{"over a low pixel limit", p, evidence.Limits{MaxPixels: 255}, fairshops.ReasonFilePixels},
		{"too large", p, evidence.Limits{MaxBytes: 10}, fairshops.ReasonFileTooLarge},
		{"broken pixels", p[:len(p)-20], evidence.Limits{}, fairshops.ReasonFileCorrupt},
		{"broken header", p[:20], evidence.Limits{}, fairshops.ReasonFileCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			err := evidence.Thumbnail(&out, bytes.NewReader(tc.in), 100, tc.lim)
			requireReason(t, err, tc.code)
			require.Zero(t, out.Len(), "nothing written")
		})
	}
	err := evidence.Thumbnail(&bytes.Buffer{}, bytes.NewReader(p), 0, evidence.Limits{})
	require.Error(t, err)
	require.Equal(t, fairshops.Internal, fairshops.KindOf(err))
}

func jpegDecode(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }

func jpegDecodeConfig(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
