package account

import (
	"context"
	"errors"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Passwords: a logged-in account changes its own, anyone resets one by a
// mailed link. Both end every session of the account (a stolen session
// must not outlive the password it was opened with); API keys stay, since
// they belong to the shop's systems, not to a person's login, and are
// revoked on their own page (docs/adr-accounts.md).

// RequestReset mails a reset link to the account with the login, if it
// exists, is enabled and has an e-mail address. It answers the same for
// every login: nil, unless the store or the mail failed (which the caller
// logs and must not show, or it would tell which logins exist).
func (s *Service) RequestReset(ctx context.Context, login string, lang fairshops.Language) error {
	const op = "account.RequestReset"
	if s.tokens == nil || s.mailer == nil {
		return errNoMail
	}
	login = strings.ToLower(strings.TrimSpace(login))
	if !loginPattern.MatchString(login) {
		return nil
	}
	a, err := s.accounts.ByLogin(ctx, login)
	switch {
	case errors.Is(err, fairshops.ErrNotFound):
		return nil
	case err != nil:
		return err
	}
	if a.Disabled || a.Email == "" {
		return nil
	}
	if lang != fairshops.English {
		lang = fairshops.German
	}
	t := &OneTimeToken{Purpose: Reset, AccountID: a.ID, Login: a.Login, Role: a.Role, ShopID: a.ShopID,
		Email: a.Email, Lang: lang}
	return s.issue(ctx, op, t, s.resetTTL)
}

// ResetPassword sets a new password with a reset link: the link is used
// up, every session of the account ends, and its failed logins are
// forgotten. The password is checked before the link is used.
func (s *Service) ResetPassword(ctx context.Context, token fairshops.Token, password string) (*Account, error) {
	const op = "account.ResetPassword"
	t, err := s.Link(ctx, Reset, token)
	if err != nil {
		return nil, err
	}
	var p fairshops.Problems
	checkPassword(&p, t.Login, password)
	if err := p.Err(op); err != nil {
		return nil, err
	}
	a, err := s.accounts.Get(ctx, t.AccountID)
	if err != nil {
		return nil, err
	}
	hash, err := s.hash(op, password)
	if err != nil {
		return nil, err
	}
	if _, err := s.use(ctx, Reset, token); err != nil {
		return nil, err
	}
	a.PasswordHash = hash
	if err := s.accounts.Update(ctx, a); err != nil {
		return nil, err
	}
	if _, err := s.sessions.DeleteByAccount(ctx, a.ID); err != nil {
		return nil, err
	}
	if s.throttles != nil {
		if err := s.throttles.Clear(ctx, a.Login); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func (s *Service) hash(op, password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), s.cost)
	if err != nil {
		return "", fairshops.E(op, fairshops.Internal, "", "hash password", err)
	}
	return string(h), nil
}

// ChangePassword sets a new password for the logged-in account of id,
// which proves itself with its current password (a wrong one is
// "wrong" on current_password, and counts as a failed login). Every
// session of the account ends, and a fresh one is opened for the caller,
// whose old token is then worthless: the caller stays logged in on this
// device only. While the login waits after failures, the change is
// refused unchecked (a *ThrottledError). API keys (identities without an
// AccountID) have no password: Forbidden.
func (s *Service) ChangePassword(ctx context.Context, id Identity, current, next string) (*Session, fairshops.Token, error) {
	const op = "account.ChangePassword"
	if id.AccountID == "" {
		return nil, "", fairshops.E(op, fairshops.Forbidden, "", "no login account", nil)
	}
	a, err := s.accounts.Get(ctx, id.AccountID)
	if err != nil {
		return nil, "", err
	}
	if s.throttles != nil {
		// Guessing the current password with a stolen session is
		// throttled like guessing it at the login.
		f, err := s.throttles.Get(ctx, a.Login)
		if err != nil {
			return nil, "", err
		}
		if wait := s.wait(f, s.clock.Now()); wait > 0 {
			return nil, "", &ThrottledError{Wait: wait}
		}
	}
	var p fairshops.Problems
	if current == "" {
		p.Add("current_password", fairshops.ReasonRequired)
	} else if bcrypt.CompareHashAndPassword([]byte(a.PasswordHash), []byte(current)) != nil {
		p.Add("current_password", fairshops.ReasonWrong)
		if s.throttles != nil {
			if _, err := s.throttles.Fail(ctx, a.Login, s.clock.Now()); err != nil {
				return nil, "", err
			}
		}
	}
	checkPassword(&p, a.Login, next)
	if err := p.Err(op); err != nil {
		return nil, "", err
	}
	if a.PasswordHash, err = s.hash(op, next); err != nil {
		return nil, "", err
	}
	if err := s.accounts.Update(ctx, a); err != nil {
		return nil, "", err
	}
	if _, err := s.sessions.DeleteByAccount(ctx, a.ID); err != nil {
		return nil, "", err
	}
	return s.openSession(ctx, a)
}

// LogoutEverywhere ends every session of the account of id, this one
// included, and reports how many.
func (s *Service) LogoutEverywhere(ctx context.Context, id Identity) (int, error) {
	if id.AccountID == "" {
		return 0, fairshops.E("account.LogoutEverywhere", fairshops.Forbidden, "", "no login account", nil)
	}
	return s.sessions.DeleteByAccount(ctx, id.AccountID)
}

// Overview is what the account page shows.
type Overview struct {
	Account  *Account `json:"account"`
	Sessions int      `json:"sessions"` // valid sessions, this one included
}

// Overview returns the account of id and how many sessions it has open.
func (s *Service) Overview(ctx context.Context, id Identity) (*Overview, error) {
	if id.AccountID == "" {
		return nil, fairshops.E("account.Overview", fairshops.Forbidden, "", "no login account", nil)
	}
	a, err := s.accounts.Get(ctx, id.AccountID)
	if err != nil {
		return nil, err
	}
	n, err := s.sessions.CountByAccount(ctx, a.ID, s.clock.Now())
	if err != nil {
		return nil, err
	}
	return &Overview{Account: a, Sessions: n}, nil
}
