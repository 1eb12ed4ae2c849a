package account

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Invitations: the operator invites a shop login or another operator by
// mail; the invitee opens the link, sets a password, and the account
// exists. Links are one-time tokens (Tokens): random, stored as SHA-256
// only, used once by a conditional write, and good for InvitationTTL.

// MaxEmail bounds an e-mail address.
const MaxEmail = 254

// InviteInput is who the operator invites.
type InviteInput struct {
	Role   Role
	ShopID string // for Shop
	Login  string
	Email  string
	Lang   fairshops.Language // of the mail; German when empty
}

// Shops finds a shop by ID (a *fairshops.Registry): an invitation of a
// shop login names a shop that exists.
type Shops interface {
	Shop(ctx context.Context, id string) (*fairshops.Shop, error)
}

// errNoMail refuses invitations and resets when no Tokens or Mailer is
// configured.
var errNoMail = fairshops.E("account", fairshops.NotAllowed, "", "invitations and resets need Tokens and a Mailer", nil)

// Invite creates an invitation and mails its link to the invitee. Only the
// operator invites. Every wrong field is reported at once; a login that
// exists is a duplicate. If the mail cannot be sent the invitation is
// deleted again and the error returned: nothing half done.
func (s *Service) Invite(ctx context.Context, by Identity, in InviteInput) (*OneTimeToken, error) {
	const op = "account.Invite"
	if s.tokens == nil || s.mailer == nil {
		return nil, errNoMail
	}
	if by.Role != Operator {
		return nil, fairshops.E(op, fairshops.Forbidden, "", "only the operator invites", nil)
	}
	in.Login = strings.ToLower(strings.TrimSpace(in.Login))
	var p fairshops.Problems
	switch in.Role {
	case Operator:
		if in.ShopID != "" {
			p.Add("shop_id", fairshops.ReasonNotAllowedHere, "an operator")
		}
	case Shop:
		if in.ShopID == "" {
			p.Add("shop_id", fairshops.ReasonRequired)
		}
	default:
		p.Add("role", fairshops.ReasonUnknownValue, string(in.Role))
	}
	checkLogin(&p, in.Login)
	checkEmail(&p, in.Email)
	if in.Lang != fairshops.English {
		in.Lang = fairshops.German
	}
	if in.Role == Shop && in.ShopID != "" && s.shops != nil {
		switch _, err := s.shops.Shop(ctx, in.ShopID); {
		case errors.Is(err, fairshops.ErrNotFound):
			p.Add("shop_id", fairshops.ReasonDangling, in.ShopID)
		case err != nil:
			return nil, err
		}
	}
	if p.Len() == 0 {
		switch _, err := s.accounts.ByLogin(ctx, in.Login); {
		case err == nil:
			p.Add("login", fairshops.ReasonDuplicate, in.Login)
		case !errors.Is(err, fairshops.ErrNotFound):
			return nil, err
		}
	}
	if err := p.Err(op); err != nil {
		return nil, err
	}
	t := &OneTimeToken{Purpose: Invitation, Login: in.Login, Role: in.Role, ShopID: in.ShopID, Email: in.Email,
		Lang: in.Lang, CreatedBy: by.Login}
	if err := s.issue(ctx, op, t, s.inviteTTL); err != nil {
		return nil, err
	}
	return t, nil
}

// issue draws the token of t, stores t and mails the link; a failed mail
// deletes t again.
func (s *Service) issue(ctx context.Context, op string, t *OneTimeToken, ttl time.Duration) error {
	tok, err := fairshops.NewToken(s.rand)
	if err != nil {
		return fairshops.E(op, fairshops.Internal, "", "draw token", err)
	}
	now := s.clock.Now().UTC().Truncate(time.Microsecond)
	prefix := "inv"
	if t.Purpose == Reset {
		prefix = "rst"
	}
	t.ID, t.Hash, t.CreatedAt, t.ExpiresAt = fairshops.NewOrderedID(prefix, now), tok.Hash(), now, now.Add(ttl)
	if err := s.tokens.Create(ctx, t); err != nil {
		return err
	}
	m := Mail{Purpose: t.Purpose, To: t.Email, Lang: t.Lang, Login: t.Login, Role: t.Role, ShopID: t.ShopID,
		Token: tok, ExpiresAt: t.ExpiresAt}
	if err := s.mailer.SendAccountMail(ctx, m); err != nil {
		// The caller's context may be the reason: delete regardless.
		_ = s.tokens.Delete(context.WithoutCancel(ctx), t.ID)
		return fairshops.E(op, fairshops.KindOf(err), t.Login, "send mail", err)
	}
	return nil
}

func checkEmail(p *fairshops.Problems, s string) {
	switch {
	case strings.TrimSpace(s) == "":
		p.Add("email", fairshops.ReasonRequired)
	case !utf8.ValidString(s):
		p.Add("email", fairshops.ReasonInvalidUTF8)
	case len(s) > MaxEmail:
		p.Add("email", fairshops.ReasonTooLong, MaxEmail)
	case strings.ContainsFunc(s, unicode.IsControl):
		p.Add("email", fairshops.ReasonControlChars)
	default:
		a, err := mail.ParseAddress(s)
		if err != nil || a.Name != "" || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
			p.Add("email", fairshops.ReasonInvalidEmail)
		}
	}
}

// Link returns the open token of purpose behind a link, for the page that
// asks for the password; ErrLinkInvalid for an unknown, used, revoked or
// expired one. It uses nothing.
func (s *Service) Link(ctx context.Context, purpose Purpose, token fairshops.Token) (*OneTimeToken, error) {
	if s.tokens == nil || token == "" {
		return nil, ErrLinkInvalid
	}
	t, err := s.tokens.ByHash(ctx, token.Hash())
	switch {
	case errors.Is(err, fairshops.ErrNotFound):
		return nil, ErrLinkInvalid
	case err != nil:
		return nil, err
	}
	if t.Purpose != purpose || !t.Open(s.clock.Now()) {
		return nil, ErrLinkInvalid
	}
	return t, nil
}

// AcceptInvitation creates the invited account with the password the
// invitee chose; the link is used up. The password is checked before the
// link is used, so a refused password leaves the link open.
func (s *Service) AcceptInvitation(ctx context.Context, token fairshops.Token, password string) (*Account, error) {
	const op = "account.AcceptInvitation"
	t, err := s.Link(ctx, Invitation, token)
	if err != nil {
		return nil, err
	}
	var p fairshops.Problems
	checkPassword(&p, t.Login, password)
	if err := p.Err(op); err != nil {
		return nil, err
	}
	if _, err := s.use(ctx, Invitation, token); err != nil {
		return nil, err
	}
	return s.create(ctx, t.Role, t.ShopID, t.Login, t.Email, password)
}

// use consumes the link; ErrLinkInvalid when another use came first.
func (s *Service) use(ctx context.Context, purpose Purpose, token fairshops.Token) (*OneTimeToken, error) {
	t, err := s.tokens.Use(ctx, token.Hash(), s.clock.Now())
	switch {
	case errors.Is(err, fairshops.ErrNotFound):
		return nil, ErrLinkInvalid
	case err != nil:
		return nil, err
	}
	if t.Purpose != purpose {
		return nil, ErrLinkInvalid
	}
	return t, nil
}

// Invitations lists the open invitations, oldest first.
func (s *Service) Invitations(ctx context.Context) ([]*OneTimeToken, error) {
	if s.tokens == nil {
		return []*OneTimeToken{}, nil
	}
	out := []*OneTimeToken{}
	f := TokenFilter{Purpose: Invitation, OpenAt: s.clock.Now(), Limit: fairshops.MaxLimit}
	for {
		page, err := s.tokens.List(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < f.Limit {
			return out, nil
		}
		f.After = page[len(page)-1].ID
	}
}

// RevokeInvitation deletes an invitation; its link no longer works.
// NotFound for none (or a reset's ID).
func (s *Service) RevokeInvitation(ctx context.Context, id string) error {
	if s.tokens == nil || !strings.HasPrefix(id, "inv_") {
		return fairshops.E("account.RevokeInvitation", fairshops.NotFound, id, "", nil)
	}
	return s.tokens.Delete(ctx, id)
}

// List returns one page of accounts, ordered by ID.
func (s *Service) List(ctx context.Context, f AccountFilter) ([]*Account, error) {
	return s.accounts.List(ctx, f)
}
