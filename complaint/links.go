package complaint

import (
	"context"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// A consumer's access is the private link /c/{id}?t={token}; only the
// token's hash is stored (Complaint.TokenHash). So that the access cannot
// be lost, the Service mails the link (docs/adr-private-links.md):
//
//   - at filing, the confirmation mail to the contact address carries it
//     (LinkMailer, called directly after the complaint is stored; the token
//     never enters the outbox, an event or a webhook);
//   - on request (ResendLinks), every complaint of the address gets a fresh
//     token, which replaces the old one (old links stop working), and one
//     mail carries the fresh links and, with an OverviewStore, a link to an
//     overview of them all, valid for Config.OverviewTTL.

// Kinds of access mails (AccessMail.Kind).
const (
	MailFiled  = "filed"  // the confirmation of a new complaint
	MailResend = "resend" // fresh links on request
)

// AccessMail is one mail with private links. It holds secrets: it is handed
// to the LinkMailer and never stored or logged (the tokens print as
// "[token]").
type AccessMail struct {
	Kind  string // MailFiled or MailResend
	To    Contact
	Lang  fairshops.Language
	Links []AccessLink
	// Overview is the token of the overview page, "" for none; it expires
	// at OverviewUntil.
	Overview      fairshops.Token
	OverviewUntil time.Time
}

// AccessLink is one complaint's private link in an AccessMail.
type AccessLink struct {
	Complaint string // the ID
	Reference string
	ShopID    string
	State     State
	Token     fairshops.Token
}

// LinkMailer sends access mails (adapters/notify.LinkMailer). It is called
// while the request waits; an error is logged by the Service (without the
// mail) and leaves the complaint as it is.
type LinkMailer interface {
	MailLinks(ctx context.Context, m AccessMail) error
}

// Overview is a stored overview token: the hash of the token of an overview
// link, the normalised address whose complaints it lists, and its end.
type Overview struct {
	Hash      string    // hex SHA-256 of the token (fairshops.Token.Hash)
	Email     string    // NormalizeEmail of the address
	CreatedAt time.Time //
	ExpiresAt time.Time // the link works before this instant
}

// OverviewStore keeps overview tokens by hash (adapters/memory,
// adapters/sql; complaint/storetest covers it). Entries are not versioned:
// they are created, read and swept.
type OverviewStore interface {
	// Create stores an overview; Conflict when the hash exists.
	Create(ctx context.Context, o Overview) error
	// ByHash returns the overview with the hash; NotFound when there is none.
	ByHash(ctx context.Context, hash string) (Overview, error)
	// DeleteExpired deletes the overviews expired at now (ExpiresAt not
	// after now) and returns how many.
	DeleteExpired(ctx context.Context, now time.Time) (int, error)
	// DeleteByEmail deletes the overviews of the address (NormalizeEmail
	// form) and returns how many: the erasure of a complaint (Erase)
	// removes the address everywhere.
	DeleteByEmail(ctx context.Context, email string) (int, error)
}

// DefaultOverviewTTL is how long an overview link works by default.
const DefaultOverviewTTL = 24 * time.Hour

// maxPerAddress bounds the complaints one resend or overview covers.
const maxPerAddress = 100

// mailFiled sends the confirmation with the private link of a complaint
// just filed. A failure is logged and otherwise ignored: the complaint is
// stored, the filing's answer shows the link, and the consumer can ask for
// it again.
func (s *Service) mailFiled(ctx context.Context, c *Complaint, token fairshops.Token) {
	if s.links == nil || c.Contact.Email == "" {
		return
	}
	m := AccessMail{Kind: MailFiled, To: c.Contact, Lang: c.Lang, Links: []AccessLink{
		{Complaint: c.ID, Reference: c.Reference, ShopID: c.ShopID, State: c.State, Token: token}}}
	if err := s.links.MailLinks(ctx, m); err != nil {
		s.log.ErrorContext(ctx, "access mail failed", "complaint", c.ID, "kind", MailFiled, "error", err)
	}
}

// ResendLinks mails fresh private links for the complaints of the address
// email (all of them, or only the one with the reference ref when ref is
// not empty) to that address. Each complaint gets a new token, which
// replaces the old one: links sent before stop working. With an
// OverviewStore the mail also carries an overview link. Without a
// LinkMailer nothing is renewed: the links the consumer has keep working.
//
// It answers the same whether or not the address has complaints: nil, or a
// validation error for an address or reference that is malformed (fields
// "email", "reference"), or a failure of the store or the mailer. Both
// branches query the store and draw tokens, so that the time taken tells
// little; callers that answer the public should still not wait for the
// mail (adapters/http does the work after its answer).
func (s *Service) ResendLinks(ctx context.Context, email, ref string) error {
	const op = "complaint.Service.ResendLinks"
	ref, err := CheckResend(email, ref)
	if err != nil {
		return fairshops.Wrap(op, "", err)
	}
	list, err := s.store.ByEmail(ctx, NormalizeEmail(email), maxPerAddress)
	if err != nil {
		return fairshops.Wrap(op, "", err)
	}
	mine := list[:0]
	for _, c := range list {
		if ref == "" || c.Reference == ref {
			mine = append(mine, c)
		}
	}
	if len(mine) == 0 || s.links == nil {
		// Nothing to mail, or no way to mail it: renewing would only
		// break the links the consumer has. The same work as one renewal,
		// thrown away.
		t, err := fairshops.NewToken(s.rand)
		if err == nil {
			_ = t.Hash()
		}
		return nil
	}
	m := AccessMail{Kind: MailResend, To: mine[len(mine)-1].Contact, Lang: mine[len(mine)-1].Lang}
	for _, c := range mine {
		c, token, err := s.renew(ctx, op, c)
		if err != nil {
			return err
		}
		m.Links = append(m.Links, AccessLink{Complaint: c.ID, Reference: c.Reference, ShopID: c.ShopID,
			State: c.State, Token: token})
	}
	if s.overviews != nil {
		now, _ := s.now()
		token, err := fairshops.NewToken(s.rand)
		if err != nil {
			return fairshops.E(op, fairshops.Internal, "", "draw token", err)
		}
		o := Overview{Hash: token.Hash(), Email: NormalizeEmail(email), CreatedAt: now, ExpiresAt: now.Add(s.overviewTTL)}
		if err := s.overviews.Create(ctx, o); err != nil {
			return fairshops.Wrap(op, "", err)
		}
		m.Overview, m.OverviewUntil = token, o.ExpiresAt
	}
	if err := s.links.MailLinks(ctx, m); err != nil {
		return fairshops.E(op, fairshops.KindOf(err), "", "mail links", err)
	}
	return nil
}

// CheckResend checks a request for links (ResendLinks) without looking
// anything up: the address (field "email") must be one, the reference
// (field "reference") empty or one. It returns the reference in canonical
// form. Callers that do the work later check the request at once with it.
func CheckResend(email, ref string) (string, error) {
	var p fairshops.Problems
	checkEmail(&p, "email", email)
	if ref != "" {
		if canon, err := ParseReference(ref); err != nil {
			p.Merge("", err)
		} else {
			ref = canon
		}
	}
	if err := p.Err("complaint.CheckResend"); err != nil {
		return "", err
	}
	return ref, nil
}

// renew gives the complaint a fresh token in one Update (retried on a
// Conflict with the fresh complaint) and records it in the history.
func (s *Service) renew(ctx context.Context, op string, c *Complaint) (*Complaint, fairshops.Token, error) {
	for attempt := 0; ; attempt++ {
		token, err := fairshops.NewToken(s.rand)
		if err != nil {
			return nil, "", fairshops.E(op, fairshops.Internal, c.ID, "draw token", err)
		}
		now, _ := s.now()
		c.TokenHash = token.Hash()
		c.record(now, fairshops.Actor{Role: fairshops.RoleSystem}, "link_renewed", "")
		c.UpdatedAt = now
		err = s.store.Update(ctx, c, nil)
		if err == nil {
			return outward(c), token, nil
		}
		if fairshops.KindOf(err) != fairshops.Conflict || attempt >= maxRetries {
			return nil, "", fairshops.Wrap(op, c.ID, err)
		}
		if c, err = s.store.Get(ctx, c.ID); err != nil {
			return nil, "", fairshops.Wrap(op, c.ID, err)
		}
	}
}

// overview returns the live overview of the token; NotFound when there is
// none or it has expired.
func (s *Service) overview(ctx context.Context, op string, token fairshops.Token) (Overview, error) {
	if s.overviews == nil || token == "" {
		return Overview{}, fairshops.E(op, fairshops.NotFound, "", "no such overview", nil)
	}
	o, err := s.overviews.ByHash(ctx, token.Hash())
	if err != nil {
		return Overview{}, fairshops.Wrap(op, "", err)
	}
	if now, _ := s.now(); !now.Before(o.ExpiresAt) {
		return Overview{}, fairshops.E(op, fairshops.NotFound, "", "overview expired", nil)
	}
	return o, nil
}

// Overview returns the complaints of the address an overview link was
// mailed to (oldest first) and when the link expires. NotFound when the
// token is unknown or expired. The complaints carry no tokens: the overview
// page opens each one with OpenFromOverview.
func (s *Service) Overview(ctx context.Context, token fairshops.Token) ([]*Complaint, time.Time, error) {
	const op = "complaint.Service.Overview"
	o, err := s.overview(ctx, op, token)
	if err != nil {
		return nil, time.Time{}, err
	}
	list, err := s.store.ByEmail(ctx, o.Email, maxPerAddress)
	if err != nil {
		return nil, time.Time{}, fairshops.Wrap(op, "", err)
	}
	for i, c := range list {
		list[i] = outward(c)
	}
	return list, o.ExpiresAt, nil
}

// OpenFromOverview gives the complaint id, which must be one of the
// overview's, a fresh private token and returns it (the old link stops
// working, as with ResendLinks). NotFound when the overview is unknown or
// expired, or the complaint is not one of its.
func (s *Service) OpenFromOverview(ctx context.Context, token fairshops.Token, id string) (fairshops.Token, error) {
	const op = "complaint.Service.OpenFromOverview"
	o, err := s.overview(ctx, op, token)
	if err != nil {
		return "", err
	}
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return "", fairshops.Wrap(op, id, err)
	}
	if NormalizeEmail(c.Contact.Email) != o.Email {
		return "", fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	_, fresh, err := s.renew(ctx, op, c)
	return fresh, err
}

// SweepOverviews deletes the expired overview tokens and returns how many.
func (s *Service) SweepOverviews(ctx context.Context) (int, error) {
	if s.overviews == nil {
		return 0, nil
	}
	now, _ := s.now()
	n, err := s.overviews.DeleteExpired(ctx, now)
	if err != nil {
		return 0, fairshops.Wrap("complaint.Service.SweepOverviews", "", err)
	}
	return n, nil
}

// ByReference returns the complaint with the reference (typed as people
// type it: ParseReference) if p may read it: the operator any, a shop its
// own forwarded ones. Invalid for a malformed reference; NotFound when there
// is no such complaint or p may not read it.
func (s *Service) ByReference(ctx context.Context, p fairshops.Principal, ref string) (*Complaint, error) {
	const op = "complaint.Service.ByReference"
	if !wellFormed(p) || p.Role == fairshops.RoleConsumer {
		return nil, fairshops.E(op, fairshops.Forbidden, "", "", nil)
	}
	canon, err := ParseReference(ref)
	if err != nil {
		return nil, fairshops.Wrap(op, "", err)
	}
	c, err := s.store.ByReference(ctx, canon)
	if err != nil {
		return nil, fairshops.Wrap(op, canon, err)
	}
	if !canRead(p, c) {
		return nil, fairshops.E(op, fairshops.NotFound, canon, "", nil)
	}
	return outward(c), nil
}
