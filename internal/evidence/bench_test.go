package evidence_test

import (
	"bytes"
	"encoding/binary"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/fairshops/konfliktservice/internal/evidence"
)

const benchSize = 10_000_000

// benchFiles builds a file of about benchSize bytes per format. The bytes
// are random (Clean never decodes pixels, so they need not be valid
// compressed data); every container structure around them is valid.
func benchFiles(b *testing.B) map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	noise := func(n int) []byte {
		p := make([]byte, n)
		for i := range p {
			p[i] = byte(rng.Uint32())
		}
		return p
	}
	// JPEG: the encoder's headers, then entropy-coded-like data with every
	// 0xFF stuffed, then EOI.
	j := encodeJPEG(b, 8, 8)
	sos := bytes.LastIndex(j, []byte{0xFF, 0xDA})
	sosLen := int(binary.BigEndian.Uint16(j[sos+2:]))
	jpeg := spliceJPEG(j[:sos+2+sosLen], jpegSegment(0xE1, exifGPS(6)), jpegSegment(0xFE, []byte("comment")))
	for _, c := range noise(benchSize) {
		jpeg = append(jpeg, c)
		if c == 0xFF {
			jpeg = append(jpeg, 0)
		}
	}
	jpeg = append(jpeg, 0xFF, 0xD9)

	// PNG: IHDR, a text chunk, IDAT chunks of 64 KiB, IEND.
	p := append([]byte("\x89PNG\r\n\x1a\n"), pngHeader(4000, 2500, 8, 2)...)
	p = append(p, pngChunk("tEXt", []byte("Author\x00someone"))...)
	for n := 0; n < benchSize; n += 64 << 10 {
		p = append(p, pngChunk("IDAT", noise(64<<10))...)
	}
	p = append(p, pngChunk("IEND", nil)...)

	// WebP: VP8X, a VP8 key frame of benchSize bytes, EXIF.
	vp8 := append([]byte{0x10, 0, 0, 0x9D, 0x01, 0x2A, 0xA0, 0x0F, 0xC4, 0x09}, noise(benchSize)...)
	webp := webpFile(riffChunk("VP8X", vp8x(0x08, 4000, 2500)), riffChunk("VP8 ", vp8), riffChunk("EXIF", exifGPS(1)[6:]))

	pdf := append(append([]byte("%PDF-1.7\n"), noise(benchSize)...), "\n%%EOF\n"...)
	return map[string][]byte{"JPEG": jpeg, "PNG": p, "WebP": webp, "PDF": pdf}
}

// BenchmarkClean10MB cleans a 10 MB file of each format: MB/s, and the
// bytes allocated per call (B/op), which for JPEG, PNG and PDF are a few
// fixed buffers whatever the size, and for WebP the copy it builds.
func BenchmarkClean10MB(b *testing.B) {
	files := benchFiles(b)
	for _, name := range []string{"JPEG", "PNG", "WebP", "PDF"} {
		in := files[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := evidence.Clean(io.Discard, bytes.NewReader(in), evidence.Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkThumbnail makes a 400-pixel preview of a 12-megapixel photo.
func BenchmarkThumbnail(b *testing.B) {
	in := encodeJPEG(b, 4000, 3000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if err := evidence.Thumbnail(io.Discard, bytes.NewReader(in), 400, evidence.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
