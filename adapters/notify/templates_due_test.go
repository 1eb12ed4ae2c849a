package notify_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// mediationEventTypes are the event types of a case (mediation/events.go).
var mediationEventTypes = []string{mediation.EventRequested, mediation.EventDeclined, mediation.EventCostRequested,
	mediation.EventOpened, mediation.EventStatement, mediation.EventFileComplete, mediation.EventProposed,
	mediation.EventAnswered, mediation.EventSettled, mediation.EventFailed, mediation.EventExpired,
	mediation.EventWithdrawn, mediation.EventReminder, mediation.EventObligationReminder,
	mediation.EventObligationConfirmed, mediation.EventObligationMissed}

// deadlineKinds are the deadline kinds event payloads carry under
// "deadline": never a date, so never shown where a date belongs.
var deadlineKinds = []string{string(mediation.DeadlineDecision), string(mediation.DeadlineCost),
	string(mediation.DeadlineStatements), string(mediation.DeadlineProposal), string(mediation.DeadlineAnswers),
	string(mediation.DeadlineRevision), string(carrierclaim.Notice), string(carrierclaim.Limitation)}

// TestMailsShowTheDueDate renders the mail of every event type of the
// domains, with the payload types the domains write (so the keys are
// theirs: complaint "answer_due", mediation "deadline" for the kind and
// "due" for the day), in German and English: a mail about a deadline shows
// its day formatted for the reader, a mail without one leaves the date out,
// and no mail shows a raw date or a deadline's kind as a date.
func TestMailsShowTheDueDate(t *testing.T) {
	tmpl := defaultTemplates(t)
	due := fairshops.MustDate("2026-03-10")
	forwarded := func(d fairshops.Date) complaint.EventData {
		return complaint.EventData{Complaint: "c_abc", Reference: "KS-7KQ4-M2XD", Shop: "s_shop", State: complaint.Forwarded,
			Category: precheck.Delivery, Lang: fairshops.German, AnswerDue: d}
	}
	caseData := func(kind mediation.DeadlineKind, d fairshops.Date) mediation.EventData {
		return mediation.EventData{Case: "c_abc", Complaint: "c_0001", Shop: "s_shop", State: mediation.Proposed,
			Lang: fairshops.German, Deadline: kind, Due: d, Proposal: "p_1"}
	}
	type mail struct {
		name    string
		typ     string
		role    string
		data    any
		running bool // the payload carries the due day
		date    bool // the text and HTML show it
		subject bool // and so does the subject
	}
	// withDate: the mails that must name the deadline's day (others may).
	withDate := map[string]mail{
		complaint.EventForwarded:      {role: notify.RoleShop, date: true, subject: true},
		complaint.EventReminder:       {role: notify.RoleShop, date: true, subject: true},
		complaint.EventDeadlineMissed: {role: notify.RoleShop, date: true},
		mediation.EventProposed:       {role: notify.RoleShop, date: true},
	}
	var mails []mail
	add := func(name, typ string, data any, running bool) {
		m, ok := withDate[typ]
		if !ok {
			m.role = notify.RoleConsumer
		}
		m.name, m.typ, m.data, m.running = name, typ, data, running
		m.date = m.date && running
		m.subject = m.subject && running
		mails = append(mails, m)
	}
	for _, typ := range complaint.EventTypes() {
		add("answer due", typ, forwarded(due), true)
		add("no deadline running", typ, forwarded(fairshops.Date{}), false)
	}
	for _, typ := range mediationEventTypes {
		data := caseData(mediation.DeadlineAnswers, due)
		if strings.Contains(typ, "obligation") {
			data = mediation.EventData{Case: "c_abc", Complaint: "c_0001", Shop: "s_shop", State: mediation.Settled,
				Lang: fairshops.German, Obligation: "o_1", Party: fairshops.RoleShop, Due: due}
		}
		add("deadline answers", typ, data, true)
		add("a kind without a day", typ, caseData(mediation.DeadlineAnswers, fairshops.Date{}), false)
	}
	for _, typ := range []string{carrierclaim.EventOpened, carrierclaim.EventNotified, carrierclaim.EventAnswered,
		carrierclaim.EventClosed, carrierclaim.EventReminder} {
		add("notice", typ, carrierclaim.EventData{Claim: "cc_1", Complaint: "c_abc", Incident: carrierclaim.Loss,
			State: carrierclaim.Notified, Deadline: carrierclaim.Notice, Due: due.String()}, true)
	}
	mails = append(mails, mail{name: "every kind on a proposal", typ: mediation.EventProposed, role: notify.RoleConsumer,
		data: caseData(mediation.DeadlineRevision, due), running: true, date: true})

	for _, m := range mails {
		for _, lang := range fairshops.Languages() {
			t.Run(fmt.Sprint(m.typ, "/", m.name, "/", lang), func(t *testing.T) {
				ev, err := fairshops.NewEvent(m.typ, "c_abc", "s_shop", mailNow, m.data)
				require.NoError(t, err)
				var data map[string]any
				require.NoError(t, json.Unmarshal(ev.Data, &data))
				r, err := tmpl.Render(lang, notify.TemplateData{Event: ev, Data: data, Role: m.role,
					Vars: map[string]string{"shop_name": "Beispiel GmbH"}})
				require.NoError(t, err)
				want := fairshops.FormatterFor(lang).Date(due)
				parts := map[string]string{"subject": r.Subject, "text": flat(r.Text), "html": r.HTML}
				for name, part := range parts {
					require.NotContains(t, part, due.String(), "%s: a raw date", name)
					for _, kind := range deadlineKinds {
						for _, prep := range []string{"bis zum ", "bis ", "am ", "by ", "on ", "<strong>"} {
							require.NotContains(t, part, prep+kind, "%s: a deadline's kind as its date", name)
						}
					}
					switch {
					case name == "subject" && m.subject, name != "subject" && m.date:
						require.Contains(t, part, want, "%s: the due date", name)
					case !m.running:
						require.NotContains(t, part, want, "%s: no date where none runs", name)
					}
				}
			})
		}
	}
}
