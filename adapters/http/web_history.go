package http

import (
	"strings"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// The detail of a history entry is stored as the domain wrote it, in a
// fixed, language-free form ("category delivery", "answer due 2026-12-14",
// "proposal=mp_1 option=o2"): it is part of the entry's hash, so it can
// never be rewritten. historyDetail turns those forms into the reader's
// language when a page shows them: names through the catalogues, dates
// through fairshops.Formatter. A detail in no known form (a message ID, a
// future form) is shown as stored.

// historyDetail renders the stored detail of a complaint's or a case's
// history entry in lang.
func (h *Handler) historyDetail(lang fairshops.Language, detail string) string {
	if detail == "" {
		return ""
	}
	if from, to, changes, ok := recheckDetail(detail); ok {
		return h.web.t(lang, "op.detail.rechecked", from, to, changes)
	}
	if i := strings.LastIndexByte(detail, ' '); i > 0 && i < len(detail)-1 {
		switch form, v := detail[:i], detail[i+1:]; form {
		case "category":
			return h.web.t(lang, "op.detail.category", precheck.Category(v).Label(lang))
		case "clarity":
			return h.web.t(lang, "op.detail.clarity", precheckLabel(lang, "clarity."+v, v))
		case "answer due":
			return h.web.t(lang, "op.detail.answer_due", historyDate(lang, v))
		case "resume by": // clock_paused (complaint/clock.go)
			return h.web.t(lang, "op.detail.resume_by", historyDate(lang, v))
		case "answer was due":
			return h.web.t(lang, "op.detail.answer_was_due", historyDate(lang, v))
		}
	}
	if h.web.keys["op.detail.reason."+detail] { // why a complaint closed or a case failed
		return h.web.t(lang, "op.detail.reason."+detail)
	}
	if strings.Contains(detail, "=") || detail == "revision" {
		return h.caseDetail(lang, detail)
	}
	return detail
}

// recheckDetail reads the detail of a "rechecked" entry, "rules revision
// 1 -> 2: <summary>" (precheck.Changes.Revisions and Summary); the summary
// of rule IDs and codes is shown as stored.
func recheckDetail(detail string) (from, to, changes string, ok bool) {
	rest, ok := strings.CutPrefix(detail, "rules revision ")
	if !ok {
		return "", "", "", false
	}
	revs, changes, ok := strings.Cut(rest, ": ")
	if !ok {
		return "", "", "", false
	}
	from, to, ok = strings.Cut(revs, " -> ")
	return from, to, changes, ok
}

// caseDetail renders the "name=value" words the mediation package writes,
// joined by commas; a word it does not know stays as stored.
func (h *Handler) caseDetail(lang fairshops.Language, detail string) string {
	words := strings.Fields(detail)
	out := make([]string, 0, len(words))
	for _, w := range words {
		name, v, _ := strings.Cut(w, "=")
		var s string
		switch name {
		case "mode":
			s = h.opText(lang, "op.mode."+v, v)
		case "cost_bearer":
			s = mediationLabel(lang, "role."+v, v)
		case "reason":
			if h.web.keys["op.detail.resume."+v] { // clock_resumed (mediation/clock.go)
				out = append(out, h.web.t(lang, "op.detail.resume."+v))
				continue
			}
			s = mediationLabel(lang, "refusal."+v, v)
		case "to": // the party asked (mediation/clock.go)
			s = mediationLabel(lang, "role."+v, v)
		case "deadline":
			s = h.opText(lang, "op.deadline."+v, v)
		case "statement", "proposal", "option", "question":
			s = v // IDs, shown as they are
		case "revision":
			out = append(out, h.web.t(lang, "op.detail.revision"))
			continue
		default:
			out = append(out, w)
			continue
		}
		out = append(out, h.opText(lang, "op.detail."+name, w, s))
	}
	return strings.Join(out, ", ")
}

// historyDate renders a stored YYYY-MM-DD date in lang; anything else stays
// as stored.
func historyDate(lang fairshops.Language, v string) string {
	d, err := fairshops.ParseDate(v)
	if err != nil {
		return v
	}
	return fairshops.FormatterFor(lang).Date(d)
}

// precheckLabel renders a key of the pre-check's catalogue, or fallback when
// it has no such key.
func precheckLabel(lang fairshops.Language, key, fallback string) string {
	if !precheck.Messages().Has(key) {
		return fallback
	}
	return precheck.Messages().Render(lang, key)
}

// mediationLabel renders a key of the mediation catalogue, or fallback when
// it has no such key.
func mediationLabel(lang fairshops.Language, key, fallback string) string {
	if !mediation.Messages().Has(key) {
		return fallback
	}
	return mediation.Messages().Render(lang, key)
}
