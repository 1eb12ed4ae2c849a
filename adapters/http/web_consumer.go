package http

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// The consumer's private pages. The private link /c/{id}?t=<token> sets
// the consumer cookie (path /c/{id}, HttpOnly, SameSite=Lax: see navCookie) and
// redirects to /c/{id}, so the token leaves the address bar and the
// history; every page and form under /c/{id} then acts as the consumer
// holding that token. A wrong or missing token gives the 404 page, as for
// a complaint that does not exist.

// The flash cookie that carries the token from the filing to the
// confirmation page, once.
const (
	filedCookie = "ks_filed"
	filedMaxAge = 600
)

// setConsumerCookie stores the consumer's token for the pages of one
// complaint. It is a session cookie: on a shared computer the token is
// gone when the browser closes, and the private link brings it back.
func (h *Handler) setConsumerCookie(w http.ResponseWriter, id string, tok fairshops.Token) {
	http.SetCookie(w, h.navCookie(consumerCook, tok.Reveal(), "/c/"+url.PathEscape(id), 0))
}

// tokenPattern is what a consumer token may look like: base64url, of a
// sane length. Anything else is no token of ours and never set as a cookie.
var tokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,128}$`)

// consumerBase is the path of a complaint's private pages.
func consumerBase(id string) string { return "/c/" + url.PathEscape(id) }

// consumerOf returns the consumer principal of a request under /c/{id}
// that the route's guard admitted: the cookie's token, whatever else the
// browser is logged in as.
func consumerOf(c caller) fairshops.Principal { return fairshops.AsConsumer(c.consumer) }

// complaintPageData is what the consumer's and the shop's complaint pages
// show: the complaint, the shop's public view, the pre-check in the
// reader's language with linked articles, the mediation case (if any) and
// the moves the reader may make now.
type complaintPageData struct {
	C        *complaint.Complaint
	Shop     fairshops.View
	Precheck precheck.View
	Thread   []messageView
	// Overdue: the answer period is over and the shop has not answered.
	Overdue bool
	Case    *caseView
	Can     complaintMoves
	Base    string // the path of the page, the prefix of its forms
	// MaxMessage goes into the maxlength of the message form.
	MaxMessage int
	// Contact is shown to the shop and the operator only.
	ShowContact bool
	// Files are the attachments and the upload form (web_attachments.go).
	Files filesBlock
	// MediationWait is the last day the shop may answer when the consumer
	// could ask for dispute moderation but must first give the shop that
	// chance (mediation.ReasonShopMayAnswer); zero otherwise.
	MediationWait fairshops.Date
	// Erased is the day the consumer's personal data were erased; zero
	// when they were not (erasure.go).
	Erased fairshops.Date
	// Clock is the shop's answer clock (web_clock.go).
	Clock clockView
	// Carrier is the carrier claim's part of the page (web_carrier.go); nil
	// without a transit finding.
	Carrier *carrierBlock
	// Review is the human review of the pre-check (review.go); nil
	// without the ADR Directive setting or when there is nothing to show.
	Review *reviewBlock
}

// complaintMoves says which forms the page offers.
type complaintMoves struct {
	Message, Withdraw, Resolve, Close, Mediation bool
	// Erase: the consumer may have their personal data erased (the
	// complaint is final and not erased yet).
	Erase bool
}

// messageView is one message of the thread with its author in words.
type messageView struct {
	Author string
	Role   string // CSS class: consumer, shop, operator
	Mine   bool
	complaint.Message
}

// caseView is a mediation case as a party's page shows it.
type caseView struct {
	C          *mediation.Case
	State      string
	Deadline   string // what the case waits for, in words; "" when nothing
	Due        fairshops.Date
	Statements []statementView
	Proposal   *proposalView
	Notice     []string // the end of the case in words (settlement or other ways), by line
	Fee        *mediation.FeeQuote
	Can        caseMoves
	// Obligations are the settlement's obligations, with the party's
	// confirm buttons (web_obligations.go).
	Obligations []obligationView
	// Questions are the moderator's questions to this party; Open the
	// one that waits for its answer (the form answers it); Clock the
	// moderator's deadline clock (web_case_questions.go).
	Questions []questionView
	Open      *questionView
	Clock     clockView
}

// caseMoves says which case forms the party may use.
type caseMoves struct {
	Cost, State, Answer, Withdraw, Leave bool
}

// statementView is one statement with its party in words.
type statementView struct {
	Party string
	Mine  bool
	mediation.Statement
}

// proposalView is the current proposal with its options in words and the
// party's own answer.
type proposalView struct {
	ID         string
	Number     int
	AnswersDue fairshops.Date
	Rationale  string
	Options    []optionView
	Mine       *mediation.Answer
	Answers    []string
}

// Choices are the options as radio choices.
func (p *proposalView) Choices() []webOption {
	out := make([]webOption, len(p.Options))
	for i, o := range p.Options {
		out[i] = webOption{Value: o.ID, Label: o.Label}
	}
	return out
}

// optionView is one option of a proposal in words.
type optionView struct {
	ID, Kind, Rationale, Note string
	Label                     string // the remedy's name and amount, as the parties see an option
	Amount                    *fairshops.Money
	Duties                    []string
	// Basis, Settled and Contested are the option's legal references and
	// the settled and contested facts of the case, in words, as the
	// operator's page shows them (the "optionfacts" template).
	Basis, Settled, Contested string
}

// buildComplaintPage loads what a complaint page shows for its reader,
// who: the consumer or the shop, as the services see them.
func (h *Handler) buildComplaintPage(ctx context.Context, c *complaint.Complaint, who fairshops.Principal,
	lang fairshops.Language, base string) (complaintPageData, error) {
	reader := who.Role
	d := complaintPageData{C: c, Precheck: h.complaintPrecheck(c, lang), Base: base,
		MaxMessage: complaint.MaxMessage, ShowContact: reader != fairshops.RoleConsumer}
	v, err := h.reg.View(ctx, c.ShopID)
	if err != nil {
		return d, err
	}
	d.Shop = v
	if d.Files, err = h.filesFor(ctx, who, c, lang, base, true); err != nil {
		return d, err
	}
	if d.Carrier, err = h.carrierFor(ctx, c, who, lang, base); err != nil {
		return d, err
	}
	today := h.reg.Today()
	d.Overdue = c.State == complaint.Forwarded && !c.AnswerDue.IsZero() && today.After(c.AnswerDue)
	d.Clock = newClockView(c, today)
	if reader != fairshops.RoleShop {
		d.Clock.Ask = false
	}
	for _, m := range c.Messages {
		d.Thread = append(d.Thread, messageView{Author: h.web.t(lang, "role."+string(m.Author)), Role: string(m.Author),
			Mine: m.Author == reader, Message: m})
	}
	open := c.State == complaint.Forwarded || c.State == complaint.Answered
	d.Erased = erasedOn(c)
	d.Review = h.newReviewBlock(c, reader, lang, base)
	switch reader {
	case fairshops.RoleConsumer:
		d.Can = complaintMoves{Message: !c.State.Final(), Withdraw: !c.State.Final(),
			Resolve: open && !c.Displeasure(), Close: d.Overdue && !c.Displeasure()}
		d.Can.Erase = c.State.Final() && erasedOn(c).IsZero()
	case fairshops.RoleShop:
		d.Can = complaintMoves{Message: !c.State.Final()}
	}
	if h.mediation == nil {
		return d, nil
	}
	cs, err := h.caseOfComplaint(ctx, c, who)
	if err != nil {
		return d, err
	}
	if cs != nil {
		d.Case = h.newCaseView(cs, reader, lang, today)
		if !cs.State.Final() {
			d.Files.Statement = cs.ID
		}
	}
	mode := v.MediationMode
	mayAsk := mode == fairshops.ConsumerMode || mode == fairshops.ShopDiscretion
	if reader == fairshops.RoleShop {
		mayAsk = mode == fairshops.ShopDiscretion
	}
	d.Can.Mediation = open && mayAsk && !c.Displeasure() && (cs == nil || cs.State == mediation.Declined && retryable(cs.Reason))
	if d.Can.Mediation && reader == fairshops.RoleConsumer && mediation.InfoOf(c).ShopMayAnswer(today) {
		d.Can.Mediation, d.MediationWait = false, c.AnswerDue
	}
	return d, nil
}

// retryable reports whether a declined case may be asked for again: its
// reason can change (the shop books, the complaint is forwarded).
func retryable(r mediation.Reason) bool {
	return r == mediation.ReasonNotBooked || r == mediation.ReasonNotForwarded
}

// caseOfComplaint returns the newest mediation case about the complaint
// that the principal may see, or nil.
func (h *Handler) caseOfComplaint(ctx context.Context, c *complaint.Complaint, p fairshops.Principal) (*mediation.Case, error) {
	return h.mediation.ForComplaint(ctx, p, c.ID)
}

// newCaseView renders a case for a party in lang.
func (h *Handler) newCaseView(cs *mediation.Case, party fairshops.Role, lang fairshops.Language, today fairshops.Date) *caseView {
	mm := mediation.Messages()
	v := &caseView{C: cs, State: cs.State.Name(lang), Fee: cs.Fee}
	if cs.Deadline.Kind != "" && !cs.State.Final() {
		v.Deadline, v.Due = h.web.t(lang, "case.deadline."+string(cs.Deadline.Kind)), cs.Deadline.Due
	}
	for _, st := range cs.Statements {
		v.Statements = append(v.Statements, statementView{Party: mm.Render(lang, "role."+string(st.Party)),
			Mine: st.Party == party, Statement: st})
	}
	if p := cs.Current(); p != nil && cs.State == mediation.Proposed {
		pv := &proposalView{ID: p.ID, Number: p.Number, AnswersDue: p.AnswersDue, Rationale: p.Draft.Rationale.Text(lang)}
		settled, contested := cs.MergedFacts().FactsText(lang)
		for _, o := range p.Draft.Options {
			ov := optionView{ID: o.ID, Kind: o.Kind.Name(lang), Rationale: o.Rationale.Text(lang), Note: o.Note,
				Settled: settled, Contested: contested}
			if len(o.Basis) > 0 {
				ov.Basis = mm.Render(lang, "proposal.basis", strings.Join(o.Basis, "; "))
			}
			ov.Label = ov.Kind
			if !o.Amount.IsZero() {
				a := o.Amount
				ov.Amount = &a
				ov.Label += ": " + fairshops.FormatterFor(lang).Money(a)
			}
			for _, du := range o.Duties {
				ov.Duties = append(ov.Duties, du.Text(lang))
			}
			pv.Options = append(pv.Options, ov)
		}
		for _, a := range p.Answers {
			if a.Party == party {
				a := a
				pv.Mine = &a
			}
			who := mm.Render(lang, "role."+string(a.Party))
			if a.Accepted {
				name := a.OptionID
				for _, o := range pv.Options {
					if o.ID == a.OptionID {
						name = o.Label
					}
				}
				pv.Answers = append(pv.Answers, h.web.t(lang, "case.answer.accepted", who, name))
			} else {
				pv.Answers = append(pv.Answers, h.web.t(lang, "case.answer.rejected", who))
			}
		}
		v.Proposal = pv
	}
	if n := h.mediation.Notice(cs, lang); n != "" {
		v.Notice = strings.Split(strings.TrimSpace(n), "\n")
	}
	v.Obligations = h.obligationViews(cs, party, lang)
	v.Clock = caseClockView(cs, today)
	v.Clock.Ask = false
	v.Questions = h.questionViews(cs, party, lang)
	if !cs.State.Final() {
		for i := range v.Questions {
			if v.Questions[i].Open() {
				v.Open = &v.Questions[i]
				break
			}
		}
	}
	active := !cs.State.Final()
	v.Can = caseMoves{
		Cost:     party == fairshops.RoleConsumer && cs.State == mediation.AwaitingCostAcceptance,
		State:    cs.State == mediation.Open || cs.State == mediation.Statements,
		Answer:   v.Proposal != nil && v.Proposal.Mine == nil && !today.After(v.Proposal.AnswersDue),
		Withdraw: active && cs.RequestedBy == party,
		Leave:    cs.RequestedBy != party && slices.Contains([]mediation.State{mediation.Open, mediation.Statements, mediation.Proposed}, cs.State),
	}
	return v
}

// consumerPage answers GET /c/{id} with the case page (the private link
// /c/{id}?t= is the route guard's business: consumerLink).
func (h *Handler) consumerPage(w http.ResponseWriter, r *http.Request) {
	h.showConsumer(w, r, callerOf(r), http.StatusOK, nil)
}

// showConsumer renders the consumer's case page; formErr, when set, is a
// validation error of a form on the page, shown next to its fields (422).
func (h *Handler) showConsumer(w http.ResponseWriter, r *http.Request, c caller, status int, formErr error) {
	id := r.PathValue("id")
	who := consumerOf(c)
	got, err := h.complaints.Get(r.Context(), who, id)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	d, err := h.buildComplaintPage(r.Context(), got, who, c.lang, consumerBase(id))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "consumer.title", got.ID)
	if formErr != nil {
		p.Form.Values = r.PostForm
		addValidationErrors(p.Form, formErr, c.lang, h.threadLabels(c.lang))
	}
	p.Data = d
	h.render(w, r, status, "consumer", p)
}

// threadLabels names the fields of the message and statement forms.
func (h *Handler) threadLabels(lang fairshops.Language) func(string) string {
	return func(field string) string {
		switch field {
		case "body", "text":
			return h.web.t(lang, "form.field."+field)
		case answerField: // the reply to the moderator's question
			return h.web.t(lang, "case.question.answer")
		case "reason":
			return h.web.t(lang, "review.reason")
		}
		return ""
	}
}

// filedPage answers GET /c/{id}/filed: the confirmation after filing, with
// the private link shown once (from the flash cookie, deleted here) and the
// pre-check. Without the flash cookie it leads to the case page.
func (h *Handler) filedPage(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	id := r.PathValue("id")
	ck, err := h.readCookie(r, filedCookie)
	if err != nil || ck.Value == "" {
		seeOther(w, r, consumerBase(id))
		return
	}
	http.SetCookie(w, h.cookie(filedCookie, "", consumerBase(id)+"/filed", -1))
	tok := fairshops.Token(ck.Value)
	got, err := h.complaints.Get(r.Context(), fairshops.AsConsumer(tok), id)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	v, err := h.reg.View(r.Context(), got.ShopID)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	p := h.newPage(w, r, c, "filed.title")
	p.Data = struct {
		C        *complaint.Complaint
		Shop     fairshops.View
		Link     string
		Precheck precheck.View
		// FilesRefused: a file sent with the form was refused (the
		// complaint was filed without it).
		FilesRefused bool
	}{C: got, Shop: v, Link: h.absoluteURL(r, consumerBase(id)+"?t="+url.QueryEscape(tok.Reveal())),
		Precheck: h.precheckView(got.Precheck, c.lang), FilesRefused: r.URL.Query().Get("files") == "refused"}
	h.render(w, r, http.StatusOK, "filed", p)
}

// absoluteURL makes a link that can be copied: the scheme and host the
// request came in on, and the path.
func (h *Handler) absoluteURL(r *http.Request, p string) string {
	scheme := "https"
	if r.TLS == nil && h.insecureCookies {
		scheme = "http"
	}
	if fwd := h.forwardedProto(r); fwd != "" {
		scheme = fwd
	}
	return scheme + "://" + r.Host + p
}

// consumerAction is one of the consumer's forms under /c/{id} (the
// route's guard checked the form's CSRF token and the consumer's token): it
// acts as the consumer, and redirects to the case page with a notice, or
// shows the error.
func (h *Handler) consumerAction(do func(r *http.Request, p fairshops.Principal, id string) error, done string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := callerOf(r)
		id := r.PathValue("id")
		if err := do(r, consumerOf(c), id); err != nil {
			if fairshops.KindOf(err) == fairshops.Invalid {
				h.showConsumer(w, r, c, http.StatusUnprocessableEntity, err)
				return
			}
			h.webError(w, r, c, err)
			return
		}
		seeOther(w, r, consumerBase(id)+"?done="+done+"#"+done)
	}
}

// The consumer's forms (routes.go).

func (h *Handler) consumerMessage(r *http.Request, p fairshops.Principal, id string) error {
	_, err := h.complaints.AddMessage(r.Context(), p, id, r.PostFormValue("body"))
	return err
}

func (h *Handler) consumerWithdraw(r *http.Request, p fairshops.Principal, id string) error {
	_, err := h.complaints.Withdraw(r.Context(), p, id)
	return err
}

func (h *Handler) consumerResolve(r *http.Request, p fairshops.Principal, id string) error {
	_, err := h.complaints.Resolve(r.Context(), p, id)
	return err
}

func (h *Handler) consumerClose(r *http.Request, p fairshops.Principal, id string) error {
	_, err := h.complaints.CloseDeadlineMissed(r.Context(), p, id)
	return err
}

func (h *Handler) consumerRequestCase(r *http.Request, p fairshops.Principal, id string) error {
	// Reading the complaint first gives a stranger the 404 of the
	// complaint service.
	if _, err := h.complaints.Get(r.Context(), p, id); err != nil {
		return err
	}
	_, err := h.mediation.Request(r.Context(), p, mediation.RequestInput{ComplaintID: id})
	return err
}

func (h *Handler) consumerCaseMove(r *http.Request, p fairshops.Principal, id string) error {
	return h.caseMove(r, p, id)
}

// caseMove makes a party's move on the case of a complaint: cost
// (answer=accept|decline, consumer only), statement (text), answer
// (proposal, decision=accept with option, or reject with revision=true to
// ask for a revised proposal), confirm (obligation: an obligation of the
// settlement), not_received (obligation: one the other party confirmed as
// sent that did not arrive), question (answer: the reply to the moderator's open
// question, web_case_questions.go), withdraw, leave. A case of another complaint
// is not found.
func (h *Handler) caseMove(r *http.Request, mp fairshops.Principal, complaintID string) error {
	ctx, ms, caseID := r.Context(), h.mediation, r.PathValue("case")
	cs, err := ms.Get(ctx, mp, caseID)
	if err != nil {
		return err
	}
	if cs.ComplaintID != complaintID {
		return fairshops.E("web", fairshops.NotFound, caseID, "", nil)
	}
	switch r.PathValue("move") {
	case "cost":
		if mp.Role != fairshops.RoleConsumer {
			return fairshops.E("web", fairshops.Forbidden, caseID, "only the consumer answers the cost", nil)
		}
		switch r.PostFormValue("answer") {
		case "accept":
			_, err = ms.AcceptCost(ctx, mp, caseID)
		case "decline":
			_, err = ms.DeclineCost(ctx, mp, caseID)
		default:
			var p fairshops.Problems
			p.Add("answer", fairshops.ReasonRequired)
			return p.Err("web.cost")
		}
	case "statement":
		_, err = ms.AddStatement(ctx, mp, caseID, mediation.StatementInput{Text: r.PostFormValue("text")})
	case "answer":
		pid := r.PostFormValue("proposal")
		switch r.PostFormValue("decision") {
		case "accept":
			opt := r.PostFormValue("option")
			if opt == "" {
				var p fairshops.Problems
				p.Add("option", fairshops.ReasonRequired)
				return p.Err("web.answer")
			}
			_, err = ms.AcceptProposal(ctx, mp, caseID, pid, opt)
		case "reject":
			_, err = ms.RejectProposal(ctx, mp, caseID, pid, r.PostFormValue("revision") == "true")
		default:
			var p fairshops.Problems
			p.Add("decision", fairshops.ReasonRequired)
			return p.Err("web.answer")
		}
	case "confirm":
		err = caseObligationMove(ctx, mp, caseID, r.PostFormValue("obligation"), ms.ConfirmObligation)
	case "not_received":
		err = caseObligationMove(ctx, mp, caseID, r.PostFormValue("obligation"), ms.ReportNotReceived)
	case "question":
		err = caseAnswerQuestion(r, ms, mp, caseID)
	case "withdraw":
		_, err = ms.Withdraw(ctx, mp, caseID)
	case "leave":
		_, err = ms.Leave(ctx, mp, caseID)
	default:
		return fairshops.E("web", fairshops.NotFound, caseID, "no such move", nil)
	}
	return err
}
