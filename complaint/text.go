package complaint

import (
	"strings"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// checkText checks a text typed by a person with the rule every text of a
// complaint follows (precheck.TextProblems, as for the description): valid
// UTF-8, at most max runes, no control characters but newline and tab, no
// HTML markup. A single-line text (not multiline) takes no newline or tab
// either. A blank text is a problem only when required. Text is never
// changed silently: a problem is reported instead.
func checkText(p *fairshops.Problems, field, s string, max int, required, multiline bool) {
	if strings.TrimSpace(s) == "" {
		if required {
			p.Add(field, fairshops.ReasonRequired)
		}
		return
	}
	control := false
	for _, fe := range precheck.TextProblems(s, max) {
		p.Add(field, fe.Code, fe.Args...)
		control = control || fe.Code == fairshops.ReasonControlChars
	}
	if !multiline && !control && strings.ContainsAny(s, "\n\r\t") {
		p.Add(field, fairshops.ReasonControlChars)
	}
}
