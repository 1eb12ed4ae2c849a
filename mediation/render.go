package mediation

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// This file renders proposals, settlements and notices as plain text in
// the reader's language. Figures are rounded half-up to the minor unit
// only here, at the edge; dates, times, numbers and money are written by
// fairshops.Formatter (German 1.234,50 EUR and 31.12.2026, English
// 1,234.50 EUR and 31 December 2026).

// FormatMoney writes m rounded to its minor unit with the currency code, in
// the number format of lang; shorthand for fairshops.FormatterFor(lang).Money.
func FormatMoney(m fairshops.Money, lang fairshops.Language) string {
	return fairshops.FormatterFor(lang).Money(m)
}

// formatNumber groups the integer digits of a plain decimal ("-1234.5")
// by thousands and uses the decimal mark of lang.
func formatNumber(s string, lang fairshops.Language) string {
	return fairshops.FormatterFor(lang).Number(s)
}

// FormatDate writes d as 31.12.2026 in German and 31 December 2026 in
// English; shorthand for fairshops.FormatterFor(lang).Date.
func FormatDate(d fairshops.Date, lang fairshops.Language) string {
	return fairshops.FormatterFor(lang).Date(d)
}

// formatTime writes an instant in loc with its zone: 02.04.2026, 10:15 Uhr
// (CEST) in German, 2 April 2026, 10:15 CEST in English.
func formatTime(t time.Time, loc *time.Location, lang fairshops.Language) string {
	t = t.In(loc)
	f := fairshops.FormatterFor(lang)
	if f.Language() == fairshops.English {
		return f.DateTime(t) + " " + t.Format("MST")
	}
	return f.DateTime(t) + " (" + t.Format("MST") + ")"
}

// localizeArg writes a stored message argument in lang: money ("12.30
// EUR"), dates (YYYY-MM-DD) and plain decimals in the reader's format;
// anything else unchanged.
func localizeArg(s string, lang fairshops.Language) string {
	if amount, code, ok := strings.Cut(s, " "); ok && len(code) == 3 && strings.ToUpper(code) == code {
		if d, err := decimal.NewFromString(amount); err == nil {
			return FormatMoney(fairshops.NewMoney(d, fairshops.Currency(code)), lang)
		}
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		if d, err := fairshops.ParseDate(s); err == nil {
			return FormatDate(d, lang)
		}
	}
	if _, err := decimal.NewFromString(s); err == nil && !strings.ContainsAny(s, "eE") {
		return formatNumber(s, lang)
	}
	return s
}

func render(lang fairshops.Language, key string, args ...string) string {
	as := make([]any, len(args))
	for i, a := range args {
		as[i] = localizeArg(a, lang)
	}
	return messages().Render(lang, key, as...)
}

// Text renders the rationale in lang.
func (r Rationale) Text(lang fairshops.Language) string { return render(lang, r.Key, r.Args...) }

// Text renders the duty in lang: "Shop: refunds 64.80 EUR by 2026-04-30".
func (d Duty) Text(lang fairshops.Language) string {
	args := []any{}
	if d.Amount != nil {
		args = append(args, FormatMoney(*d.Amount, lang))
	}
	args = append(args, FormatDate(d.Due, lang))
	return messages().Render(lang, "role."+string(d.Party)) + ": " +
		messages().Render(lang, "duty."+string(d.Action), args...)
}

// Name returns the remedy's name in lang.
func (k Kind) Name(lang fairshops.Language) string { return messages().Render(lang, "kind."+string(k)) }

// Name returns the state's name in lang.
func (s State) Name(lang fairshops.Language) string {
	return messages().Render(lang, "state."+string(s))
}

func rulesText(rules []precheck.RuleID, lang fairshops.Language) string {
	if len(rules) == 0 {
		return messages().Render(lang, "proposal.none")
	}
	ss := make([]string, len(rules))
	for i, r := range rules {
		ss[i] = string(r)
	}
	return strings.Join(ss, ", ")
}

// writeOption writes one option, indented under its title.
func writeOption(b *strings.Builder, o Option, lang fairshops.Language) {
	line := func(key string, args ...any) {
		b.WriteString("  ")
		b.WriteString(messages().Render(lang, key, args...))
		b.WriteByte('\n')
	}
	b.WriteString(messages().Render(lang, "proposal.option", o.ID, o.Kind.Name(lang)))
	b.WriteByte('\n')
	if !o.Amount.IsZero() {
		line("proposal.amount", FormatMoney(o.Amount, lang))
	}
	if o.Kind == KindPriceReduction {
		line("proposal.percent", formatNumber(o.Percent.String(), lang))
	}
	if o.ShopPaysReturn {
		line("proposal.return_paid")
	}
	if len(o.Parts) > 0 {
		ps := make([]string, len(o.Parts))
		for i, p := range o.Parts {
			ps[i] = messages().Render(lang, "part."+p.Label) + " " + FormatMoney(p.Amount, lang)
		}
		line("proposal.parts", strings.Join(ps, "; "))
	}
	if len(o.Instalments) > 0 {
		is := make([]string, len(o.Instalments))
		for i, in := range o.Instalments {
			is[i] = FormatMoney(in.Amount, lang) + " (" + FormatDate(in.Due, lang) + ")"
		}
		line("proposal.instalments", strings.Join(is, "; "))
	}
	line("proposal.duties")
	for _, d := range o.Duties {
		b.WriteString("  - ")
		b.WriteString(d.Text(lang))
		b.WriteByte('\n')
	}
	line("proposal.reason", o.Rationale.Text(lang))
	line("proposal.rules", rulesText(o.Rationale.Rules, lang))
	if len(o.Basis) > 0 {
		line("proposal.basis", strings.Join(o.Basis, "; "))
	}
	if o.Note != "" {
		line("proposal.note", o.Note)
	}
}

func (d Draft) write(b *strings.Builder, lang fairshops.Language) {
	b.WriteString(d.Rationale.Text(lang))
	b.WriteByte('\n')
	b.WriteString(messages().Render(lang, "proposal.limit", FormatMoney(d.Limits.Max, lang),
		FormatMoney(d.Limits.OrderValue, lang)))
	b.WriteByte('\n')
	b.WriteString(messages().Render(lang, "proposal.rules", rulesText(d.Rationale.Rules, lang)))
	b.WriteByte('\n')
	for _, o := range d.Options {
		b.WriteByte('\n')
		writeOption(b, o, lang)
	}
}

// Render writes the draft as plain text in lang.
func (d Draft) Render(lang fairshops.Language) string {
	var b strings.Builder
	b.WriteString(messages().Render(lang, "proposal.draft"))
	b.WriteString("\n\n")
	d.write(&b, lang)
	return b.String()
}

// Render writes the proposal as plain text in lang, with its answer deadline.
func (p Proposal) Render(lang fairshops.Language) string {
	var b strings.Builder
	b.WriteString(messages().Render(lang, "proposal.title", strconv.Itoa(p.Number)))
	b.WriteString("\n\n")
	p.Draft.write(&b, lang)
	b.WriteByte('\n')
	b.WriteString(messages().Render(lang, "proposal.answers_due", FormatDate(p.AnswersDue, lang)))
	b.WriteByte('\n')
	return b.String()
}

// Notice returns the text that tells the consumer how the case ended and,
// when it ended without a settlement, which other ways are open (the
// default recognised consumer ADR body, the courts, advice, the European
// Consumer Centre) and when the claim becomes time-barred. For a settled
// case it is the settlement; for a case still running it is empty.
// Service.Notice names the configured ADR body instead. It never names the
// EU ODR platform, which closed in 2025.
func (c *Case) Notice(lang fairshops.Language) string {
	return c.notice(lang, DefaultADRBody(), calendar.National)
}
