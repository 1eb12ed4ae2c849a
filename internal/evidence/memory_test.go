package evidence_test

import (
	"io"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/evidence"
)

// TestCleanMemoryBound cleans a 10 MB upload of each format from a
// generator and counts the bytes Clean allocates: a few fixed buffers for
// JPEG, PNG and PDF, and at most about the file's size for WebP (whose
// RIFF size is written before the copy). Not parallel, so that no other
// test allocates meanwhile.
func TestCleanMemoryBound(t *testing.T) {
	const size = 10_000_000
	j := encodeJPEG(t, 8, 8)
	sos := lastSOS(j)
	tests := []struct {
		name       string
		head, tail []byte
		max        uint64
	}{
		{"JPEG", j[:sos], []byte{0xFF, 0xD9}, 512 << 10},
		{"PDF", []byte("%PDF-1.7\n"), []byte("%%EOF"), 512 << 10},
		{"PNG", append(encodePNG(t, 8, 8)[:33], 0x00, 0x98, 0x96, 0x40, 'I', 'D', 'A', 'T'), nil, 512 << 10},
		{"WebP", webpFile(riffChunk("VP8X", vp8x(0, 100, 100)))[:30], nil, size + size/4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := &sizedReader{head: tc.head, tail: tc.tail, n: size}
			if tc.name == "WebP" { // one VP8L chunk filling the file
				src.head = append(webpFileHeader(size), "VP8X\x0a\x00\x00\x00\x00\x00\x00\x00\x63\x00\x00\x63\x00\x00"...)
				src.head = append(src.head, vp8lChunkHeader(size-12-18-8, 100, 100)...)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := evidence.Clean(io.Discard, src, evidence.Limits{})
			runtime.ReadMemStats(&after)
			if tc.name == "PNG" {
				// the IDAT claims more than the file holds: refused, after reading it all
				var ve *fairshops.ValidationError
				require.ErrorAs(t, err, &ve)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, int64(size), src.read, "read the whole upload")
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%s: %d bytes allocated for %d bytes", tc.name, alloc, size)
			require.Less(t, alloc, tc.max)
		})
	}
}

// TestCleanReadsAtMostLimitPlusOne: an endless upload is read only up to
// the limit and one byte more.
func TestCleanReadsAtMostLimitPlusOne(t *testing.T) {
	t.Parallel()
	src := &sizedReader{head: []byte("%PDF-1.7\n"), n: 1 << 40}
	_, err := evidence.Clean(io.Discard, src, evidence.Limits{MaxBytes: 1 << 20})
	requireReason(t, err, fairshops.ReasonFileTooLarge, "1 MiB")
	require.Equal(t, int64(1<<20+1), src.read)
}

func lastSOS(j []byte) int {
	for i := len(j) - 2; i >= 0; i-- {
		if j[i] == 0xFF && j[i+1] == 0xDA {
			return i + 2 + int(j[i+2])<<8 | int(j[i+3])
		}
	}
	return -1
}

func webpFileHeader(size int) []byte {
	n := size - 8
	return []byte{'R', 'I', 'F', 'F', byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24), 'W', 'E', 'B', 'P'}
}

// vp8lChunkHeader is a VP8L chunk header of n payload bytes and the first
// bytes of a lossless header for w x h.
func vp8lChunkHeader(n, w, h int) []byte {
	bits := uint32(w-1) | uint32(h-1)<<14
	return []byte{'V', 'P', '8', 'L', byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24),
		0x2F, byte(bits), byte(bits >> 8), byte(bits >> 16), byte(bits >> 24)}
}
