package complaint

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/evidence"
)

// ThumbnailSide is the longest side of an attachment's thumbnail, in pixels.
const ThumbnailSide = 240

// actionAttached is the history action of an added file; its detail holds
// the file's ID and SHA-256 (historyDetail).
const actionAttached = "attachment_added"

// fileConfig is the attachment part of a Service.
type fileConfig struct {
	store    Files
	max      int
	maxBytes int64
}

func newFileConfig(cfg Config) fileConfig {
	f := fileConfig{store: cfg.Files, max: cfg.MaxFiles, maxBytes: cfg.MaxFileBytes}
	if f.max == 0 {
		f.max = DefaultMaxFiles
	}
	if f.maxBytes == 0 {
		f.maxBytes = DefaultMaxFileBytes
	}
	return f
}

// MaxFileBytes is the configured size limit of one file, so that an HTTP
// layer can bound a request body before it reaches the Service.
func (s *Service) MaxFileBytes() int64 { return s.files.maxBytes }

// MaxFiles is the configured number of files a complaint may have.
func (s *Service) MaxFiles() int { return s.files.max }

// Attach adds a file of evidence to the complaint id on behalf of p, who
// must be able to read the complaint (the consumer with the token, the shop
// after forwarding, the operator). The content is cleaned by
// evidence.Clean (type by content: JPEG, PNG, WebP, PDF; image metadata
// such as EXIF and GPS removed; size limit Config.MaxFileBytes); a refused
// file is a *fairshops.ValidationError on field "file" (file_empty,
// file_too_large, file_type, file_heic, file_corrupt; too_many beyond
// Config.MaxFiles). The cleaned bytes are stored with Files.Create, and the
// complaint's history gains the entry "attachment_added" with the file's
// ID and SHA-256, so the hash chain vouches for the stored bytes
// (VerifyAttachments). Files can be added while the complaint is open and,
// for a mediation, while it is escalated.
//
// Memory: the cleaned file is held once (in chunks) between cleaning and
// storing, since its digest and type are known only at its end.
func (s *Service) Attach(ctx context.Context, p fairshops.Principal, id string, up Upload, content io.Reader) (*Attachment, error) {
	const op = "complaint.Service.Attach"
	if s.files.store == nil {
		return nil, fairshops.E(op, fairshops.NotAllowed, id, "no file store configured", nil)
	}
	c, err := s.load(ctx, op, p, id)
	if err != nil {
		return nil, err
	}
	if _, erased := c.ErasedAt(); erased {
		return nil, fairshops.E(op, fairshops.NotAllowed, id, "the complaint's personal data were erased", nil)
	}
	if err := s.checkUpload(op, p, c, &up); err != nil {
		return nil, err
	}
	have, err := s.files.store.ByComplaint(ctx, id)
	if err != nil {
		return nil, fairshops.Wrap(op, id, err)
	}
	if len(have) >= s.files.max {
		return nil, tooMany(op, s.files.max)
	}
	var buf chunks
	info, err := evidence.Clean(&buf, content, evidence.Limits{MaxBytes: s.files.maxBytes})
	if err != nil {
		var ve *fairshops.ValidationError
		if errors.As(err, &ve) {
			return nil, err
		}
		return nil, fairshops.Wrap(op, id, err)
	}
	now, _ := s.now()
	fid, err := fairshops.NewIDFrom(s.rand, "f")
	if err != nil {
		return nil, fairshops.E(op, fairshops.Internal, id, "draw file id", err)
	}
	a := &Attachment{ID: fid, ComplaintID: id, Owner: p.Role, Context: up.Context, Name: nameFor(up.Name, info.Type),
		Type: info.Type, Size: info.Size, SHA256: info.SHA256, Width: info.Width, Height: info.Height,
		ModeratorOnly: up.ModeratorOnly, CreatedAt: now}
	if err := s.files.store.Create(ctx, a, buf.reader()); err != nil {
		return nil, fairshops.Wrap(op, id, err)
	}
	_, err = s.act(ctx, op, p, id, maxRetries, func(ch *change, _ fairshops.Date) error {
		if n := countAttached(ch.c); n >= s.files.max {
			return tooMany(op, s.files.max)
		}
		ch.c.record(ch.at, p.Actor(), actionAttached, historyDetail(a))
		return nil
	})
	if err != nil {
		if derr := s.files.store.Delete(context.WithoutCancel(ctx), a.ID); derr != nil {
			s.log.ErrorContext(ctx, "attachment left without history", "complaint", id, "file", a.ID, "error", derr)
		}
		var ve *fairshops.ValidationError
		if errors.As(err, &ve) {
			return nil, ve
		}
		return nil, err
	}
	s.log.InfoContext(ctx, "attachment added", "complaint", id, "file", a.ID, "type", a.Type, "size", a.Size)
	return a, nil
}

// nameFor is the display name of an upload: CleanName, ending in the
// extension of the type found in the content (a PNG sent as "bild.jpg"
// is kept as "bild.jpg.png"), so that a saved copy opens as what it is.
func nameFor(name, typ string) string {
	name = CleanName(name)
	ext := evidence.Extension(typ)
	lower := strings.ToLower(name)
	if ext == "" || strings.HasSuffix(lower, ext) || (ext == ".jpg" && strings.HasSuffix(lower, ".jpeg")) {
		return name
	}
	if utf8.RuneCountInString(name)+len(ext) > MaxFileName {
		name = string([]rune(name)[:MaxFileName-len(ext)])
	}
	return name + ext
}

// checkUpload checks where a file goes and normalises up.Context.
func (s *Service) checkUpload(op string, p fairshops.Principal, c *Complaint, up *Upload) error {
	if c.State.Final() && c.State != Escalated {
		return fairshops.E(op, fairshops.NotAllowed, c.ID, "complaint is "+string(c.State), nil)
	}
	var pr fairshops.Problems
	switch {
	case up.Context == "" || up.Context == ContextComplaint:
		up.Context = ContextComplaint
	case strings.HasPrefix(up.Context, ContextMessage):
		mid := strings.TrimPrefix(up.Context, ContextMessage)
		found := false
		for _, m := range c.Messages {
			found = found || m.ID == mid
		}
		if !found {
			pr.Add("context", fairshops.ReasonDangling, mid)
		}
	case strings.HasPrefix(up.Context, ContextStatement):
		if cid := strings.TrimPrefix(up.Context, ContextStatement); cid == "" || len(cid) > 64 ||
			strings.ContainsFunc(cid, func(r rune) bool { return !isIDRune(r) }) {
			pr.Add("context", fairshops.ReasonInvalidFormat, "statement:<case id>")
		}
	default:
		pr.Add("context", fairshops.ReasonUnknownValue, up.Context)
	}
	if up.ModeratorOnly && (!strings.HasPrefix(up.Context, ContextStatement) || p.Role == fairshops.RoleOperator) {
		pr.Add("moderator_only", fairshops.ReasonNotAllowedHere)
	}
	return pr.Err(op)
}

func isIDRune(r rune) bool {
	return r == '_' || r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}

func tooMany(op string, max int) error {
	var pr fairshops.Problems
	pr.Add("file", fairshops.ReasonTooMany, max)
	return pr.Err(op)
}

// countAttached counts the files the history says were added.
func countAttached(c *Complaint) int {
	n := 0
	for _, e := range c.History {
		if e.Action == actionAttached {
			n++
		}
	}
	return n
}

// Attachments returns the files of the complaint id that p may see (see
// Attach), oldest first; a file marked ModeratorOnly only to the operator
// and the party that added it.
func (s *Service) Attachments(ctx context.Context, p fairshops.Principal, id string) ([]*Attachment, error) {
	const op = "complaint.Service.Attachments"
	if _, err := s.load(ctx, op, p, id); err != nil {
		return nil, err
	}
	if s.files.store == nil {
		return nil, nil
	}
	list, err := s.files.store.ByComplaint(ctx, id)
	if err != nil {
		return nil, fairshops.Wrap(op, id, err)
	}
	out := list[:0]
	for _, a := range list {
		if visibleTo(p, a) {
			out = append(out, a)
		}
	}
	return out, nil
}

// Attachment returns the record of the file fileID of the complaint id if
// p may see it; NotFound otherwise (also for a file of another complaint).
func (s *Service) Attachment(ctx context.Context, p fairshops.Principal, id, fileID string) (*Attachment, error) {
	return s.attachment(ctx, "complaint.Service.Attachment", p, id, fileID)
}

func (s *Service) attachment(ctx context.Context, op string, p fairshops.Principal, id, fileID string) (*Attachment, error) {
	if _, err := s.load(ctx, op, p, id); err != nil {
		return nil, err
	}
	if s.files.store == nil {
		return nil, fairshops.E(op, fairshops.NotFound, fileID, "", nil)
	}
	a, err := s.files.store.Get(ctx, fileID)
	if err != nil {
		return nil, fairshops.Wrap(op, fileID, err)
	}
	if a.ComplaintID != id || !visibleTo(p, a) {
		return nil, fairshops.E(op, fairshops.NotFound, fileID, "", nil)
	}
	return a, nil
}

// OpenAttachment returns the record and the bytes of a file p may see
// (as Attachment); the caller closes the reader.
func (s *Service) OpenAttachment(ctx context.Context, p fairshops.Principal, id, fileID string) (*Attachment, io.ReadCloser, error) {
	const op = "complaint.Service.OpenAttachment"
	a, err := s.attachment(ctx, op, p, id, fileID)
	if err != nil {
		return nil, nil, err
	}
	rc, err := s.files.store.Open(ctx, fileID)
	if err != nil {
		return nil, nil, fairshops.Wrap(op, fileID, err)
	}
	return a, rc, nil
}

// AttachmentThumbnail returns a JPEG thumbnail (at most ThumbnailSide
// pixels a side) of an image p may see; NotFound for a PDF. It is made
// from the stored bytes on the first request and kept in the store, so
// that an upload never decodes a picture.
func (s *Service) AttachmentThumbnail(ctx context.Context, p fairshops.Principal, id, fileID string) ([]byte, error) {
	const op = "complaint.Service.AttachmentThumbnail"
	a, err := s.attachment(ctx, op, p, id, fileID)
	if err != nil {
		return nil, err
	}
	if !a.IsImage() {
		return nil, fairshops.E(op, fairshops.NotFound, fileID, "no image", nil)
	}
	thumb, err := s.files.store.Thumbnail(ctx, fileID)
	if err == nil {
		return thumb, nil
	}
	if fairshops.KindOf(err) != fairshops.NotFound {
		return nil, fairshops.Wrap(op, fileID, err)
	}
	rc, err := s.files.store.Open(ctx, fileID)
	if err != nil {
		return nil, fairshops.Wrap(op, fileID, err)
	}
	defer rc.Close()
	var b bytes.Buffer
	if err := evidence.Thumbnail(&b, rc, ThumbnailSide, evidence.Limits{MaxBytes: s.files.maxBytes}); err != nil {
		return nil, fairshops.E(op, fairshops.Internal, fileID, "thumbnail", err)
	}
	thumb = b.Bytes()
	if err := s.files.store.PutThumbnail(ctx, fileID, thumb); err != nil {
		s.log.ErrorContext(ctx, "thumbnail not kept", "file", fileID, "error", err)
	}
	return thumb, nil
}

// VerifyAttachments checks the files of the complaint id against its
// history: every stored file has its "attachment_added" entry, and the
// SHA-256 of its stored bytes, computed again, is the digest that entry
// holds (and the record's). Together with VerifyHistory this shows that no
// file was swapped after it was added. The error (kind Invalid) names the
// first file that fails. Any party of the complaint may ask.
func (s *Service) VerifyAttachments(ctx context.Context, p fairshops.Principal, id string) error {
	const op = "complaint.Service.VerifyAttachments"
	c, err := s.load(ctx, op, p, id)
	if err != nil {
		return err
	}
	if err := VerifyHistory(c.ID, c.History); err != nil {
		return fairshops.Wrap(op, id, err)
	}
	recorded := map[string]string{}
	for _, e := range c.History {
		if e.Action != actionAttached {
			continue
		}
		if fid, sum, ok := parseHistoryDetail(e.Detail); ok {
			recorded[fid] = sum
		}
	}
	if s.files.store == nil {
		return nil
	}
	list, err := s.files.store.ByComplaint(ctx, id)
	if err != nil {
		return fairshops.Wrap(op, id, err)
	}
	for _, a := range list {
		want, ok := recorded[a.ID]
		if !ok {
			return fairshops.E(op, fairshops.Invalid, a.ID, "file without history entry", nil)
		}
		got, err := s.rehash(ctx, a.ID)
		if err != nil {
			return fairshops.Wrap(op, a.ID, err)
		}
		if got != want || got != a.SHA256 {
			return fairshops.E(op, fairshops.Invalid, a.ID, "stored bytes do not match the recorded SHA-256", nil)
		}
	}
	return nil
}

func (s *Service) rehash(ctx context.Context, fileID string) (string, error) {
	rc, err := s.files.store.Open(ctx, fileID)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// chunks holds cleaned bytes in fixed-size pieces: it grows without
// copying (a bytes.Buffer doubles and copies, up to twice the file), and
// reads back as one stream.
type chunks struct {
	parts [][]byte
}

const chunkSize = 256 << 10

func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(c.parts) == 0 || len(c.parts[len(c.parts)-1]) == chunkSize {
			c.parts = append(c.parts, make([]byte, 0, chunkSize))
		}
		last := &c.parts[len(c.parts)-1]
		k := min(chunkSize-len(*last), len(p))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

func (c *chunks) reader() io.Reader {
	rs := make([]io.Reader, len(c.parts))
	for i, p := range c.parts {
		rs[i] = bytes.NewReader(p)
	}
	return io.MultiReader(rs...)
}
