package carrierclaim

import (
	"context"
	"io"
	"slices"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The consumer's consent to show the carrier a file (issue 17, item 2): per
// file, not shared by default, revocable. The consent belongs to the
// complaint, not to the claim: a consumer shares the photo of the damage
// before (or without) any claim. The carrier sees a file only while it is
// shared, only the consumer's own files, and only through the link of the
// claim on the same complaint.

// Share is one file the consumer shared with the carrier.
type Share struct {
	ComplaintID string    `json:"complaint"`
	FileID      string    `json:"file"`
	At          time.Time `json:"at"`
}

// Shares keeps the consents; adapters implement it and pass
// carrierclaim/storetest.RunShares. Create is idempotent (sharing twice
// keeps the first time); Delete of a file not shared is no error;
// ByComplaint returns the complaint's shares ordered by file ID.
type Shares interface {
	Create(ctx context.Context, s Share) error
	Delete(ctx context.Context, complaintID, fileID string) error
	ByComplaint(ctx context.Context, complaintID string) ([]Share, error)
}

// Files is what the service reads of the complaint's attachments:
// complaint.Service fits. The service calls it as the consumer (to check
// what the consumer shares) and as the system's reader on behalf of the
// carrier (see CarrierFile).
type Files interface {
	Attachments(ctx context.Context, p fairshops.Principal, id string) ([]*complaint.Attachment, error)
	OpenAttachment(ctx context.Context, p fairshops.Principal, id, fileID string) (*complaint.Attachment, io.ReadCloser, error)
}

// reader is how the service reads a shared file for the carrier: as the
// operator's role, which sees every file of the complaint; the service
// itself narrows that to the consumer's own files the consumer shared.
var reader = fairshops.AsOperator("carrier link")

func (s *Service) sharing(op string) error {
	if s.shares == nil || s.files == nil {
		return fairshops.E(op, fairshops.NotAllowed, "", "no file sharing configured", nil)
	}
	return nil
}

// SetShared shares the consumer's file with the carrier, or takes the
// consent back. Only the consumer of the complaint may (NotFound for anyone
// else), only for a file the consumer added (NotFound otherwise).
func (s *Service) SetShared(ctx context.Context, p fairshops.Principal, complaintID, fileID string, shared bool) error {
	const op = "carrierclaim.Service.SetShared"
	if err := s.sharing(op); err != nil {
		return err
	}
	if p.Role != fairshops.RoleConsumer {
		return fairshops.E(op, fairshops.NotFound, fileID, "", nil)
	}
	files, err := s.files.Attachments(ctx, p, complaintID)
	if err != nil {
		return fairshops.Wrap(op, complaintID, err)
	}
	if !slices.ContainsFunc(files, func(a *complaint.Attachment) bool {
		return a.ID == fileID && a.Owner == fairshops.RoleConsumer
	}) {
		return fairshops.E(op, fairshops.NotFound, fileID, "", nil)
	}
	if !shared {
		return fairshops.Wrap(op, fileID, s.shares.Delete(ctx, complaintID, fileID))
	}
	now, _ := s.now()
	return fairshops.Wrap(op, fileID, s.shares.Create(ctx, Share{ComplaintID: complaintID, FileID: fileID, At: now}))
}

// Shared returns the IDs of the complaint's files shared with the carrier,
// to the consumer (for the switches of the case page).
func (s *Service) Shared(ctx context.Context, p fairshops.Principal, complaintID string) ([]string, error) {
	const op = "carrierclaim.Service.Shared"
	if err := s.sharing(op); err != nil {
		return nil, err
	}
	if p.Role != fairshops.RoleConsumer {
		return nil, fairshops.E(op, fairshops.NotFound, complaintID, "", nil)
	}
	if _, err := s.complaints.Get(ctx, p, complaintID); err != nil {
		return nil, fairshops.Wrap(op, complaintID, err)
	}
	return s.sharedIDs(ctx, op, complaintID)
}

func (s *Service) sharedIDs(ctx context.Context, op, complaintID string) ([]string, error) {
	list, err := s.shares.ByComplaint(ctx, complaintID)
	if err != nil {
		return nil, fairshops.Wrap(op, complaintID, err)
	}
	ids := make([]string, len(list))
	for i, sh := range list {
		ids[i] = sh.FileID
	}
	return ids, nil
}

// CarrierFiles returns the records of the files shared with the carrier of
// the claim and of the carrier's own documents (documents.go), in that
// order, to the holder of its link token (NotFound for anyone else).
func (s *Service) CarrierFiles(ctx context.Context, claimID string, tok fairshops.Token) ([]*complaint.Attachment, error) {
	const op = "carrierclaim.Service.CarrierFiles"
	c, err := s.byToken(ctx, op, claimID, tok)
	if err != nil {
		return nil, err
	}
	out, err := s.sharedFiles(ctx, op, c)
	if err != nil {
		return nil, err
	}
	docs, err := s.docsOf(ctx, op, claimID)
	if err != nil {
		return nil, err
	}
	return append(out, docs...), nil
}

func (s *Service) sharedFiles(ctx context.Context, op string, c *Claim) ([]*complaint.Attachment, error) {
	out := []*complaint.Attachment{}
	if s.sharing(op) != nil {
		return out, nil
	}
	ids, err := s.sharedIDs(ctx, op, c.ComplaintID)
	if err != nil {
		return nil, err
	}
	all, err := s.files.Attachments(ctx, reader, c.ComplaintID)
	if err != nil {
		return nil, fairshops.Wrap(op, c.ID, err)
	}
	for _, a := range all {
		if a.Owner == fairshops.RoleConsumer && slices.Contains(ids, a.ID) {
			out = append(out, a)
		}
	}
	return out, nil
}

// CarrierFile opens a file shared with the carrier of the claim, or one of
// the carrier's own documents, for the holder of its link token; a file not
// shared (or no longer) is NotFound. The caller closes the reader.
func (s *Service) CarrierFile(ctx context.Context, claimID string, tok fairshops.Token, fileID string) (*complaint.Attachment, io.ReadCloser, error) {
	const op = "carrierclaim.Service.CarrierFile"
	files, err := s.CarrierFiles(ctx, claimID, tok)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(files, func(a *complaint.Attachment) bool { return a.ID == fileID })
	if i < 0 {
		return nil, nil, fairshops.E(op, fairshops.NotFound, fileID, "", nil)
	}
	if IsDocument(files[i]) {
		return s.openDoc(ctx, op, claimID, fileID)
	}
	a, rc, err := s.files.OpenAttachment(ctx, reader, files[i].ComplaintID, fileID)
	if err != nil {
		return nil, nil, fairshops.Wrap(op, fileID, err)
	}
	return a, rc, nil
}
