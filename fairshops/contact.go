package fairshops

import (
	"net/mail"
	"strings"
	"unicode/utf8"
)

// ComplaintContact is how consumers reach a shop about a complaint: an
// e-mail address, a phone number and the hours the phone is answered. It is
// part of the shop's registration and public: the ID page shows it, because
// the pre-check tells consumers to contact the shop first. Every part is
// optional; a zero value means the shop gave none.
type ComplaintContact struct {
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	Hours string `json:"hours,omitempty"`
}

// Limits of a complaint contact.
const (
	MaxContactEmail = 254 // RFC 5321 path limit
	MaxContactPhone = 40
	MaxContactHours = 200
)

// IsZero reports whether the shop gave no contact.
func (c ComplaintContact) IsZero() bool { return c == ComplaintContact{} }

// Check validates the contact and reports every wrong part: the e-mail a
// plain address (no display name, nothing around it), the phone digits
// with + ( ) - / . and spaces only, with at least 5 digits, the hours a
// single line of text; each within its length limit.
func (c ComplaintContact) Check() error {
	var p Problems
	c.check(&p, "")
	return p.Err("fairshops.ComplaintContact.Check")
}

func (c ComplaintContact) check(p *Problems, prefix string) {
	field := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	if c.Email != "" {
		switch {
		case !utf8.ValidString(c.Email):
			p.Add(field("email"), ReasonInvalidUTF8)
		case len(c.Email) > MaxContactEmail:
			p.Add(field("email"), ReasonTooLong, MaxContactEmail)
		case !plainAddress(c.Email):
			p.Add(field("email"), ReasonInvalidEmail)
		}
	}
	if c.Phone != "" {
		digits := 0
		ok := true
		for _, r := range c.Phone {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case strings.ContainsRune("+()-/. ", r):
			default:
				ok = false
			}
		}
		switch {
		case utf8.RuneCountInString(c.Phone) > MaxContactPhone:
			p.Add(field("phone"), ReasonTooLong, MaxContactPhone)
		case !ok || digits < 5 || strings.TrimSpace(c.Phone) != c.Phone:
			p.Add(field("phone"), ReasonInvalidFormat, "phone number such as +49 30 1234567")
		}
	}
	checkText(p, field("hours"), c.Hours, MaxContactHours, false)
}

// plainAddress reports whether s is an e-mail address alone, as
// net/mail reads it, with a dot in its domain.
func plainAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".")
}
