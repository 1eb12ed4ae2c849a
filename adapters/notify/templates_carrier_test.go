package notify_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
)

// claimData is the mail data of a carrier claim event with its payload
// (carrierclaim.EventData) and the complaint's reference the wiring looked
// up.
func claimData(typ, payload string) notify.TemplateData {
	ev := fairshops.Event{ID: "ev_1", Type: typ, Subject: "cc_1", ShopID: "s_shop", At: mailNow, Data: []byte(payload)}
	var data map[string]any
	_ = json.Unmarshal(ev.Data, &data)
	return notify.TemplateData{Event: ev, Data: data, Name: "Beispiel GmbH", Role: notify.RoleShop,
		Link: "https://konfliktservice.example/shop/complaints/c_abc", Vars: map[string]string{"reference": "KS-7KQ4-M2XD"}}
}

// TestCarrierClaimMails: each claim event reads what happened from its
// payload, in both languages, names the complaint's reference (never the
// claim's ID) and links the shop's view of the complaint.
func TestCarrierClaimMails(t *testing.T) {
	tmpl := defaultTemplates(t)
	tests := []struct {
		name    string
		lang    fairshops.Language
		typ     string
		payload string
		subject string
		text    []string
		noText  []string
	}{
		{name: "opened", lang: fairshops.German, typ: "carrier_claim.opened",
			payload: `{"claim":"cc_1","complaint":"c_abc","incident":"hidden_damage","state":"open"}`,
			subject: "Anspruch gegen den Paketdienst eröffnet (KS-7KQ4-M2XD)",
			text:    []string{"wegen eines äußerlich nicht erkennbaren Schadens eröffnet", "muss darauf nicht warten"}},
		{name: "opened in English", lang: fairshops.English, typ: "carrier_claim.opened",
			payload: `{"claim":"cc_1","complaint":"c_abc","incident":"loss","state":"open"}`,
			subject: "Claim against the carrier opened (KS-7KQ4-M2XD)",
			text:    []string{"claim against the carrier for the loss of the parcel"}},
		{name: "notified", lang: fairshops.German, typ: "carrier_claim.notified",
			payload: `{"claim":"cc_1","complaint":"c_abc","incident":"delay","state":"notified"}`,
			subject: "Schadensanzeige an den Paketdienst vermerkt (KS-7KQ4-M2XD)", text: []string{"§ 438 Abs. 4 HGB"}},
		{name: "answered: refuses", lang: fairshops.German, typ: "carrier_claim.answered",
			payload: `{"claim":"cc_1","complaint":"c_abc","incident":"loss","state":"refused","answer":"refuse"}`,
			subject: "Antwort des Paketdienstes (KS-7KQ4-M2XD)", text: []string{"Der Paketdienst lehnt ab"},
			noText: []string{"zahlt"}},
		{name: "answered: asks for documents", lang: fairshops.English, typ: "carrier_claim.answered",
			payload: `{"claim":"cc_1","complaint":"c_abc","incident":"loss","state":"answered","answer":"documents"}`,
			subject: "The carrier has answered (KS-7KQ4-M2XD)", text: []string{"The carrier asks for documents."}},
		{name: "closed: paid", lang: fairshops.German, typ: "carrier_claim.closed",
			payload: `{"claim":"cc_1","complaint":"c_abc","incident":"loss","state":"paid"}`,
			subject: "Anspruch gegen den Paketdienst abgeschlossen (KS-7KQ4-M2XD)", text: []string{"Der Paketdienst hat gezahlt"}},
		{name: "closed: time-barred", lang: fairshops.English, typ: "carrier_claim.closed",
			payload: `{"claim":"cc_1","complaint":"c_abc","incident":"loss","state":"time_barred"}`,
			subject: "Claim against the carrier closed (KS-7KQ4-M2XD)", text: []string{"closed: it is time-barred"}},
		{name: "reminder of the notice", lang: fairshops.German, typ: "carrier_claim.reminder",
			payload: `{"claim":"cc_1","complaint":"c_abc","incident":"hidden_damage","state":"open","deadline":"notice","due":"2026-11-27"}`,
			subject: "Erinnerung: Frist gegenüber dem Paketdienst (KS-7KQ4-M2XD)",
			text:    []string{"Die Frist für die Schadensanzeige endet am 27.11.2026."}},
		{name: "reminder of the limitation", lang: fairshops.English, typ: "carrier_claim.reminder",
			payload: `{"claim":"cc_1","complaint":"c_abc","incident":"loss","state":"refused","deadline":"limitation","due":"2027-11-20"}`,
			subject: "Reminder: deadline towards the carrier (KS-7KQ4-M2XD)",
			text:    []string{"the limitation period ends on 20 November 2027."}},
		{name: "document", lang: fairshops.German, typ: "carrier_claim.document_added",
			payload: `{"claim":"cc_1","complaint":"c_abc","incident":"loss","state":"notified","file":"f_x"}`,
			subject: "Neue Unterlage des Paketdienstes (KS-7KQ4-M2XD)", text: []string{"eine Unterlage zu Ihrem Anspruch"},
			noText: []string{"f_x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tmpl.Render(tt.lang, claimData(tt.typ, tt.payload))
			require.NoError(t, err)
			require.Equal(t, tt.subject, r.Subject)
			for _, s := range tt.text {
				require.Contains(t, flat(r.Text), s)
				require.Contains(t, r.HTML, s)
			}
			for _, s := range append(tt.noText, "cc_1") {
				require.NotContains(t, flat(r.Text), s)
				require.NotContains(t, r.HTML, s)
			}
			require.Contains(t, r.Text, "https://konfliktservice.example/shop/complaints/c_abc")
		})
	}
}
