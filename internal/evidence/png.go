package evidence

import (
	"encoding/binary"
	"hash/crc32"
)

var pngSignature = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}

// pngKeep are the chunks a PNG keeps: the critical ones and the ancillary
// ones that change how the pixels look (transparency, colour space,
// gamma, significant bits, pixel aspect, background). Every other chunk is
// dropped; pngDropped names why.
var pngKeep = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"tRNS": true, "gAMA": true, "cHRM": true, "sRGB": true, "iCCP": true,
	"cICP": true, "mDCV": true, "cLLI": true,
	"sBIT": true, "pHYs": true, "bKGD": true,
}

var pngDropped = map[string]string{
	"tEXt": RemovedText, "zTXt": RemovedText, "iTXt": RemovedText,
	"eXIf": RemovedEXIF, "tIME": RemovedTime,
}

// png copies the chunks of pngKeep, checking every chunk's CRC, up to IEND.
func (c *cleaner) png() error {
	if _, err := c.r.Discard(len(pngSignature)); err != nil {
		return err
	}
	if _, err := c.w.Write(pngSignature); err != nil {
		return err
	}
	var first = true
	var colourType byte
	var sawPLTE, sawIDAT bool
	for {
		h, err := c.r.Peek(8)
		if err != nil {
			return err
		}
		n := binary.BigEndian.Uint32(h)
		typ := string(h[4:8])
		if n > 1<<31-1 {
			return corrupt("png: chunk length")
		}
		for _, b := range []byte(typ) {
			if !(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z') {
				return corrupt("png: chunk type")
			}
		}
		if first != (typ == "IHDR") {
			return corrupt("png: IHDR not first")
		}
		switch typ {
		case "IHDR":
			if colourType, err = c.pngHeader(n); err != nil {
				return err
			}
			first = false
		case "PLTE":
			sawPLTE = true
		case "IDAT":
			if colourType == 3 && !sawPLTE {
				return corrupt("png: palette image without PLTE")
			}
			sawIDAT = true
		case "IEND":
			if !sawIDAT || n != 0 {
				return corrupt("png: IEND")
			}
		}
		keep := pngKeep[typ]
		if !keep {
			if typ[0] >= 'A' && typ[0] <= 'Z' {
				return corrupt("png: unknown critical chunk " + typ)
			}
			if why, ok := pngDropped[typ]; ok {
				c.removed(why)
			} else {
				c.removed(RemovedAncillary)
			}
		}
		if err := c.pngChunk(int64(n), keep); err != nil {
			return err
		}
		if typ == "IEND" {
			return nil
		}
	}
}

// pngHeader checks IHDR (still unread) and the pixel limit; it returns the
// colour type.
func (c *cleaner) pngHeader(n uint32) (byte, error) {
	if n != 13 {
		return 0, corrupt("png: IHDR length")
	}
	h, err := c.r.Peek(8 + 13)
	if err != nil {
		return 0, err
	}
	p := h[8:]
	w, ht := binary.BigEndian.Uint32(p), binary.BigEndian.Uint32(p[4:])
	depth, ct := p[8], p[9]
	if w > 1<<31-1 || ht > 1<<31-1 {
		return 0, corrupt("png: dimension above 2^31-1")
	}
	ok := false
	switch ct {
	case 0:
		ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16
	case 3:
		ok = depth == 1 || depth == 2 || depth == 4 || depth == 8
	case 2, 4, 6:
		ok = depth == 8 || depth == 16
	}
	if !ok || p[10] != 0 || p[11] != 0 || p[12] > 1 {
		return 0, corrupt("png: IHDR fields")
	}
	return ct, c.checkPixels(int(w), int(ht))
}

// pngChunk consumes the current chunk (header, n data bytes, CRC), checks
// its CRC and copies it when keep.
func (c *cleaner) pngChunk(n int64, keep bool) error {
	h, err := c.r.Peek(8)
	if err != nil {
		return err
	}
	crc := crc32.Update(0, crc32.IEEETable, h[4:8])
	if keep {
		if _, err := c.w.Write(h); err != nil {
			return err
		}
	}
	_, _ = c.r.Discard(8)
	for n > 0 {
		k := int(min(n, bufSize))
		b, err := c.r.Peek(k)
		if len(b) == 0 && err != nil {
			return err
		}
		crc = crc32.Update(crc, crc32.IEEETable, b)
		if keep {
			if _, err := c.w.Write(b); err != nil {
				return err
			}
		}
		_, _ = c.r.Discard(len(b))
		n -= int64(len(b))
	}
	t, err := c.r.Peek(4)
	if err != nil {
		return err
	}
	if binary.BigEndian.Uint32(t) != crc {
		return corrupt("png: chunk CRC")
	}
	if keep {
		if _, err := c.w.Write(t); err != nil {
			return err
		}
	}
	_, err = c.r.Discard(4)
	return err
}
