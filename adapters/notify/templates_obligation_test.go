package notify_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
)

// obligationSamples are payloads of the obligation events as
// mediation.EventData writes them (docs/adr-settlement-obligations.md): the
// shop owes a refund of 32.40 EUR in the first of two instalments.
var obligationSamples = map[string]string{
	"mediation.obligation_reminder": `{"case":"k_1","complaint":"c_abc","shop":"s_shop","state":"settled","lang":"de",` +
		`"due":"2026-04-15","party":"shop","owing":"shop","obligation":"ob1","action":"refund",` +
		`"amount":{"amount":"32.4","currency":"EUR"},"instalment":1}`,
	"mediation.obligation_confirmed": `{"case":"k_1","complaint":"c_abc","shop":"s_shop","state":"settled","lang":"de",` +
		`"due":"2026-04-15","party":"shop","owing":"shop","obligation":"ob1","action":"refund",` +
		`"amount":{"amount":"32.4","currency":"EUR"},"instalment":1}`,
	"mediation.obligation_disputed": `{"case":"k_1","complaint":"c_abc","shop":"s_shop","state":"settled","lang":"de",` +
		`"due":"2026-04-15","party":"shop","owing":"shop","obligation":"ob1","action":"refund",` +
		`"amount":{"amount":"32.4","currency":"EUR"},"instalment":1}`,
	"mediation.obligation_missed": `{"case":"k_1","complaint":"c_abc","shop":"s_shop","state":"settled","lang":"de",` +
		`"due":"2026-04-15","party":"shop","owing":"shop","obligation":"ob1","action":"refund",` +
		`"amount":{"amount":"32.4","currency":"EUR"},"instalment":1}`,
}

// TestObligationMails: the mails of a settlement's obligations name the
// duty (what, how much, which instalment), its day and what the reader is
// to do: the reminder the owing party, the confirmation whether it was
// performed or received (and by whom), the miss the operator.
func TestObligationMails(t *testing.T) {
	tmpl := defaultTemplates(t)
	runMailCases(t, tmpl, []mailCase{
		{name: "reminder", typ: "mediation.obligation_reminder", role: notify.RoleShop, lang: fairshops.German,
			subject: "Erinnerung: Ihre Leistung aus der Einigung im Vorgang c_abc ist am 15.04.2026 fällig",
			text: []string{"haben Sie zugesagt: die Erstattung von 32,40 EUR (Rate 1), fällig am 15.04.2026.",
				"Bitte bestätigen Sie im Vorgang mit einem Klick"},
			html: []string{"<p>in der Einigung zum Vorgang c_abc haben Sie zugesagt: die Erstattung von 32,40 EUR (Rate 1)"}},
		{name: "reminder", typ: "mediation.obligation_reminder", role: notify.RoleShop, lang: fairshops.English,
			subject: "Reminder: your duty under the settlement in case c_abc is due on 15 April 2026",
			text:    []string{"you agreed to: the refund of 32.40 EUR (instalment 1), due on 15 April 2026."}},
		{name: "reminder of the consumer's return", typ: "mediation.obligation_reminder", role: notify.RoleConsumer,
			lang:        fairshops.German,
			replaceData: map[string]any{"party": "consumer", "owing": "consumer", "action": "return_goods", "amount": nil, "instalment": nil},
			subject:     "Erinnerung: Ihre Leistung aus der Einigung im Vorgang c_abc ist am 15.04.2026 fällig",
			text:        []string{"haben Sie zugesagt: die Rücksendung der Ware, fällig am 15.04.2026."},
			noText:      []string{"Rate", "EUR"}},
		{name: "sent, to the consumer", typ: "mediation.obligation_confirmed", role: notify.RoleConsumer, lang: fairshops.German,
			subject: "Einigung c_abc: Leistung als erbracht bestätigt",
			text: []string{"im Vorgang c_abc hat der Shop bestätigt, diese Leistung aus der Einigung erbracht zu haben: die Erstattung von 32,40 EUR (Rate 1), fällig am 15.04.2026.",
				"Bitte bestätigen Sie im Vorgang, sobald Sie die Leistung erhalten haben."}},
		{name: "sent, to the shop that confirmed", typ: "mediation.obligation_confirmed", role: notify.RoleShop, lang: fairshops.German,
			subject: "Einigung c_abc: Leistung als erbracht bestätigt",
			text:    []string{"im Vorgang c_abc haben Sie bestätigt, diese Leistung", "Sie müssen dafür nichts weiter tun."},
			noText:  []string{"sobald Sie die Leistung erhalten haben"}},
		{name: "received, to the shop", typ: "mediation.obligation_confirmed", role: notify.RoleShop, lang: fairshops.English,
			replaceData: map[string]any{"party": "consumer"},
			subject:     "Settlement c_abc: receipt confirmed",
			text: []string{"The customer has confirmed in case c_abc the receipt of this duty under the settlement: the refund of 32.40 EUR (instalment 1), due on 15 April 2026.",
				"There is nothing more you need to do."}},
		{name: "missed", typ: "mediation.obligation_missed", role: notify.RoleOperator, lang: fairshops.German,
			subject: "Einigung c_abc: Leistung nicht fristgerecht bestätigt",
			text: []string{"Der Shop hat zugesagt: die Erstattung von 32,40 EUR (Rate 1), fällig am 15.04.2026; auch die Nachfrist ist abgelaufen.",
				"Der Vorgang ist wieder geöffnet."}},
		{name: "missed", typ: "mediation.obligation_missed", role: notify.RoleOperator, lang: fairshops.English,
			replaceData: map[string]any{"action": "issue_voucher"},
			subject:     "Settlement c_abc: duty not confirmed in time",
			text:        []string{"The shop agreed to: a voucher of 32.40 EUR (instalment 1), due on 15 April 2026"}},
		{name: "disputed, to the operator", typ: "mediation.obligation_disputed", role: notify.RoleOperator, lang: fairshops.German,
			subject: "Einigung c_abc: Leistung als nicht erhalten gemeldet",
			text: []string{"im Vorgang c_abc meldet die Kundin oder der Kunde, diese Leistung aus der Einigung nicht erhalten zu haben: die Erstattung von 32,40 EUR (Rate 1), fällig am 15.04.2026. Der Shop hatte sie als erbracht bestätigt.",
				"tragen Sie das Ergebnis im Vorgang ein"}},
		{name: "disputed, to the shop", typ: "mediation.obligation_disputed", role: notify.RoleShop, lang: fairshops.English,
			subject: "Settlement c_abc: duty reported as not received",
			text: []string{"In case c_abc the customer reports not having received this duty under the settlement: the refund of 32.40 EUR (instalment 1), due on 15 April 2026. You had confirmed it as done.",
				"Please have proof ready"},
			noText: []string{"record the outcome"}},
		{name: "an action this version does not know", typ: "mediation.obligation_missed", role: notify.RoleOperator,
			lang: fairshops.German, replaceData: map[string]any{"action": "teleport", "instalment": nil},
			subject: "Einigung c_abc: Leistung nicht fristgerecht bestätigt",
			text:    []string{"Der Shop hat zugesagt: die Leistung aus der Einigung, fällig am 15.04.2026"},
			noText:  []string{"teleport"}},
	})
}
