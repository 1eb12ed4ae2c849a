package complaint

import (
	"context"
	"io"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Attachment is the record of one file of evidence on a complaint: a photo
// or a PDF the consumer, the shop or the operator added to the complaint
// form, to a message or to a mediation statement. The bytes live beside it
// in the Files port; they are what evidence.Clean wrote (type by content,
// metadata removed), and SHA256 is their digest, also recorded in the
// complaint's hash-chained history when the file was added.
type Attachment struct {
	ID          string         `json:"id"`        // fairshops.NewID("f"): opaque and unguessable
	ComplaintID string         `json:"complaint"` // the complaint it belongs to
	Owner       fairshops.Role `json:"owner"`     // who added it: consumer, shop or operator
	// Context says where the file was added: ContextComplaint, "message:"
	// and a message ID, or "statement:" and a mediation case ID.
	Context string `json:"context"`
	Name    string `json:"name"`   // the sanitised display name
	Type    string `json:"type"`   // the media type found in the content (evidence.JPEG, ...)
	Size    int64  `json:"size"`   // bytes stored
	SHA256  string `json:"sha256"` // hex SHA-256 of the bytes stored
	Width   int    `json:"width,omitempty"`
	Height  int    `json:"height,omitempty"`
	// ModeratorOnly: in a mediation, the party that added the file shows it
	// to the moderator (the operator) only, not to the other party.
	ModeratorOnly bool      `json:"moderator_only,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// Contexts of an attachment (Attachment.Context).
const (
	ContextComplaint = "complaint"  // the complaint form, or the complaint as a whole
	ContextMessage   = "message:"   // + the ID of a message of the thread
	ContextStatement = "statement:" // + the ID of the mediation case the statement belongs to
)

// Limits of attachments (Config.MaxFiles, Config.MaxFileBytes).
const (
	DefaultMaxFiles     = 20
	DefaultMaxFileBytes = 10 << 20
	// MaxFileName is the longest display name kept, in runes.
	MaxFileName = 120
)

// IsImage reports whether the attachment is a picture (it has a thumbnail).
func (a *Attachment) IsImage() bool { return strings.HasPrefix(a.Type, "image/") }

// Files keeps the attachments of complaints: each file's record and its
// bytes. It is the port of the Service's attachment methods; adapters
// implement it (adapters/memory, adapters/sql) and complaint/storetest's
// RunFiles is its conformance suite. A Files store never looks into the
// bytes: the Service cleans them before and checks access.
//
// Records are copied in and out. Create reads content to its end and stores
// record and bytes in one unit of work (nothing of a failed Create stays);
// Conflict when the ID exists. Open streams the bytes; the caller closes the
// reader. ByComplaint returns every record of a complaint ordered by
// CreatedAt, then ID (unpaged: the Service bounds the count per complaint).
// Delete removes a record with its bytes and thumbnail (the Service's undo
// when the history entry cannot be written). Thumbnails are kept beside the
// file, made once and stored with PutThumbnail; Thumbnail is NotFound until
// then.
type Files interface {
	Create(ctx context.Context, a *Attachment, content io.Reader) error
	Get(ctx context.Context, id string) (*Attachment, error)
	Open(ctx context.Context, id string) (io.ReadCloser, error)
	ByComplaint(ctx context.Context, complaintID string) ([]*Attachment, error)
	Delete(ctx context.Context, id string) error
	PutThumbnail(ctx context.Context, id string, thumb []byte) error
	Thumbnail(ctx context.Context, id string) ([]byte, error)
}

// Upload describes a file a principal adds (Service.Attach); the bytes come
// separately as a stream.
type Upload struct {
	Name          string // the name the file had on the caller's device
	Context       string // "" (ContextComplaint), "message:<id>" or "statement:<case id>"
	ModeratorOnly bool   // only in a statement's context
}

// CleanName makes a display name of a file name sent by a browser or a
// client: the last path element, without control characters and
// characters that mean something in a header or a path, at most
// MaxFileName runes; "file" when nothing is left.
func CleanName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base("/" + name)
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), r == '"', r == '/', r == '\\', r == '<', r == '>', r == ':', r == '*',
			r == '?', r == '|', unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.Trim(name, "."))
	if utf8.RuneCountInString(name) > MaxFileName {
		name = string([]rune(name)[:MaxFileName])
	}
	if name == "" {
		return "file"
	}
	return name
}

// visibleTo reports whether p, who may read the complaint, may see a: every
// party sees the files of the complaint, but a file marked ModeratorOnly
// only the operator and the party that added it.
func visibleTo(p fairshops.Principal, a *Attachment) bool {
	return !a.ModeratorOnly || p.Role == fairshops.RoleOperator || p.Role == a.Owner
}

// historyDetail is the detail of the history entry "attachment_added": the
// file's ID and the SHA-256 of its bytes, which the hash chain then holds.
func historyDetail(a *Attachment) string {
	return "file " + a.ID + " sha256 " + a.SHA256
}

// parseHistoryDetail reads historyDetail back.
func parseHistoryDetail(s string) (id, sum string, ok bool) {
	f := strings.Fields(s)
	if len(f) != 4 || f[0] != "file" || f[2] != "sha256" {
		return "", "", false
	}
	return f[1], f[3], true
}
