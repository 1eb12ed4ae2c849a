package carrierclaim

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/evidence"
)

// The carrier's own documents (issue 17; docs/adr-carrier-claims.md): what
// the carrier's claims desk uploads through its private link (a damage
// report, an invoice of its own, a photo of the depot) goes through the
// attachment pipeline of the complaints (evidence.Clean: type by content,
// metadata removed, the same size limit) and is kept as a file of the
// claim, not of the complaint: the consumer never sees it (it belongs to
// the shop's claim against the carrier), the shop and the operator do.
// Each upload is an entry "document_added" in the claim's hash-chained
// history, with the file's ID and SHA-256, and the event
// carrier_claim.document_added.

// ContextClaim is the context of a carrier's document
// (complaint.Attachment.Context): ContextClaim and the claim's ID.
const ContextClaim = "carrier_claim:"

// ActionDocument is the history action of a carrier's upload; its detail is
// "file <id> sha256 <hex>".
const ActionDocument = "document_added"

// Documents keeps the carrier's documents, each record with its bytes, in
// the shape of complaint.Files: adapters implement it and pass
// carrierclaim/storetest.RunDocuments. Create reads content to its end and
// stores record and bytes in one unit of work (Conflict when the ID
// exists); Open streams the bytes (the caller closes); ByClaim returns the
// records whose Context is ContextClaim+claimID ordered by CreatedAt, then
// ID; Delete removes a record with its bytes (NotFound when none).
type Documents interface {
	Create(ctx context.Context, a *complaint.Attachment, content io.Reader) error
	Get(ctx context.Context, id string) (*complaint.Attachment, error)
	Open(ctx context.Context, id string) (io.ReadCloser, error)
	ByClaim(ctx context.Context, claimID string) ([]*complaint.Attachment, error)
	Delete(ctx context.Context, id string) error
}

func (s *Service) documents(op string) error {
	if s.docs == nil {
		return fairshops.E(op, fairshops.NotAllowed, "", "no document store configured", nil)
	}
	return nil
}

// MaxDocuments is the number of documents the carrier may upload per claim.
func (s *Service) MaxDocuments() int { return s.maxDocs }

// MaxDocumentBytes is the size limit of one document, so that an HTTP layer
// can bound a request body before it reaches the Service.
func (s *Service) MaxDocumentBytes() int64 { return s.maxDocBytes }

// CarrierUpload stores a document the carrier uploads through the link of
// the claim (NotFound for a wrong or revoked token; NotAllowed once the
// claim is final or without a document store). The content is cleaned as
// every attachment is; a refused file is a *fairshops.ValidationError on
// field "file" (file_empty, file_too_large, file_type, ...; too_many
// beyond MaxDocuments).
func (s *Service) CarrierUpload(ctx context.Context, claimID string, tok fairshops.Token, name string, content io.Reader) (*complaint.Attachment, error) {
	const op = "carrierclaim.Service.CarrierUpload"
	c, err := s.byToken(ctx, op, claimID, tok)
	if err != nil {
		return nil, err
	}
	if err := s.documents(op); err != nil {
		return nil, err
	}
	if c.State.Final() {
		return nil, fairshops.E(op, fairshops.NotAllowed, claimID, "claim is closed", nil)
	}
	have, err := s.docs.ByClaim(ctx, claimID)
	if err != nil {
		return nil, fairshops.Wrap(op, claimID, err)
	}
	if len(have) >= s.maxDocs {
		return nil, tooManyDocs(op, s.maxDocs)
	}
	var buf strings.Builder
	info, err := evidence.Clean(&buf, content, evidence.Limits{MaxBytes: s.maxDocBytes})
	if err != nil {
		var ve *fairshops.ValidationError
		if errors.As(err, &ve) {
			return nil, err
		}
		return nil, fairshops.Wrap(op, claimID, err)
	}
	now, _ := s.now()
	fid, err := fairshops.NewIDFrom(s.rand, "f")
	if err != nil {
		return nil, fairshops.E(op, fairshops.Internal, claimID, "draw file id", err)
	}
	a := &complaint.Attachment{ID: fid, ComplaintID: c.ComplaintID, Owner: RoleCarrier, Context: ContextClaim + claimID,
		Name: complaint.CleanName(name), Type: info.Type, Size: info.Size, SHA256: info.SHA256,
		Width: info.Width, Height: info.Height, CreatedAt: now}
	if ext := evidence.Extension(info.Type); ext != "" && !strings.HasSuffix(strings.ToLower(a.Name), ext) &&
		!(ext == ".jpg" && strings.HasSuffix(strings.ToLower(a.Name), ".jpeg")) {
		a.Name = complaint.CleanName(a.Name + ext)
	}
	if err := s.docs.Create(ctx, a, strings.NewReader(buf.String())); err != nil {
		return nil, fairshops.Wrap(op, claimID, err)
	}
	hash := tok.Hash()
	_, err = s.apply(ctx, op, claimID, func(c *Claim) bool { return c.InviteHash != "" && c.InviteHash == hash },
		func(c *Claim, at time.Time, _ fairshops.Date) ([]fairshops.Event, error) {
			if c.State.Final() {
				return nil, fairshops.E(op, fairshops.NotAllowed, claimID, "claim is closed", nil)
			}
			c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: at, Actor: fairshops.Actor{Role: RoleCarrier},
				Action: ActionDocument, Detail: "file " + a.ID + " sha256 " + a.SHA256})
			ev, err := newEvent(EventDocument, c, at, EventData{File: a.ID})
			return []fairshops.Event{ev}, err
		})
	if err != nil {
		if derr := s.docs.Delete(context.WithoutCancel(ctx), a.ID); derr != nil {
			s.log.ErrorContext(ctx, "carrier document left without history", "claim", claimID, "file", a.ID, "error", derr)
		}
		return nil, err
	}
	s.log.InfoContext(ctx, "carrier document added", "claim", claimID, "file", a.ID, "type", a.Type, "size", a.Size)
	return a, nil
}

func tooManyDocs(op string, max int) error {
	var pr fairshops.Problems
	pr.Add("file", fairshops.ReasonTooMany, max)
	return pr.Err(op)
}

// Documents returns the carrier's documents of the claim to its shop and
// the operator (NotFound for anyone else), oldest first.
func (s *Service) Documents(ctx context.Context, p fairshops.Principal, claimID string) ([]*complaint.Attachment, error) {
	const op = "carrierclaim.Service.Documents"
	if _, err := s.Get(ctx, p, claimID); err != nil {
		return nil, fairshops.Wrap(op, claimID, err)
	}
	return s.docsOf(ctx, op, claimID)
}

func (s *Service) docsOf(ctx context.Context, op, claimID string) ([]*complaint.Attachment, error) {
	if s.docs == nil {
		return []*complaint.Attachment{}, nil
	}
	list, err := s.docs.ByClaim(ctx, claimID)
	if err != nil {
		return nil, fairshops.Wrap(op, claimID, err)
	}
	if list == nil {
		list = []*complaint.Attachment{}
	}
	return list, nil
}

// OpenDocument opens a carrier's document of the claim for its shop or the
// operator (NotFound for anyone else, and for a file of another claim).
// The caller closes the reader.
func (s *Service) OpenDocument(ctx context.Context, p fairshops.Principal, claimID, fileID string) (*complaint.Attachment, io.ReadCloser, error) {
	const op = "carrierclaim.Service.OpenDocument"
	if _, err := s.Get(ctx, p, claimID); err != nil {
		return nil, nil, fairshops.Wrap(op, claimID, err)
	}
	return s.openDoc(ctx, op, claimID, fileID)
}

func (s *Service) openDoc(ctx context.Context, op, claimID, fileID string) (*complaint.Attachment, io.ReadCloser, error) {
	if s.docs == nil {
		return nil, nil, fairshops.E(op, fairshops.NotFound, fileID, "", nil)
	}
	a, err := s.docs.Get(ctx, fileID)
	if err != nil {
		return nil, nil, fairshops.Wrap(op, fileID, err)
	}
	if a.Context != ContextClaim+claimID {
		return nil, nil, fairshops.E(op, fairshops.NotFound, fileID, "", nil)
	}
	rc, err := s.docs.Open(ctx, fileID)
	if err != nil {
		return nil, nil, fairshops.Wrap(op, fileID, err)
	}
	return a, rc, nil
}

// IsDocument reports whether a is a carrier's document (not a file of the
// complaint the consumer shared).
func IsDocument(a *complaint.Attachment) bool {
	return a.Owner == RoleCarrier && strings.HasPrefix(a.Context, ContextClaim)
}

// eraseDocuments deletes every document of the claim with its bytes.
func eraseDocuments(ctx context.Context, docs Documents, claimID string) error {
	if docs == nil {
		return nil
	}
	list, err := docs.ByClaim(ctx, claimID)
	if err != nil {
		return err
	}
	for _, a := range list {
		if err := docs.Delete(ctx, a.ID); err != nil && !errors.Is(err, fairshops.ErrNotFound) {
			return err
		}
	}
	return nil
}

// TakesDocuments reports whether the service keeps the carrier's documents
// (Config.Documents), so that a page offers the upload.
func (s *Service) TakesDocuments() bool { return s.docs != nil }
