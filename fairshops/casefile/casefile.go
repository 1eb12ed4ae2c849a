// Package casefile seals the case file of a complaint so that a court, an
// ADR body or the other party can check it offline: every part (the
// complaint with its thread and hash-chained history, each mediation case
// with its statements, proposals, settlement and history) is kept byte for
// byte with its SHA-256, and a manifest of the parts' digests, the subject
// and the date is signed with the service's Ed25519 key. Verify says
// exactly what was changed: which part's bytes, which entry of which
// history, or the manifest (subject, date, key or a digest) under the
// signature.
//
// Keys rotate: a file names the ID of the key that sealed it, and the
// service publishes every key it ever sealed with (PublicKey, served at
// /.well-known/konfliktservice-keys.json by adapters/http), so files sealed
// before a rotation keep verifying.
package casefile

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Format names the document and its version.
const Format = "konfliktservice.casefile/1"

// The types of the parts whose histories Verify checks.
const (
	TypeComplaint = "application/vnd.konfliktservice.complaint+json" // a complaint.Complaint: "id", "history" (plain entries)
	TypeCase      = "application/vnd.konfliktservice.case+json"      // a mediation.Case: "id", "history" (edit entries)
)

// Key is a signing key with its ID.
type Key struct {
	ID      string
	Private ed25519.PrivateKey
}

// NewKey derives the key from a 32-byte seed.
func NewKey(id string, seed []byte) (Key, error) {
	if id == "" {
		return Key{}, errors.New("casefile: a key needs an ID")
	}
	if len(seed) != ed25519.SeedSize {
		return Key{}, fmt.Errorf("casefile: a seed has %d bytes, not %d", ed25519.SeedSize, len(seed))
	}
	return Key{ID: id, Private: ed25519.NewKeyFromSeed(seed)}, nil
}

// Public returns the key's public half for publication.
func (k Key) Public() PublicKey {
	return PublicKey{ID: k.ID, Alg: "Ed25519", Key: k.Private.Public().(ed25519.PublicKey)}
}

// PublicKey is a published verification key.
type PublicKey struct {
	ID  string            `json:"id"`
	Alg string            `json:"alg"`        // always "Ed25519"
	Key ed25519.PublicKey `json:"public_key"` // base64
	// Current marks the key new files are sealed with.
	Current bool `json:"current,omitempty"`
}

// KeySet is the published list of keys.
type KeySet struct {
	Keys []PublicKey `json:"keys"`
}

// Part is one document of a case file.
type Part struct {
	Name   string `json:"name"`   // "complaint", "case c_...", "file a_..."
	Type   string `json:"type"`   // a media type; TypeComplaint and TypeCase have their histories checked
	SHA256 string `json:"sha256"` // hex digest of Data
	Data   []byte `json:"data"`   // base64
}

// File is a sealed case file.
type File struct {
	Format    string    `json:"format"`
	Subject   string    `json:"subject"` // the complaint's ID
	SealedAt  time.Time `json:"sealed_at"`
	KeyID     string    `json:"key_id"`
	Parts     []Part    `json:"parts"`
	Signature []byte    `json:"signature"` // Ed25519 over Manifest, base64
}

// Seal builds the file of the subject from its parts, fills in their
// digests and signs the manifest with k.
func Seal(k Key, subject string, at time.Time, parts []Part) (*File, error) {
	if len(k.Private) != ed25519.PrivateKeySize {
		return nil, errors.New("casefile: no signing key")
	}
	f := &File{Format: Format, Subject: subject, SealedAt: at.UTC(), KeyID: k.ID}
	for _, p := range parts {
		p.SHA256 = digest(p.Data)
		f.Parts = append(f.Parts, p)
	}
	f.Signature = ed25519.Sign(k.Private, f.Manifest())
	return f, nil
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Manifest is what the signature covers: one JSON array, without
// whitespace, of the format, the subject, the sealing time (RFC 3339 with
// nanoseconds, UTC), the key ID and [name, type, sha256] of every part in
// order. Any language can recompute it.
func (f *File) Manifest() []byte {
	parts := make([][3]string, len(f.Parts))
	for i, p := range f.Parts {
		parts[i] = [3]string{p.Name, p.Type, p.SHA256}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode([]any{f.Format, f.Subject, f.SealedAt.UTC().Format(time.RFC3339Nano), f.KeyID, parts})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Problem is one thing Verify found changed or wrong.
type Problem struct {
	Part string `json:"part,omitempty"` // the part's name; "" for the file as a whole
	What string `json:"what"`
}

func (p Problem) String() string {
	if p.Part == "" {
		return p.What
	}
	return p.Part + ": " + p.What
}

// Verify checks a file against the published keys and returns every
// problem, none for an intact file: each part's bytes against its digest,
// the history of each complaint and case part entry by entry (naming the
// first entry that does not verify), and the signature over the manifest.
func Verify(f *File, keys []PublicKey) []Problem {
	var out []Problem
	if f.Format != Format {
		out = append(out, Problem{What: fmt.Sprintf("format %q is not %s", f.Format, Format)})
	}
	for _, p := range f.Parts {
		if digest(p.Data) != p.SHA256 {
			out = append(out, Problem{Part: p.Name, What: "content changed: its SHA-256 is not the one sealed"})
		}
		enc := fairshops.EntryEncoding(0)
		switch p.Type {
		case TypeComplaint:
			enc = fairshops.PlainEntries
		case TypeCase:
			enc = fairshops.EditEntries
		default:
			continue
		}
		var doc struct {
			ID      string            `json:"id"`
			History fairshops.History `json:"history"`
		}
		if err := json.Unmarshal(p.Data, &doc); err != nil {
			out = append(out, Problem{Part: p.Name, What: "no longer a readable document: " + err.Error()})
			continue
		}
		if err := doc.History.Verify("casefile", doc.ID, enc); err != nil {
			var fe *fairshops.Error
			what := err.Error()
			if errors.As(err, &fe) {
				what = fe.Detail
			}
			out = append(out, Problem{Part: p.Name, What: "history: " + what})
		}
	}
	var key *PublicKey
	for i := range keys {
		if keys[i].ID == f.KeyID {
			key = &keys[i]
		}
	}
	switch {
	case key == nil:
		out = append(out, Problem{What: fmt.Sprintf("sealed with key %q, which is not among the published keys", f.KeyID)})
	case len(key.Key) != ed25519.PublicKeySize || !ed25519.Verify(key.Key, f.Manifest(), f.Signature):
		out = append(out, Problem{What: "the signature does not match the manifest: the subject, the sealing time, the key, a part's name, type or digest, or the signature was changed"})
	}
	return out
}

// Decode reads a file strictly (unknown keys refused).
func Decode(b []byte) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("casefile: not a case file: %w", err)
	}
	return &f, nil
}
