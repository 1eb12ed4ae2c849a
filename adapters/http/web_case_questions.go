package http

import (
	"errors"
	"net/http"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// The moderator's questions on the case pages (docs/adr-paused-clocks.md,
// mediation/clock.go): the operator asks the consumer or the shop from the
// case page and sees the pause limit and what is left; the asked party
// finds the open question on its complaint page with an answer form, the
// paused deadline and, once answered, the new deadline. Routes: POST
// /operator/cases/{id}/questions (opCaseAsk) and the parties' case move
// "question" (caseMove).

// questionView is one of the moderator's questions with its answer.
type questionView struct {
	ID         string
	To         string // the asked party in words
	ToRole     string // its role, a CSS class
	Text       string
	At         time.Time
	Answer     string
	AnsweredAt time.Time
	Paused     bool // the question paused the moderator's deadline
}

// Open reports whether the question waits for its answer.
func (q questionView) Open() bool { return q.AnsweredAt.IsZero() }

// caseClockView is the moderator's deadline clock of a case as a clockView
// (the "clock" partial), its element IDs prefixed with "case-".
func caseClockView(cs *mediation.Case, today fairshops.Date) clockView {
	k := cs.Clock
	v := clockView{Prefix: "case-", Case: true, PausedDays: k.PausedDaysOn(today), PausesLeft: k.PausesLeft(),
		Ask: cs.CanPause(today)}
	if k.Paused() && !cs.State.Final() {
		v.Paused, v.Since, v.ResumeBy, v.RestDays, v.Latest = true, k.PausedOn, k.ResumeBy, k.RestDays, cs.Deadline.Due
	}
	return v
}

// questionViews renders the questions of cs that reader may see: all for
// the operator, the ones asked of the party for a party.
func (h *Handler) questionViews(cs *mediation.Case, reader fairshops.Role, lang fairshops.Language) []questionView {
	var out []questionView
	for _, q := range cs.Questions {
		if reader != fairshops.RoleOperator && q.To != reader {
			continue
		}
		out = append(out, questionView{ID: q.ID, To: mediationLabel(lang, "role."+string(q.To), string(q.To)),
			ToRole: string(q.To), Text: q.Text, At: q.At, Answer: q.Answer, AnsweredAt: q.AnsweredAt, Paused: q.Paused})
	}
	return out
}

// opQuestions is the questions part of the operator's case page.
type opQuestions struct {
	List  []questionView
	Clock clockView
	// Ask: the case has not ended, so the moderator may ask.
	Ask      bool
	To, Text *webField
}

// opQuestionsOf builds the questions part of the operator's case page
// from the case and the page's form.
func (h *Handler) opQuestionsOf(cs *mediation.Case, lang fairshops.Language, form *webForm, today fairshops.Date) opQuestions {
	q := opQuestions{List: h.questionViews(cs, fairshops.RoleOperator, lang), Clock: caseClockView(cs, today),
		Ask: !cs.State.Final()}
	q.To = newWebField(form, "to", h.web.t(lang, "op.question.to"))
	q.To.Options = []webOption{{Value: "", Label: h.web.t(lang, "op.question.to.choose")}}
	for _, role := range []fairshops.Role{fairshops.RoleConsumer, fairshops.RoleShop} {
		q.To.Options = append(q.To.Options, webOption{Value: string(role), Label: mediationLabel(lang, "role."+string(role), string(role))})
	}
	q.Text = newWebField(form, "text", h.web.t(lang, "op.question.text"))
	return q
}

// opCaseAsk answers POST /operator/cases/{id}/questions: the moderator's
// question to a party (to=consumer|shop, text); a wrong field comes back
// next to it (422), a refusal as its page.
func (h *Handler) opCaseAsk(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	_, err := h.mediation.AskParty(r.Context(), opMediator(c), id, fairshops.Role(r.PostFormValue("to")), r.PostFormValue("text"))
	h.opCaseFormDone(w, r, c, id, err, "op_asked#questions", func(f string) string {
		if f == "to" || f == "text" {
			return h.web.t(c.lang, "op.question."+f)
		}
		return ""
	})
}

// answerField is the name of the party's answer field: the statement form
// on the same page has "text".
const answerField = "answer"

// caseAnswerQuestion is the party's case move "question": the answer to
// the moderator's open question; the service's field "text" is reported
// as the form's "answer".
func caseAnswerQuestion(r *http.Request, ms *mediation.Service, mp fairshops.Principal, caseID string) error {
	_, err := ms.AnswerQuestion(r.Context(), mp, caseID, r.PostFormValue(answerField))
	var ve *fairshops.ValidationError
	if errors.As(err, &ve) {
		out := *ve
		out.Fields = make([]fairshops.FieldError, len(ve.Fields))
		for i, fe := range ve.Fields {
			if fe.Field == "text" {
				fe.Field = answerField
			}
			out.Fields[i] = fe
		}
		return &out
	}
	return err
}
