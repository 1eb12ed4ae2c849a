package evidence

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The media types Clean accepts, as reported in Info.Type.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	WebP = "image/webp"
	PDF  = "application/pdf"
)

// Accept lists the accepted types for an HTML file input's accept
// attribute. It is a hint for the browser (iOS then converts HEIC photos to
// JPEG in many cases); Clean decides by content whatever was sent.
const Accept = JPEG + "," + PNG + "," + WebP + "," + PDF

// Extension returns the file name extension for one of the accepted types
// (".jpg", ".png", ".webp", ".pdf"), for the name a stored copy is served
// under; "" for any other type.
func Extension(mime string) string {
	switch mime {
	case JPEG:
		return ".jpg"
	case PNG:
		return ".png"
	case WebP:
		return ".webp"
	case PDF:
		return ".pdf"
	}
	return ""
}

// Field is the input field every validation error of this package names.
const Field = "file"

// Default limits, used where a Limits field is zero.
const (
	DefaultMaxBytes  int64 = 10 << 20 // 10 MiB per file
	DefaultMaxPixels       = 50_000_000
)

// Limits bound what Clean and Thumbnail accept. The zero value means the
// defaults.
type Limits struct {
	MaxBytes  int64 // per file; DefaultMaxBytes when 0
	MaxPixels int   // width*height of an image; DefaultMaxPixels when 0
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	return l
}

// Info describes the cleaned copy Clean wrote.
type Info struct {
	Type          string   // one of JPEG, PNG, WebP, PDF, decided from the content
	Size          int64    // bytes written to dst
	SHA256        string   // lower-case hex digest of the bytes written to dst
	Width, Height int      // images only, as stored (before Orientation is applied)
	Orientation   int      // EXIF orientation 1..8 of a JPEG (kept in a minimal APP1 when not 1); 0 when none was given
	Removed       []string // what was stripped, in order of first occurrence: see the Removed* constants
}

// What Clean reports in Info.Removed.
const (
	RemovedEXIF      = "exif"          // EXIF (camera, time, GPS position), in JPEG APP1, PNG eXIf, WebP EXIF
	RemovedXMP       = "xmp"           // XMP packets
	RemovedIPTC      = "iptc"          // Photoshop/IPTC (JPEG APP13)
	RemovedAppData   = "app-data"      // other JPEG application segments (APP2 other than ICC, APP3..APP15, JFXX)
	RemovedThumbnail = "thumbnail"     // the preview picture embedded in a JFIF header
	RemovedComment   = "comment"       // JPEG COM segments
	RemovedText      = "text"          // PNG tEXt, zTXt, iTXt
	RemovedTime      = "time"          // PNG tIME
	RemovedAncillary = "ancillary"     // other, unknown ancillary PNG chunks or WebP chunks
	RemovedTrailing  = "trailing-data" // bytes after the end of the image (JPEG EOI, PNG IEND, RIFF size)
)

const op = "evidence.Clean"

// Clean reads src (at most lim.MaxBytes+1 bytes; a longer upload is refused
// as too large), decides the type by content, validates the structure and
// writes a copy without metadata (EXIF including GPS, XMP, IPTC, comments,
// text chunks) and without trailing data to dst. It streams with a few small
// buffers, never decodes pixels, and returns what it wrote.
//
// A file the user must fix yields a *fairshops.ValidationError on the field
// "file" with one of the codes fairshops.ReasonFileEmpty, ReasonFileTooLarge,
// ReasonFileType, ReasonFileHEIC, ReasonFileCorrupt or ReasonFilePixels. A
// failure to read src or to write dst is wrapped (kind Internal, or Canceled
// when the cause is a context's). On any error dst may hold a partial copy,
// which the caller must discard.
func Clean(dst io.Writer, src io.Reader, lim Limits) (Info, error) {
	lim = lim.withDefaults()
	in := &source{r: src, max: lim.MaxBytes}
	br := bufio.NewReaderSize(in, bufSize)
	out := newSink(dst)
	c := &cleaner{r: br, w: out.bw, lim: lim}

	if _, err := br.Peek(1); err != nil {
		if err == io.EOF {
			return Info{}, invalid(fairshops.ReasonFileEmpty)
		}
		return Info{}, c.fail(err)
	}
	head, _ := br.Peek(sniffLen) // a short file gives fewer bytes and io.EOF
	kind := sniff(head)
	var err error
	switch kind.mime {
	case JPEG:
		err = c.jpeg()
	case PNG:
		err = c.png()
	case WebP:
		err = c.webp()
	case PDF:
		err = c.pdf()
	default:
		if kind.heic {
			return Info{}, invalid(fairshops.ReasonFileHEIC)
		}
		if kind.pdfLate {
			return Info{}, invalid(fairshops.ReasonFileCorrupt)
		}
		return Info{}, invalid(fairshops.ReasonFileType, kind.mime)
	}
	if err == nil {
		err = c.drain()
	}
	if err == nil {
		err = out.flush()
	}
	if err != nil {
		return Info{}, c.fail(err)
	}
	c.info.Type = kind.mime
	c.info.Size = out.n
	c.info.SHA256 = hex.EncodeToString(out.h.Sum(nil))
	return c.info, nil
}

const (
	bufSize  = 64 << 10 // the read buffer: one full JPEG segment fits in it
	sniffLen = 1024
)

// cleaner holds the state of one Clean call.
type cleaner struct {
	r    *bufio.Reader
	w    *bufio.Writer
	lim  Limits
	info Info
}

// removed records that something was stripped, once per kind.
func (c *cleaner) removed(what string) {
	for _, r := range c.info.Removed {
		if r == what {
			return
		}
	}
	c.info.Removed = append(c.info.Removed, what)
}

// trailing discards whatever follows the end of the image, noting that
// there was some; drain then checks the size limit on the rest.
func (c *cleaner) trailing() error {
	if _, err := c.r.Peek(1); err == nil {
		c.removed(RemovedTrailing)
	} else if err != io.EOF {
		return err
	}
	return nil
}

// drain reads src to its end (at most MaxBytes+1 bytes), so that an upload
// over the limit is refused even when its image ends early.
func (c *cleaner) drain() error {
	if err := c.trailing(); err != nil {
		return err
	}
	_, err := io.Copy(io.Discard, c.r)
	return err
}

// checkPixels refuses an image whose declared size exceeds the pixel limit
// (a decompression bomb: a small file that decodes to gigabytes).
func (c *cleaner) checkPixels(w, h int) error {
	if w <= 0 || h <= 0 {
		return corrupt("zero image dimension")
	}
	if int64(w)*int64(h) > int64(c.lim.MaxPixels) {
		return errPixels
	}
	c.info.Width, c.info.Height = w, h
	return nil
}

// fail turns an internal error into what Clean returns.
func (c *cleaner) fail(err error) error {
	var ce *corruptError
	var re *readError
	var we *writeError
	var ve *fairshops.ValidationError
	switch {
	case errors.As(err, &ve):
		return err
	case errors.Is(err, errTooLarge):
		return invalid(fairshops.ReasonFileTooLarge, humanBytes(c.lim.MaxBytes))
	case errors.Is(err, errPixels):
		return invalid(fairshops.ReasonFilePixels, megapixels(c.lim.MaxPixels))
	case errors.As(err, &re):
		return fairshops.E(op, fairshops.Internal, "", "read upload", re.err)
	case errors.As(err, &we):
		return fairshops.E(op, fairshops.Internal, "", "write copy", we.err)
	case errors.As(err, &ce), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return invalid(fairshops.ReasonFileCorrupt)
	default:
		return fairshops.E(op, fairshops.Internal, "", "", err)
	}
}

func invalid(code string, args ...any) error { return invalidOp(op, code, args...) }

func invalidOp(op, code string, args ...any) error {
	var p fairshops.Problems
	p.Add(Field, code, args...)
	return p.Err(op)
}

// corruptError is a broken structure in a recognised format; the detail
// helps a developer and is not shown to the user.
type corruptError struct{ detail string }

func (e *corruptError) Error() string { return "corrupt: " + e.detail }

func corrupt(detail string) error { return &corruptError{detail} }

var (
	errTooLarge = errors.New("upload exceeds the size limit")
	errPixels   = errors.New("image exceeds the pixel limit")
)

type readError struct{ err error }

func (e *readError) Error() string { return "read: " + e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

type writeError struct{ err error }

func (e *writeError) Error() string { return "write: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// source reads the upload, counting, and fails with errTooLarge once more
// than max bytes came; other errors than io.EOF are marked as read errors.
type source struct {
	r   io.Reader
	n   int64
	max int64
}

func (s *source) Read(p []byte) (int, error) {
	if s.n > s.max {
		return 0, errTooLarge
	}
	if rest := s.max + 1 - s.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := s.r.Read(p)
	s.n += int64(n)
	if err != nil && err != io.EOF {
		err = &readError{err}
	}
	if err == nil && s.n > s.max {
		err = errTooLarge
	}
	return n, err
}

// sink writes the copy to dst, hashing and counting it.
type sink struct {
	dst io.Writer
	h   hash.Hash
	n   int64
	bw  *bufio.Writer
}

func newSink(dst io.Writer) *sink {
	s := &sink{dst: dst, h: sha256.New()}
	s.bw = bufio.NewWriterSize(s, 32<<10)
	return s
}

func (s *sink) Write(p []byte) (int, error) {
	n, err := s.dst.Write(p)
	s.h.Write(p[:n])
	s.n += int64(n)
	if err != nil {
		return n, &writeError{err}
	}
	return n, nil
}

func (s *sink) flush() error { return s.bw.Flush() }

// humanBytes writes a byte count the way a user reads a limit: "10 MiB".
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d B", n)
	}
}

// megapixels writes a pixel limit in megapixels: 50000000 -> "50",
// 12500000 -> "12.5".
func megapixels(n int) string {
	return strconv.FormatFloat(float64(n)/1e6, 'f', -1, 64)
}
