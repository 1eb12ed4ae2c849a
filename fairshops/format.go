package fairshops

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Formatter writes dates, times, numbers and money the way readers of one
// language expect them. It is the one place where the house's formats live,
// so that a page, a mail, a proposal and a pre-check show the same date the
// same way:
//
//	         German                  English
//	date     14.12.2026              14 December 2026
//	time     14.12.2026, 10:15 Uhr   14 December 2026, 10:15
//	money    1.234,50 EUR            1,234.50 EUR
//	number   1.234,5                 1,234.5
//
// Counted nouns ("1 second", "2 seconds") are texts of a message set with
// "#one" and "#other" forms (see Messages). A Formatter is a small value;
// the zero value writes German.
type Formatter struct {
	lang Language
}

// FormatterFor returns the formatter of lang (German for an unsupported
// language).
func FormatterFor(lang Language) Formatter {
	if !lang.Valid() {
		lang = German
	}
	return Formatter{lang: lang}
}

// Language returns the language the formatter writes.
func (f Formatter) Language() Language {
	if f.lang == "" {
		return German
	}
	return f.lang
}

var englishMonths = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// Date writes d: "14.12.2026" in German, "14 December 2026" in English; the
// zero date as "".
func (f Formatter) Date(d Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.Parts()
	var b strings.Builder
	if f.lang == English {
		b.WriteString(itoa(day, 1))
		b.WriteByte(' ')
		b.WriteString(englishMonths[m-1])
		b.WriteByte(' ')
		b.WriteString(itoa(y, 4))
		return b.String()
	}
	b.WriteString(itoa(day, 2))
	b.WriteByte('.')
	b.WriteString(itoa(int(m), 2))
	b.WriteByte('.')
	b.WriteString(itoa(y, 4))
	return b.String()
}

// DateTime writes the instant t in its own location, to the minute:
// "14.12.2026, 10:15 Uhr" in German, "14 December 2026, 10:15" in English;
// the zero time as "". Callers convert t to the reader's location first.
func (f Formatter) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := NewDate(t.Year(), t.Month(), t.Day())
	clock := itoa(t.Hour(), 2) + ":" + itoa(t.Minute(), 2)
	if f.lang == English {
		return f.Date(d) + ", " + clock
	}
	return f.Date(d) + ", " + clock + " Uhr"
}

// Money writes m rounded half-up to its currency's minor unit, in the number
// format of the language, followed by the ISO code: "1.234,50 EUR",
// "1,234.50 EUR".
func (f Formatter) Money(m Money) string {
	return f.Number(m.Amount.StringFixed(m.Currency.Scale())) + " " + string(m.Currency)
}

// Decimal writes d unrounded in the number format of the language.
func (f Formatter) Decimal(d decimal.Decimal) string { return f.Number(d.String()) }

// Number rewrites a plain decimal as decimal.Decimal.String writes it
// ("-1234.5") in the number format of the language: thousands grouped, the
// language's decimal mark ("-1.234,5", "-1,234.5"). Anything else comes back
// unchanged.
func (f Formatter) Number(s string) string {
	if !plainDecimal(s) {
		return s
	}
	sep, mark := ".", ","
	if f.lang == English {
		sep, mark = ",", "."
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString(mark)
		b.WriteString(frac)
	}
	return b.String()
}

// plainDecimal reports whether s is an optional minus, digits, and an
// optional point followed by digits.
func plainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if intPart == "" || hasFrac && frac == "" {
		return false
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// itoa writes a non-negative n with at least width digits, zero-padded.
func itoa(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}
