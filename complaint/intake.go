package complaint

import (
	"net/mail"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/jsonin"
)

// Intake is what a consumer files: the facts of the complaint (with the
// category, the free text as Facts.Description and the desired resolution),
// how to reach them, the shop's order reference and their language. The
// shop is not part of it: it comes from the address the complaint is filed
// at (POST /api/v1/shops/{shop}/complaints).
type Intake struct {
	Facts    precheck.Facts
	Contact  Contact
	OrderRef string
	Lang     fairshops.Language // "" means German
}

// Limits of the intake.
const (
	MaxIntakeSize = precheck.MaxFactsSize + 8<<10 // bytes of an encoded intake
	MaxName       = 200                           // runes of Contact.Name
	MaxEmail      = 254                           // bytes of Contact.Email (RFC 5321 path limit)
	MaxPhone      = 40                            // characters of Contact.Phone
	MaxOrderRef   = 100                           // runes of OrderRef
	MaxMessage    = 5000                          // runes of a message body
)

// DecodeIntake reads the body of POST /api/v1/shops/{shop}/complaints: a
// JSON object holding the complaint's facts at the top level, exactly as
// POST /api/v1/precheck takes them (domain/precheck-rules.md; the free text
// is "description"), plus
//
//	"contact":   {"name", "email", "phone"}  (name and email required)
//	"order_ref": the shop's order number     (optional)
//	"lang":      "de" or "en"                (optional, German by default)
//
// The facts are read by precheck.ReadFacts. Every problem (syntax,
// unknown keys, wrong types, invalid facts, contact) is reported at once in
// a *fairshops.ValidationError with JSON paths. "as_of" is refused: a filed
// complaint is checked as of its filing date. The facts' dates are checked
// against the filing date again when the Service files the intake.
func DecodeIntake(data []byte) (Intake, error) {
	const op = "complaint.DecodeIntake"
	var p fairshops.Problems
	if len(data) > MaxIntakeSize {
		p.Add("", fairshops.ReasonTooLarge, strconv.Itoa(MaxIntakeSize)+" bytes")
		return Intake{}, p.Err(op)
	}
	tree, ok := jsonin.DecodeReport(data, &p)
	if !ok {
		return Intake{}, p.Err(op)
	}
	top, ok := tree.(map[string]any)
	if !ok {
		p.Add("", fairshops.ReasonWrongType, "object")
		return Intake{}, p.Err(op)
	}
	// Split the flat body into the facts and the rest, so that each part is
	// checked strictly (unknown keys) by its own reader.
	facts := make(map[string]any, len(top))
	rest := map[string]any{}
	for k, v := range top {
		switch k {
		case "contact", "order_ref", "lang":
			rest[k] = v
		default:
			facts[k] = v
		}
	}
	invalid := precheck.InvalidText(data)
	var in Intake
	in.Facts = precheck.ReadFacts(facts, "", fairshops.Date{}, invalid, &p)
	if top["as_of"] != nil {
		p.Add("as_of", fairshops.ReasonNotAllowedHere)
	}
	o, _ := jsonin.AsObject(rest, "", &p)
	// str reads a string; one of the wrong type, or one that was not valid
	// UTF-8 in the document (encoding/json would have replaced the bad
	// bytes), is reported and left out of the content checks.
	str := func(o jsonin.Object, key string) (string, bool) {
		n := p.Len()
		s := o.Str(&p, key, false)
		if p.Len() > n { // of the wrong type
			return "", false
		}
		if invalid[o.Field(key)] {
			p.Add(o.Field(key), fairshops.ReasonInvalidUTF8)
			return "", false
		}
		return s, true
	}
	if co, ok := o.Object(&p, "contact", true); ok {
		co.Only(&p, "name", "email", "phone")
		var cp fairshops.Problems
		name, okName := str(co, "name")
		email, okEmail := str(co, "email")
		phone, okPhone := str(co, "phone")
		in.Contact = Contact{Name: name, Email: email, Phone: phone}
		in.Contact.check(&cp, "contact")
		if ve, ok := cp.Err("").(*fairshops.ValidationError); ok {
			for _, fe := range ve.Fields {
				if (fe.Field == "contact.name" && !okName) || (fe.Field == "contact.email" && !okEmail) ||
					(fe.Field == "contact.phone" && !okPhone) {
					continue
				}
				p.Add(fe.Field, fe.Code, fe.Args...)
			}
		}
	}
	if ref, ok := str(o, "order_ref"); ok {
		in.OrderRef = ref
		checkOrderRef(&p, in.OrderRef)
	}
	if lang, ok := str(o, "lang"); ok {
		in.Lang = fairshops.Language(lang)
		checkLang(&p, in.Lang)
	}
	if err := p.Err(op); err != nil {
		return Intake{}, err
	}
	return in, nil
}

// Validate checks an intake built in Go (or decoded) as the Service files it
// on the day today: the facts (precheck.Facts.Validate, with dates not after
// today, and no as_of), the contact, the order reference and the language.
// Every wrong field is reported at once in a *fairshops.ValidationError,
// with the field names of the JSON body.
func (in *Intake) Validate(today fairshops.Date) error {
	const op = "complaint.Intake.Validate"
	var p fairshops.Problems
	if err := in.Facts.Validate(today); err != nil && !p.Merge("", err) {
		return fairshops.E(op, fairshops.Internal, "", "validate facts", err)
	}
	if !in.Facts.AsOf.IsZero() {
		p.Add("as_of", fairshops.ReasonNotAllowedHere)
	}
	in.Contact.check(&p, "contact")
	checkOrderRef(&p, in.OrderRef)
	checkLang(&p, in.Lang)
	if err := p.Err(op); err != nil {
		return err
	}
	return nil
}

// check adds every problem of the contact under prefix: the name is
// required, one line of at most MaxName characters without HTML; the e-mail
// address is required, a single bare address (no display name, no angle
// brackets, no comments) of at most MaxEmail bytes; the phone number is
// optional: digits, spaces and + - / ( ), at most MaxPhone, with a digit.
func (c Contact) check(p *fairshops.Problems, prefix string) {
	checkText(p, prefix+".name", c.Name, MaxName, true, false)
	checkEmail(p, prefix+".email", c.Email)
	checkPhone(p, prefix+".phone", c.Phone)
}

func checkEmail(p *fairshops.Problems, field, s string) {
	switch {
	case strings.TrimSpace(s) == "":
		p.Add(field, fairshops.ReasonRequired)
	case !utf8.ValidString(s):
		p.Add(field, fairshops.ReasonInvalidUTF8)
	case len(s) > MaxEmail:
		p.Add(field, fairshops.ReasonTooLong, MaxEmail)
	case strings.ContainsFunc(s, unicode.IsControl):
		p.Add(field, fairshops.ReasonControlChars)
	case fairshops.HasHiddenFormat(s):
		p.Add(field, fairshops.ReasonFormatChars)
	default:
		a, err := mail.ParseAddress(s)
		// Address == s rejects display names, "<...>", comments and
		// surrounding blanks: exactly one bare address.
		if err != nil || a.Name != "" || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
			p.Add(field, fairshops.ReasonInvalidEmail)
		}
	}
}

// phoneExample shows the format of a phone number in a reason; an example
// reads the same in every language.
const phoneExample = "+49 (30) 123456-78"

func checkPhone(p *fairshops.Problems, field, s string) {
	if s == "" {
		return
	}
	if !utf8.ValidString(s) {
		p.Add(field, fairshops.ReasonInvalidUTF8)
		return
	}
	if utf8.RuneCountInString(s) > MaxPhone {
		p.Add(field, fairshops.ReasonTooLong, MaxPhone)
		return
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-/()", r):
		default:
			p.Add(field, fairshops.ReasonInvalidFormat, phoneExample)
			return
		}
	}
	if digits == 0 {
		p.Add(field, fairshops.ReasonInvalidFormat, phoneExample)
	}
}

func checkOrderRef(p *fairshops.Problems, s string) {
	checkText(p, "order_ref", s, MaxOrderRef, false, false)
}

func checkLang(p *fairshops.Problems, l fairshops.Language) {
	if l != "" && !l.Valid() {
		p.Add("lang", fairshops.ReasonUnknownValue, string(l), fairshops.OneOf(fairshops.Languages()))
	}
}

// checkBody checks a message body: required, at most MaxMessage characters,
// several lines allowed, no HTML.
func checkBody(p *fairshops.Problems, field, s string) {
	checkText(p, field, s, MaxMessage, true, true)
}
