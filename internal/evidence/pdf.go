package evidence

import (
	"bytes"
	"io"
)

// pdfTail is how many of the last bytes pdf keeps to find %%EOF: the
// marker and a generous run of blanks after it.
const pdfTail = 1024

// pdf copies a PDF byte for byte: it checks the header (sniff did) and that
// the file ends with %%EOF, allowing blanks after it. It parses no objects
// and inflates no streams, so a PDF's metadata (the Info dictionary, XMP)
// stays; see docs/adr-evidence-files.md.
func (c *cleaner) pdf() error {
	var tail [2 * pdfTail]byte
	t := tail[:0]
	for {
		if c.r.Buffered() == 0 {
			if _, err := c.r.Peek(1); err == io.EOF {
				break
			} else if err != nil {
				return err
			}
		}
		b, _ := c.r.Peek(c.r.Buffered())
		if _, err := c.w.Write(b); err != nil {
			return err
		}
		if len(b) >= pdfTail {
			t = append(t[:0], b[len(b)-pdfTail:]...)
		} else {
			if len(t)+len(b) > len(tail) {
				t = append(t[:0], t[len(t)-pdfTail:]...)
			}
			t = append(t, b...)
		}
		_, _ = c.r.Discard(len(b))
	}
	t = bytes.TrimRight(t, "\x00\t\n\f\r ")
	if !bytes.HasSuffix(t, []byte("%%EOF")) {
		return corrupt("pdf: no %%EOF at the end")
	}
	return nil
}
