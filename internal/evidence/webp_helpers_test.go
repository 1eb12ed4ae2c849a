package evidence_test

import (
	"encoding/binary"
	"image/color"
)

// bitWriter writes the least significant bit first, as VP8L reads.
type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) write(v uint64, n uint) {
	w.acc |= v << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

func (w *bitWriter) bytes() []byte {
	if w.nacc > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc, w.nacc = 0, 0
	}
	return w.out
}

// vp8l encodes a w x h image of one colour as a VP8L bitstream by hand: no
// transforms, no colour cache, no meta codes, and five prefix codes of one
// symbol each, so every pixel takes zero bits.
func vp8l(w, h int, c color.NRGBA) []byte {
	var b bitWriter
	b.write(0x2F, 8)
	b.write(uint64(w-1), 14)
	b.write(uint64(h-1), 14)
	alpha := uint64(0)
	if c.A != 255 {
		alpha = 1
	}
	b.write(alpha, 1)
	b.write(0, 3) // version
	b.write(0, 1) // no transform
	b.write(0, 1) // no colour cache
	b.write(0, 1) // no meta prefix codes
	for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
		b.write(1, 1) // simple code
		b.write(0, 1) // one symbol
		b.write(1, 1) // eight bits
		b.write(uint64(sym), 8)
	}
	return b.bytes()
}

// riffChunk builds a RIFF chunk with its pad byte.
func riffChunk(fourcc string, payload []byte) []byte {
	out := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(payload)))...)
	out = append(out, payload...)
	if len(payload)%2 == 1 {
		out = append(out, 0)
	}
	return out
}

// webpFile wraps chunks in a RIFF WEBP header with the right size.
func webpFile(chunks ...[]byte) []byte {
	var body []byte
	for _, c := range chunks {
		body = append(body, c...)
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(4+len(body)))...)
	out = append(out, "WEBP"...)
	return append(out, body...)
}

// vp8x builds a VP8X payload with the given flags and canvas size.
func vp8x(flags byte, w, h int) []byte {
	return []byte{flags, 0, 0, 0,
		byte(w - 1), byte((w - 1) >> 8), byte((w - 1) >> 16),
		byte(h - 1), byte((h - 1) >> 8), byte((h - 1) >> 16)}
}

// webpChunks lists the chunk FourCCs of a WebP and checks the RIFF size.
func webpChunks(b []byte) ([]string, bool) {
	if len(b) < 12 || int(binary.LittleEndian.Uint32(b[4:])) != len(b)-8 {
		return nil, false
	}
	var cc []string
	for i := 12; i < len(b); {
		if i+8 > len(b) {
			return nil, false
		}
		n := int(binary.LittleEndian.Uint32(b[i+4:]))
		cc = append(cc, string(b[i:i+4]))
		i += 8 + n + n%2
	}
	return cc, true
}
