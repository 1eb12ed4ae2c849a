package evidence

import (
	"encoding/binary"

	"github.com/fairshops/konfliktservice/fairshops"
)

// VP8X flags (WebP container specification).
const (
	vp8xICC       = 0x20
	vp8xAlpha     = 0x10
	vp8xEXIF      = 0x08
	vp8xXMP       = 0x04
	vp8xAnimation = 0x02
)

// errAnimated refuses an animated WebP: Thumbnail cannot decode it and a
// photo of evidence is a still image.
var errAnimated = invalid(fairshops.ReasonFileType, "image/webp (animated)")

// webp walks the RIFF chunks of a WebP. A simple file (VP8 or VP8L first)
// keeps only its image chunk; an extended one (VP8X first) keeps VP8X with
// the EXIF and XMP flags cleared, ICCP, ALPH and the image chunk, and drops
// EXIF, XMP and unknown chunks. The RIFF size is written anew, so the copy
// is built in memory (at most the size of the upload) before it is
// written; bytes after the RIFF size are trailing data.
func (c *cleaner) webp() error {
	h, err := c.r.Peek(12)
	if err != nil {
		return err
	}
	rest := int64(binary.LittleEndian.Uint32(h[4:])) - 4 // after "WEBP"
	if rest < 8 {
		return corrupt("webp: RIFF size")
	}
	_, _ = c.r.Discard(12)

	var body spool
	var vp8x []byte // VP8X payload, patched once every chunk is seen
	var sawImage, sawICC bool
	for first := true; rest > 0; first = false {
		if rest < 8 {
			return corrupt("webp: chunk header beyond the RIFF size")
		}
		ch, err := c.r.Peek(8)
		if err != nil {
			return err
		}
		fourcc := string(ch[:4])
		size := int64(binary.LittleEndian.Uint32(ch[4:]))
		total := 8 + size + size&1
		if total > rest {
			return corrupt("webp: chunk beyond the RIFF size")
		}
		rest -= total
		keep := false
		switch {
		case first && fourcc == "VP8X":
			if size != 10 {
				return corrupt("webp: VP8X size")
			}
			p, err := c.r.Peek(8 + 10)
			if err != nil {
				return err
			}
			p = p[8:]
			if p[0]&vp8xAnimation != 0 {
				return errAnimated
			}
			w := 1 + int(p[4]) | int(p[5])<<8 | int(p[6])<<16
			ht := 1 + int(p[7]) | int(p[8])<<8 | int(p[9])<<16
			if err := c.checkPixels(w, ht); err != nil {
				return err
			}
			if p[0]&vp8xEXIF != 0 {
				c.removed(RemovedEXIF)
			}
			if p[0]&vp8xXMP != 0 {
				c.removed(RemovedXMP)
			}
			vp8x = append([]byte(nil), p...)
			keep = true
		case first && (fourcc == "VP8 " || fourcc == "VP8L"):
			w, ht, err := c.webpImageSize(fourcc, size)
			if err != nil {
				return err
			}
			if err := c.checkPixels(w, ht); err != nil {
				return err
			}
			sawImage, keep = true, true
		case first:
			return corrupt("webp: first chunk " + fourcc)
		case vp8x == nil:
			// a simple file has nothing after its image: drop what a tool appended
			c.webpDropped(fourcc)
		case fourcc == "VP8 " || fourcc == "VP8L":
			if sawImage {
				return corrupt("webp: second image chunk")
			}
			w, ht, err := c.webpImageSize(fourcc, size)
			if err != nil {
				return err
			}
			if w != c.info.Width || ht != c.info.Height {
				return corrupt("webp: image size differs from the canvas")
			}
			sawImage, keep = true, true
		case fourcc == "ALPH":
			keep = true
		case fourcc == "ICCP":
			sawICC, keep = true, true
		default:
			c.webpDropped(fourcc)
		}
		if err := c.riffChunk(&body, size, keep); err != nil {
			return err
		}
	}
	if !sawImage {
		return corrupt("webp: no image chunk")
	}
	if vp8x != nil {
		flags := vp8x[0] & vp8xAlpha
		if sawICC {
			flags |= vp8xICC
		}
		first := body.blocks[0] // the VP8X chunk comes first, whole
		first[8] = flags
		first[9], first[10], first[11] = 0, 0, 0
	}
	var head [12]byte
	copy(head[:], "RIFF")
	binary.LittleEndian.PutUint32(head[4:], uint32(4+body.n))
	copy(head[8:], "WEBP")
	if _, err := c.w.Write(head[:]); err != nil {
		return err
	}
	for _, b := range body.blocks {
		if _, err := c.w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// spool holds the copy of a WebP until its size is known, in blocks
// allocated as data comes: memory follows the bytes actually read, never a
// size the file claims, and growing copies nothing.
type spool struct {
	blocks [][]byte
	n      int64
}

const spoolBlock = 64 << 10

func (s *spool) write(p []byte) {
	s.n += int64(len(p))
	for len(p) > 0 {
		if len(s.blocks) == 0 || len(s.blocks[len(s.blocks)-1]) == spoolBlock {
			s.blocks = append(s.blocks, make([]byte, 0, spoolBlock))
		}
		last := &s.blocks[len(s.blocks)-1]
		k := min(len(p), spoolBlock-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
}

func (c *cleaner) webpDropped(fourcc string) {
	switch fourcc {
	case "EXIF":
		c.removed(RemovedEXIF)
	case "XMP ":
		c.removed(RemovedXMP)
	default:
		c.removed(RemovedAncillary)
	}
}

// webpImageSize reads the width and height from the start of a VP8 (key
// frame header) or VP8L (lossless header) chunk that is still unread.
func (c *cleaner) webpImageSize(fourcc string, size int64) (int, int, error) {
	if fourcc == "VP8L" {
		if size < 5 {
			return 0, 0, corrupt("webp: short VP8L")
		}
		p, err := c.r.Peek(8 + 5)
		if err != nil {
			return 0, 0, err
		}
		p = p[8:]
		if p[0] != 0x2F {
			return 0, 0, corrupt("webp: VP8L signature")
		}
		bits := binary.LittleEndian.Uint32(p[1:])
		if bits>>29 != 0 {
			return 0, 0, corrupt("webp: VP8L version")
		}
		return 1 + int(bits&0x3FFF), 1 + int(bits>>14&0x3FFF), nil
	}
	if size < 10 {
		return 0, 0, corrupt("webp: short VP8")
	}
	p, err := c.r.Peek(8 + 10)
	if err != nil {
		return 0, 0, err
	}
	p = p[8:]
	if p[0]&1 != 0 || p[3] != 0x9D || p[4] != 0x01 || p[5] != 0x2A {
		return 0, 0, corrupt("webp: VP8 key frame header")
	}
	return int(binary.LittleEndian.Uint16(p[6:]) & 0x3FFF), int(binary.LittleEndian.Uint16(p[8:]) & 0x3FFF), nil
}

// riffChunk consumes the current chunk (header, payload, pad byte) and,
// when keep, appends it to body with a zero pad byte.
func (c *cleaner) riffChunk(body *spool, size int64, keep bool) error {
	pad := size & 1
	if !keep {
		_, err := c.r.Discard(int(min(8+size+pad, 1<<31-1)))
		return err
	}
	for n := 8 + size; n > 0; {
		b, err := c.r.Peek(int(min(n, bufSize)))
		if len(b) == 0 {
			return err
		}
		body.write(b)
		_, _ = c.r.Discard(len(b))
		n -= int64(len(b))
	}
	if pad == 1 {
		if _, err := c.r.ReadByte(); err != nil {
			return err
		}
		body.write([]byte{0})
	}
	return nil
}
