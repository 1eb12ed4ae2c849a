package notify_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestReviewMails: the mails of the human review of the pre-check (ADR
// Directive) in both languages, plain text and HTML: the operator learns
// the deadline, the consumer the outcome; and the consumer's mails about
// the check carry the automated label only when the wiring says the
// setting is on (Vars "automated"), never the shop's.
func TestReviewMails(t *testing.T) {
	tmpl := defaultTemplates(t)
	ev := func(typ, data string) fairshops.Event {
		return fairshops.Event{ID: "ev_1", Type: typ, Subject: "c_abc", Data: []byte(data)}
	}
	render := func(lang fairshops.Language, e fairshops.Event, role string, vars map[string]string) notify.Rendered {
		t.Helper()
		d := notify.TemplateData{Event: e, Role: role, Link: "https://konfliktservice.example/x", Vars: vars}
		d.Data = map[string]any{}
		require.NoError(t, json.Unmarshal(e.Data, &d.Data))
		r, err := tmpl.Render(lang, d)
		require.NoError(t, err)
		r.Text = strings.Join(strings.Fields(r.Text), " ") // the plain text is wrapped
		return r
	}
	requested := ev("complaint.review_requested", `{"complaint":"c_abc","reference":"KS-7KQ4-M2XD","review_due":"2026-12-09"}`)
	for _, tc := range []struct {
		lang               fairshops.Language
		subject, text, due string
	}{
		{fairshops.German, "Überprüfung der Vorprüfung verlangt: Beschwerde KS-7KQ4-M2XD, Antwort bis 09.12.2026", "bis zum 09.12.2026",
			"bis zum <strong>09.12.2026</strong>"},
		{fairshops.English, "Review of the pre-check requested: complaint KS-7KQ4-M2XD, answer by 9 December 2026", "by 9 December 2026",
			"by <strong>9 December 2026</strong>"},
	} {
		r := render(tc.lang, requested, notify.RoleOperator, nil)
		require.Equal(t, tc.subject, r.Subject)
		require.Contains(t, r.Text, tc.text)
		require.Contains(t, r.HTML, tc.due)
	}

	for _, tc := range []struct {
		lang                fairshops.Language
		outcome, want, lack string
	}{
		{fairshops.German, "corrected", "wurde in einem Teil berichtigt", "wird bestätigt"},
		{fairshops.German, "confirmed", "wird bestätigt", "berichtigt"},
		{fairshops.English, "corrected", "was corrected in part", "is confirmed"},
		{fairshops.English, "confirmed", "is confirmed", "corrected"},
	} {
		r := render(tc.lang, ev("complaint.review_answered", `{"complaint":"c_abc","reason":"`+tc.outcome+`"}`), notify.RoleConsumer, nil)
		require.Contains(t, r.Text, tc.want)
		require.Contains(t, r.HTML, tc.want)
		require.NotContains(t, r.Text, tc.lack)
	}

	labels := map[fairshops.Language]string{
		fairshops.German:  "Erstprüfung Ihrer Beschwerde ist automatisiert (regelbasiert)",
		fairshops.English: "first check of your complaint is automated (rule-based)",
	}
	on := map[string]string{"automated": "1"}
	for lang, label := range labels {
		for _, typ := range []string{"complaint.submitted", "complaint.rechecked", notify.TypeAccessFiled} {
			e := ev(typ, `{"complaint":"c_abc","to_revision":2}`)
			r := render(lang, e, notify.RoleConsumer, on)
			require.Contains(t, r.Text, label, "%s %s", typ, lang)
			require.Contains(t, r.HTML, label, "%s %s", typ, lang)
			r = render(lang, e, notify.RoleConsumer, nil)
			require.NotContains(t, r.Text, label, "without the setting")
			require.NotContains(t, r.HTML, label, "without the setting")
			r = render(lang, e, notify.RoleShop, on)
			require.NotContains(t, r.Text, label, "the shop's mail")
			require.NotContains(t, r.HTML, label, "the shop's mail")
		}
	}
}

// TestLinkMailerLabelsTheAutomatedCheck: with ADRDirective the filing's
// confirmation, which the complaint service mails itself, says that the
// first check is automated; without, it does not.
func TestLinkMailerLabelsTheAutomatedCheck(t *testing.T) {
	for _, on := range []bool{false, true} {
		l := &notify.LinkMailer{Sender: &collectSender{}, From: fromAddr, BaseURL: "https://k.example", ADRDirective: on}
		msg, err := l.Message(context.Background(), complaint.AccessMail{Kind: complaint.MailFiled,
			To: complaint.Contact{Email: "erika@example.org"}, Lang: fairshops.English,
			Links: []complaint.AccessLink{{Complaint: "c_1", Reference: "KS-7KQ4-M2XF", Token: "t1"}}})
		require.NoError(t, err)
		var b strings.Builder
		_, err = msg.WriteTo(&b)
		require.NoError(t, err)
		// The body is quoted-printable: compare words without soft breaks.
		raw := strings.ReplaceAll(strings.ReplaceAll(b.String(), "=\r\n", ""), "=\n", "")
		if on {
			require.Contains(t, raw, "(rule-based) and no legal advice")
		} else {
			require.NotContains(t, raw, "rule-based")
		}
	}
}
