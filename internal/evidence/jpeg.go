package evidence

import (
	"bytes"
	"encoding/binary"
)

// JPEG markers (ITU T.81 table B.1) that the walker treats specially.
const (
	mSOI  = 0xD8
	mEOI  = 0xD9
	mSOS  = 0xDA
	mRST0 = 0xD0
	mRST7 = 0xD7
	mTEM  = 0x01
	mAPP0 = 0xE0
	mAPP1 = 0xE1
	mAPP2 = 0xE2
	mAPPD = 0xED
	mAPPE = 0xEE
	mCOM  = 0xFE
)

// minimalEXIF is the only APP1 Clean writes: a big-endian TIFF header and
// one IFD with one entry, Orientation (0x0112, SHORT, count 1); the value
// goes in byte orientationAt.
var minimalEXIF = [32]byte{
	'E', 'x', 'i', 'f', 0, 0,
	'M', 'M', 0, 42, 0, 0, 0, 8,
	0, 1,
	0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0,
	0, 0, 0, 0,
}

const orientationAt = 6 + 8 + 2 + 8 + 1

// jpeg walks the segments of a JPEG, copies those needed to show the image
// (SOI, JFIF APP0 without its thumbnail, ICC APP2, Adobe APP14, DQT, DHT,
// DAC, SOFn, DRI, DNL, SOS with its entropy-coded data, EOI) and drops the
// rest; an EXIF orientation other than 1 survives in a minimal APP1.
func (c *cleaner) jpeg() error {
	if _, err := c.r.Discard(2); err != nil { // SOI, checked by sniff
		return err
	}
	if err := c.put(0xFF, mSOI); err != nil {
		return err
	}
	var sawSOF, sawSOS, sawEXIF bool
	m, err := c.marker()
	for err == nil {
		switch {
		case m == mEOI:
			if !sawSOS {
				return corrupt("jpeg: no scan before EOI")
			}
			return c.put(0xFF, mEOI)
		case m == mTEM || (m >= mRST0 && m <= mRST7):
			// standalone markers outside a scan carry nothing: drop
		case m == mSOI:
			return corrupt("jpeg: SOI inside the image")
		case m < 0xC0:
			return corrupt("jpeg: reserved marker")
		case m == mSOS:
			if !sawSOF {
				return corrupt("jpeg: scan before frame header")
			}
			if p, err := c.payload(); err != nil {
				return err
			} else if len(p) < 1 || p[0] == 0 || len(p) < 1+2*int(p[0])+3 {
				return corrupt("jpeg: short scan header")
			}
			if err = c.segment(m, true); err != nil {
				return err
			}
			sawSOS = true
			m, err = c.scan()
			continue
		default:
			err = c.jpegSegment(m, &sawSOF, &sawEXIF)
		}
		if err == nil {
			m, err = c.marker()
		}
	}
	return err
}

// jpegSegment handles one marker segment with a length.
func (c *cleaner) jpegSegment(m byte, sawSOF, sawEXIF *bool) error {
	switch {
	case isSOF(m):
		if *sawSOF {
			return corrupt("jpeg: second frame header")
		}
		*sawSOF = true
		p, err := c.payload()
		if err != nil {
			return err
		}
		if len(p) < 6 || p[5] == 0 || len(p) < 6+3*int(p[5]) {
			return corrupt("jpeg: short frame header")
		}
		h, w := binary.BigEndian.Uint16(p[1:]), binary.BigEndian.Uint16(p[3:])
		if err := c.checkPixels(int(w), int(h)); err != nil {
			return err
		}
		return c.segment(m, true)
	case m == 0xC4 || m == 0xDB || m == 0xCC || m == 0xDD || m == 0xDC || m == 0xDE || m == 0xDF:
		// DHT, DQT, DAC, DRI, DNL, DHP, EXP: tables and frame parameters
		return c.segment(m, true)
	case m == mAPP0:
		p, err := c.payload()
		if err != nil {
			return err
		}
		if len(p) >= 14 && bytes.HasPrefix(p, []byte("JFIF\x00")) {
			if len(p) > 14 || p[12] != 0 || p[13] != 0 {
				c.removed(RemovedThumbnail)
			}
			var jfif [14]byte
			copy(jfif[:12], p)
			if err := c.skip(); err != nil {
				return err
			}
			return c.writeSegment(m, jfif[:])
		}
		if bytes.HasPrefix(p, []byte("JFXX\x00")) {
			c.removed(RemovedThumbnail)
		} else {
			c.removed(RemovedAppData)
		}
		return c.skip()
	case m == mAPP1:
		p, err := c.payload()
		if err != nil {
			return err
		}
		switch {
		case bytes.HasPrefix(p, []byte("Exif\x00\x00")):
			if first := !*sawEXIF; first {
				*sawEXIF = true
				o := exifOrientation(p[6:])
				c.info.Orientation = o
				if o > 1 {
					e := minimalEXIF
					e[orientationAt] = byte(o)
					if !bytes.Equal(p, e[:]) {
						c.removed(RemovedEXIF)
					}
					if err := c.skip(); err != nil {
						return err
					}
					return c.writeSegment(m, e[:])
				}
			}
			c.removed(RemovedEXIF)
		case bytes.HasPrefix(p, []byte("http://ns.adobe.com/")):
			c.removed(RemovedXMP)
		default:
			c.removed(RemovedAppData)
		}
		return c.skip()
	case m == mAPP2:
		if p, err := c.payload(); err != nil {
			return err
		} else if bytes.HasPrefix(p, []byte("ICC_PROFILE\x00")) {
			return c.segment(m, true)
		}
		c.removed(RemovedAppData)
		return c.skip()
	case m == mAPPE:
		if p, err := c.payload(); err != nil {
			return err
		} else if bytes.HasPrefix(p, []byte("Adobe")) {
			return c.segment(m, true)
		}
		c.removed(RemovedAppData)
		return c.skip()
	case m == mAPPD:
		if p, err := c.payload(); err != nil {
			return err
		} else if bytes.HasPrefix(p, []byte("Photoshop 3.0\x00")) {
			c.removed(RemovedIPTC)
		} else {
			c.removed(RemovedAppData)
		}
		return c.skip()
	case m == mCOM:
		c.removed(RemovedComment)
		return c.segment(m, false)
	default: // APP3..APP15, JPG, JPGn: extensions the image does not need
		c.removed(RemovedAppData)
		return c.segment(m, false)
	}
}

// isSOF reports whether m starts a frame (SOF0..SOF15 but DHT, JPG, DAC).
func isSOF(m byte) bool {
	return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC
}

// marker reads the next marker: 0xFF, any fill bytes 0xFF, the code.
// Stray bytes before it (not allowed, but written by some software) are
// dropped.
func (c *cleaner) marker() (byte, error) {
	for {
		b, err := c.r.ReadByte()
		if err != nil {
			return 0, err
		}
		if b != 0xFF {
			continue
		}
		for b == 0xFF {
			if b, err = c.r.ReadByte(); err != nil {
				return 0, err
			}
		}
		if b == 0 {
			continue // a stuffed zero outside a scan: stray data
		}
		return b, nil
	}
}

// length reads a segment's length field and returns its payload's length.
func (c *cleaner) length() (int, error) {
	b, err := c.r.Peek(2)
	if err != nil {
		return 0, err
	}
	n := int(binary.BigEndian.Uint16(b))
	if n < 2 {
		return 0, corrupt("jpeg: segment length below 2")
	}
	return n - 2, nil
}

// payload returns the current segment's payload without consuming it; the
// slice is valid until the next read. The length field stays unread too.
func (c *cleaner) payload() ([]byte, error) {
	n, err := c.length()
	if err != nil {
		return nil, err
	}
	b, err := c.r.Peek(2 + n)
	if err != nil {
		return nil, err
	}
	return b[2:], nil
}

// segment copies (keep) or drops the current segment.
func (c *cleaner) segment(m byte, keep bool) error {
	if !keep {
		return c.skip()
	}
	p, err := c.payload()
	if err != nil {
		return err
	}
	if err := c.writeSegment(m, p); err != nil {
		return err
	}
	return c.skip()
}

// skip consumes the current segment (its length field and payload).
func (c *cleaner) skip() error {
	n, err := c.length()
	if err != nil {
		return err
	}
	_, err = c.r.Discard(2 + n)
	return err
}

// writeSegment writes a marker segment with the given payload; the input
// segment is consumed by the caller (skip) afterwards.
func (c *cleaner) writeSegment(m byte, p []byte) error {
	n := len(p) + 2
	if err := c.put(0xFF, m, byte(n>>8), byte(n)); err != nil {
		return err
	}
	_, err := c.w.Write(p)
	return err
}

// put writes a few bytes.
func (c *cleaner) put(b ...byte) error {
	_, err := c.w.Write(b)
	return err
}

// scan copies entropy-coded data after SOS up to the next marker that is
// not a restart marker, which it returns. Stuffed bytes (FF 00) and restart
// markers stay; fill bytes before a marker are dropped.
func (c *cleaner) scan() (byte, error) {
	for {
		n := c.r.Buffered()
		if n == 0 {
			if _, err := c.r.Peek(1); err != nil {
				return 0, err
			}
			n = c.r.Buffered()
		}
		buf, _ := c.r.Peek(n)
		i := bytes.IndexByte(buf, 0xFF)
		if i < 0 {
			i = n
		}
		if _, err := c.w.Write(buf[:i]); err != nil {
			return 0, err
		}
		_, _ = c.r.Discard(i) // buffered
		if i == n {
			continue
		}
		_, _ = c.r.Discard(1) // the 0xFF just seen
		b, err := c.r.ReadByte()
		for err == nil && b == 0xFF {
			b, err = c.r.ReadByte()
		}
		if err != nil {
			return 0, err
		}
		if b == 0 || (b >= mRST0 && b <= mRST7) {
			_ = c.w.WriteByte(0xFF)
			if err := c.w.WriteByte(b); err != nil { // a write error sticks
				return 0, err
			}
			continue
		}
		return b, nil
	}
}

// exifOrientation reads the Orientation tag (0x0112) of IFD0 from a TIFF
// structure (the EXIF payload after "Exif\0\0"); 0 when there is none or it
// is not 1..8.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0
	}
	off := int64(bo.Uint32(t[4:]))
	if off+2 > int64(len(t)) {
		return 0
	}
	n := int64(bo.Uint16(t[off:]))
	for i := int64(0); i < n; i++ {
		e := off + 2 + 12*i
		if e+12 > int64(len(t)) {
			return 0
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if bo.Uint16(t[e+2:]) != 3 || bo.Uint32(t[e+4:]) != 1 {
			return 0
		}
		if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 0
	}
	return 0
}
