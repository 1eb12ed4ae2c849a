package notify_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
)

// clockSamples are payloads of the clock events as complaint.EventData and
// mediation.EventData write them (docs/adr-paused-clocks.md): the sample
// data of their mails.
var clockSamples = map[string]string{
	"complaint.clock_paused": `{"complaint":"c_abc","shop":"s_shop","state":"forwarded",` +
		`"lang":"de","answer_due":"2026-03-24","message":"m_1","paused_on":"2026-03-05","resume_by":"2026-03-19"}`,
	"complaint.clock_resumed": `{"complaint":"c_abc","shop":"s_shop","state":"forwarded",` +
		`"lang":"de","answer_due":"2026-03-16","reason":"consumer_answered","paused_days":4}`,
	"mediation.question": `{"case":"k_1","complaint":"c_abc","shop":"s_shop","state":"statements","lang":"de",` +
		`"deadline":"proposal","due":"2026-07-14","party":"shop","resume_by":"2026-04-24"}`,
	"mediation.clock_paused": `{"case":"k_1","complaint":"c_abc","shop":"s_shop","state":"statements","lang":"de",` +
		`"deadline":"proposal","due":"2026-07-14","party":"shop","resume_by":"2026-04-24"}`,
	"mediation.question_answered": `{"case":"k_1","complaint":"c_abc","shop":"s_shop","state":"statements","lang":"de",` +
		`"deadline":"proposal","due":"2026-07-06","party":"shop"}`,
	"mediation.clock_resumed": `{"case":"k_1","complaint":"c_abc","shop":"s_shop","state":"statements","lang":"de",` +
		`"deadline":"proposal","due":"2026-07-06","paused_days":1,"resume_reason":"no_answer"}`,
}

// TestClockMails: the mails of paused clocks say who asked, that the
// deadline waits, until when at the latest, and on resume the new deadline
// (subject and body, text and HTML, in both languages).
func TestClockMails(t *testing.T) {
	tmpl := defaultTemplates(t)
	runMailCases(t, tmpl, []mailCase{
		{typ: "complaint.clock_paused", role: notify.RoleConsumer, lang: fairshops.German,
			subject: "Rückfrage zu Ihrer Beschwerde c_abc: Die Frist des Shops ist angehalten",
			text: []string{"Beispiel GmbH hat Ihnen zu Ihrer Beschwerde c_abc eine Frage gestellt",
				"längstens bis zum 19.03.2026", "endet seine Frist spätestens am 24.03.2026"},
			html: []string{"Beispiel GmbH hat Ihnen", "19.03.2026"}},
		{typ: "complaint.clock_paused", role: notify.RoleConsumer, lang: fairshops.English,
			subject: "A question about your complaint c_abc: the shop's deadline is paused",
			text:    []string{"Beispiel GmbH has asked you a question", "at the latest until 19 March 2026", "on 24 March 2026 at the latest"}},
		{typ: "complaint.clock_resumed", role: notify.RoleShop, lang: fairshops.German,
			subject: "Beschwerde c_abc: Ihre Antwortfrist läuft wieder, Antwort bis 16.03.2026",
			text:    []string{"hat auf Ihre Rückfrage zur Beschwerde c_abc geantwortet", "insgesamt 4 Tage", "bis zum 16.03.2026"}},
		{typ: "complaint.clock_resumed", role: notify.RoleShop, lang: fairshops.English,
			replaceData: map[string]any{"reason": "no_answer", "paused_days": 1.0},
			subject:     "Complaint c_abc: your answer deadline runs again, answer by 16 March 2026",
			text:        []string{"was not answered within 14 days", "paused for 1 day in total", "by 16 March 2026"},
			noText:      []string{"1 days"}},
		{typ: "mediation.question", role: notify.RoleShop, lang: fairshops.German,
			subject: "Frage der Streitmoderation im Vorgang c_abc",
			text:    []string{"hat Ihnen die Moderation des Konfliktservice eine Frage gestellt", "längstens bis zum 24.04.2026"},
			html:    []string{"<strong>längstens bis zum 24.04.2026</strong>"}},
		{typ: "mediation.question", role: notify.RoleShop, lang: fairshops.English,
			replaceData: map[string]any{"resume_by": nil}, // the question paused nothing
			subject:     "A question from the mediator in case c_abc",
			text:        []string{"the Konfliktservice's mediator has asked you a question"}, noText: []string{"paused"}},
		{typ: "mediation.clock_paused", role: notify.RoleConsumer, lang: fairshops.German,
			subject: "Streitmoderation c_abc: Frist für den Vorschlag angehalten",
			text:    []string{"dem Shop eine Frage gestellt", "längstens bis zum 24.04.2026", "spätestens am 14.07.2026", "nichts tun"}},
		{typ: "mediation.clock_paused", role: notify.RoleShop, lang: fairshops.English,
			replaceData: map[string]any{"party": "consumer"},
			subject:     "Dispute moderation c_abc: deadline for the proposal paused",
			text:        []string{"the mediator has asked the customer a question", "until 24 April 2026"}},
		{typ: "mediation.question_answered", role: notify.RoleOperator, lang: fairshops.German,
			subject: "Antwort auf Ihre Frage im Vorgang c_abc",
			text:    []string{"im Vorgang c_abc hat der Shop auf Ihre Frage geantwortet", "endet am 06.07.2026"}},
		{typ: "mediation.clock_resumed", role: notify.RoleConsumer, lang: fairshops.German,
			subject: "Streitmoderation c_abc: Frist läuft wieder, Vorschlag bis 06.07.2026",
			text:    []string{"blieb 14 Tage unbeantwortet", "spätestens am 06.07.2026", "insgesamt 1 Tag."}},
		{typ: "mediation.clock_resumed", role: notify.RoleShop, lang: fairshops.English,
			replaceData: map[string]any{"resume_reason": "consumer_answered", "paused_days": 5.0},
			subject:     "Dispute moderation c_abc: the deadline runs again, proposal by 6 July 2026",
			text:        []string{"the mediator's question has been answered", "paused for 5 days in total"}},
	})
}

// mailCase is one expected mail: the event type's sample payload
// (sampleData) for a recipient role in a language, with replaceData set
// (nil deletes the key); the subject exactly, text and html as parts of the
// plain text (lines joined) and the HTML, noText as parts the text must not
// have.
type mailCase struct {
	name        string // the subtest's name before the language; the type when empty
	typ, role   string
	lang        fairshops.Language
	replaceData map[string]any
	subject     string
	text, html  []string
	noText      []string
}

// runMailCases renders each case and checks it; no case may fall back to
// the generic mail.
func runMailCases(t *testing.T, tmpl *notify.Templates, cases []mailCase) {
	t.Helper()
	for _, tt := range cases {
		name := tt.name
		if name == "" {
			name = tt.typ
		}
		t.Run(name+"/"+string(tt.lang), func(t *testing.T) {
			data := sampleData(tt.typ, tt.role)
			for k, v := range tt.replaceData {
				if v == nil {
					delete(data.Data, k)
				} else {
					data.Data[k] = v
				}
			}
			r, err := tmpl.Render(tt.lang, data)
			require.NoError(t, err)
			require.Equal(t, tt.subject, r.Subject)
			for _, s := range tt.text {
				require.Contains(t, flat(r.Text), s)
			}
			for _, s := range tt.html {
				require.Contains(t, r.HTML, s)
			}
			for _, s := range tt.noText {
				require.NotContains(t, flat(r.Text), s)
			}
			require.NotContains(t, r.Text, "Neuigkeiten", "not the generic mail")
			require.NotContains(t, r.Text, "There is news", "not the generic mail")
		})
	}
}
