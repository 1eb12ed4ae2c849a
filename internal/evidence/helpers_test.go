package evidence_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

// testImage is a small picture with a gradient, so that encoders produce
// real entropy-coded data.
func testImage(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	return m
}

func encodeJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, testImage(w, h), &jpeg.Options{Quality: 80}))
	return b.Bytes()
}

func encodePNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, testImage(w, h)))
	return b.Bytes()
}

// jpegSegment builds a marker segment with its length field.
func jpegSegment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xFF, marker, byte(n >> 8), byte(n)}, payload...)
}

// spliceJPEG puts segments right after SOI.
func spliceJPEG(j []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), j[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, j[2:]...)
}

// ifdEntry is one TIFF directory entry, big-endian, with an inline value or
// an offset.
type ifdEntry struct {
	tag, typ uint16
	count    uint32
	value    []byte // inline (<= 4 bytes, padded) or placed after the IFD
}

// tiff builds a big-endian TIFF structure with IFD0 and a GPS IFD that
// IFD0 points to (tag 0x8825); values longer than 4 bytes follow each IFD.
func tiff(ifd0, gps []ifdEntry) []byte {
	be := binary.BigEndian
	var out []byte
	out = append(out, 'M', 'M', 0, 42, 0, 0, 0, 8)
	writeIFD := func(entries []ifdEntry) {
		start := len(out)
		size := 2 + 12*len(entries) + 4
		data := start + size
		var extra []byte
		out = be.AppendUint16(out, uint16(len(entries)))
		for _, e := range entries {
			out = be.AppendUint16(out, e.tag)
			out = be.AppendUint16(out, e.typ)
			out = be.AppendUint32(out, e.count)
			if len(e.value) <= 4 {
				v := append(append([]byte(nil), e.value...), make([]byte, 4-len(e.value))...)
				out = append(out, v...)
			} else {
				out = be.AppendUint32(out, uint32(data+len(extra)))
				extra = append(extra, e.value...)
			}
		}
		out = be.AppendUint32(out, 0)
		out = append(out, extra...)
	}
	if gps != nil {
		// IFD0's GPS pointer is filled in once the GPS IFD's place is known
		ifd0 = append(ifd0, ifdEntry{tag: 0x8825, typ: 4, count: 1, value: []byte{0, 0, 0, 0}})
	}
	writeIFD(ifd0)
	if gps != nil {
		at := len(out)
		// patch the pointer: the last entry of IFD0
		p := 8 + 2 + 12*(len(ifd0)-1) + 8
		be.PutUint32(out[p:], uint32(at))
		writeIFD(gps)
	}
	return out
}

func ascii(s string) ifdEntry {
	return ifdEntry{typ: 2, count: uint32(len(s) + 1), value: append([]byte(s), 0)}
}

func tagged(tag uint16, e ifdEntry) ifdEntry { e.tag = tag; return e }

func rationals(v ...uint32) ifdEntry {
	var b []byte
	for _, x := range v {
		b = binary.BigEndian.AppendUint32(b, x)
		b = binary.BigEndian.AppendUint32(b, 1)
	}
	return ifdEntry{typ: 5, count: uint32(len(v)), value: b}
}

// exifGPS is an APP1 Exif payload with a camera, an orientation (0: none)
// and a GPS position that a test can look for: "WGS-84" and "GPS".
func exifGPS(orientation uint16) []byte {
	ifd0 := []ifdEntry{
		tagged(0x010E, ascii("GPS test picture")), // ImageDescription
		tagged(0x010F, ascii("TestCam")),          // Make
	}
	if orientation != 0 {
		ifd0 = append(ifd0, ifdEntry{tag: 0x0112, typ: 3, count: 1, value: binary.BigEndian.AppendUint16(nil, orientation)})
	}
	gps := []ifdEntry{
		tagged(0x0001, ascii("N")),
		tagged(0x0002, rationals(52, 31, 12)),
		tagged(0x0003, ascii("E")),
		tagged(0x0004, rationals(13, 24, 36)),
		tagged(0x0012, ascii("WGS-84")),
	}
	return append([]byte("Exif\x00\x00"), tiff(ifd0, gps)...)
}

// pngChunk builds a chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// splicePNG puts chunks right after IHDR (signature 8 + IHDR 25 bytes).
func splicePNG(p []byte, chunks ...[]byte) []byte {
	out := append([]byte(nil), p[:33]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[33:]...)
}

// pngChunks lists the chunk types of a PNG and checks every CRC.
func pngChunks(t *testing.T, p []byte) []string {
	t.Helper()
	require.True(t, bytes.HasPrefix(p, []byte("\x89PNG\r\n\x1a\n")))
	var types []string
	for i := 8; i < len(p); {
		require.LessOrEqual(t, i+12, len(p), "chunk header at %d", i)
		n := int(binary.BigEndian.Uint32(p[i:]))
		end := i + 8 + n
		require.LessOrEqual(t, end+4, len(p))
		require.Equal(t, crc32.ChecksumIEEE(p[i+4:end]), binary.BigEndian.Uint32(p[end:]), "CRC of %s", p[i+4:i+8])
		types = append(types, string(p[i+4:i+8]))
		i = end + 4
	}
	return types
}

// jpegMarkers lists the markers of a JPEG's segments up to the first SOS
// and checks that it ends with EOI.
func jpegMarkers(t *testing.T, j []byte) []byte {
	t.Helper()
	require.True(t, bytes.HasPrefix(j, []byte{0xFF, 0xD8}))
	require.True(t, bytes.HasSuffix(j, []byte{0xFF, 0xD9}), "ends with EOI")
	var ms []byte
	for i := 2; i+4 <= len(j); {
		require.Equal(t, byte(0xFF), j[i], "marker at %d", i)
		m := j[i+1]
		ms = append(ms, m)
		if m == 0xDA {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(j[i+2:]))
	}
	return ms
}

// pngHeader builds an IHDR chunk.
func pngHeader(w, h uint32, depth, colourType byte) []byte {
	d := binary.BigEndian.AppendUint32(nil, w)
	d = binary.BigEndian.AppendUint32(d, h)
	return pngChunk("IHDR", append(d, depth, colourType, 0, 0, 0))
}

// sizedReader yields head, then filler bytes, then tail, n bytes in all,
// without holding them in memory.
type sizedReader struct {
	head, tail []byte
	fill       byte
	n, off     int64
	read       int64 // bytes handed out, to check how far a reader went
}

func (r *sizedReader) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	if int64(len(p)) > r.n-r.off {
		p = p[:r.n-r.off]
	}
	tailAt := r.n - int64(len(r.tail))
	for i := range p {
		switch o := r.off + int64(i); {
		case o < int64(len(r.head)):
			p[i] = r.head[o]
		case o >= tailAt:
			p[i] = r.tail[o-tailAt]
		default:
			p[i] = r.fill
		}
	}
	r.off += int64(len(p))
	r.read += int64(len(p))
	return len(p), nil
}
