package portal_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

// The 9 complaint categories and 26 pre-check rule IDs of
// /work/shared/domain/precheck-rules.md: every one needs an article in every
// language.
var (
	categoryKeys = []string{"not_as_described", "not_ordered", "delivery", "return", "payment", "withdrawal", "warranty", "data", "other"}
	ruleIDs      = []string{
		"scope.not_consumer", "contact.shop_first",
		"withdrawal.in_period", "withdrawal.period_extended", "withdrawal.expired", "withdrawal.exception_claimed", "withdrawal.not_yet_started",
		"refund.overdue", "refund.may_be_withheld",
		"warranty.in_period", "warranty.expired", "warranty.presumed_at_delivery", "warranty.burden_on_consumer", "warranty.cure_first", "warranty.cure_overdue",
		"delivery.transit_risk_on_shop", "delivery.overdue", "delivery.set_deadline", "delivery.withdraw_possible",
		"order.unsolicited", "withdrawal.button_missing", "defence.late_notice_invalid",
		"data.request_overdue", "data.request_pending", "payment.refund_missing", "other.displeasure",
	}
	topicKeys = []string{"ordering", "delivery", "transit_damage", "withdrawal", "returns", "refunds", "payment", "warranty", "guarantees", "data_protection", "disputes"}
)

func defaultLibrary(t testing.TB) *portal.Library {
	t.Helper()
	lib, err := portal.LoadDefault()
	require.NoError(t, err, "the shipped content must load without problems")
	return lib
}

func TestDefaultContent(t *testing.T) {
	t.Parallel()
	lib := defaultLibrary(t)
	require.GreaterOrEqual(t, len(lib.Articles), 30)
	var keys []string
	for _, tp := range lib.Topics {
		keys = append(keys, tp.Key)
	}
	require.Equal(t, topicKeys, keys)
	known := map[string]bool{}
	for _, k := range append(append([]string{}, categoryKeys...), ruleIDs...) {
		known[k] = true
	}
	for _, a := range lib.Articles {
		for _, l := range fairshops.Languages() {
			_, ok := a.Translation(l)
			require.True(t, ok, "%s has no %s translation", a.Slug, l)
		}
		for _, tag := range a.Tags {
			require.True(t, known[tag], "%s: tag %q is neither a category key nor a rule ID", a.Slug, tag)
		}
		for _, tr := range a.Translations {
			require.NotContains(t, strings.ToLower(string(tr.HTML())), "raw html omitted", a.Slug)
		}
	}
}

// TestCoverage: every category key and every rule ID has an article in
// German and English.
func TestCoverage(t *testing.T) {
	t.Parallel()
	lib := defaultLibrary(t)
	require.Len(t, categoryKeys, 9)
	require.Len(t, ruleIDs, 26)
	for _, tag := range append(append([]string{}, categoryKeys...), ruleIDs...) {
		for _, lang := range fairshops.Languages() {
			found := false
			for _, a := range lib.Articles {
				if _, ok := a.Translation(lang); ok && a.HasTag(tag) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("no %s article is tagged %q", lang, tag)
			}
		}
	}
}

// relevance lists queries readers type and the article each must find in
// the top 3.
var relevance = []struct {
	q    string
	lang fairshops.Language
	want string
}{
	// German: compounds and their split forms
	{"Rücksendekosten", "de", "ruecksendekosten"},
	{"Kosten der Rücksendung", "de", "ruecksendekosten"},
	{"Wer zahlt das Rückporto", "de", "ruecksendekosten"},
	{"Widerrufsfrist", "de", "widerrufsfrist"},
	{"Frist für den Widerruf", "de", "widerrufsfrist"},
	{"Widerrufsbelehrung fehlt", "de", "widerruf-ohne-belehrung"},
	{"Belehrung über den Widerruf fehlerhaft", "de", "widerruf-ohne-belehrung"},
	{"Widerrufsbutton", "de", "widerrufsbutton"},
	{"Button zum Widerrufen fehlt", "de", "widerrufsbutton"},
	{"Datenauskunft", "de", "datenauskunft"},
	{"Auskunft über meine Daten", "de", "datenauskunft"},
	{"Transportschaden", "de", "transportschaden"},
	{"Schaden beim Transport", "de", "transportschaden"},
	// German: umlauts typed as ae/oe/ue/ss or dropped
	{"Ruecksendekosten", "de", "ruecksendekosten"},
	{"Gewaehrleistung", "de", "gewaehrleistung-grundlagen"},
	{"Gewahrleistung Rechte", "de", "gewaehrleistung-grundlagen"},
	{"Kaeuferschutz", "de", "zahlungsarten-kaeuferschutz"},
	{"Massanfertigung zurückgeben", "de", "widerruf-ausnahmen"},
	{"Ruegepflicht", "de", "keine-ruegepflicht"},
	{"Nacherfuellung gescheitert", "de", "nacherfuellung-gescheitert"},
	{"Datenloeschung", "de", "datenloeschung-werbung"},
	// German: plural and singular
	{"Pakete verloren", "de", "paket-verloren"},
	{"Fristen beim Widerruf", "de", "widerrufsfrist"},
	{"Mängel melden", "de", "keine-ruegepflicht"},
	{"Ausnahmen Widerrufsrecht", "de", "widerruf-ausnahmen"},
	// German: synonyms and everyday words
	{"Geld zurück nach Widerruf", "de", "erstattung-nach-widerruf"},
	{"Rückzahlung fehlt", "de", "rueckzahlung-fehlt"},
	{"Händler erstattet nicht", "de", "rueckzahlung-fehlt"},
	{"Erstattung zurückhalten bis Ware zurück", "de", "erstattung-zurueckbehalten"},
	{"Sendung nicht angekommen", "de", "paket-verloren"},
	{"Ware kaputt angekommen", "de", "transportschaden"},
	{"Lieferung verspätet", "de", "lieferverzug"},
	{"Nachfrist setzen", "de", "nachfrist-setzen"},
	{"vom Kauf zurücktreten weil nicht geliefert", "de", "ruecktritt-nichtlieferung"},
	{"Rechnung für nicht bestellte Ware", "de", "nicht-bestellte-ware"},
	{"wann ist der Vertrag geschlossen", "de", "bestellung-vertragsschluss"},
	{"Werbung stoppen", "de", "datenloeschung-werbung"},
	{"Lastschrift zurückbuchen", "de", "lastschrift-rueckbuchung"},
	{"Garantie vom Hersteller", "de", "garantie-und-gewaehrleistung"},
	{"wer muss den Mangel beweisen", "de", "beweislastumkehr"},
	{"Reparatur oder Ersatz", "de", "nacherfuellung-zuerst"},
	{"Minderung des Kaufpreises", "de", "nacherfuellung-gescheitert"},
	{"Artikel entspricht nicht der Beschreibung", "de", "ware-weicht-ab"},
	{"Widerruf bevor die Ware geliefert wurde", "de", "widerruf-vor-lieferung"},
	{"Widerrufsfrist verpasst", "de", "widerruf-zu-spaet"},
	{"Reklamation an den Shop schreiben", "de", "beschwerde-an-den-shop"},
	{"Schlichtungsstelle", "de", "streitbeilegung-wege"},
	{"unfreundlicher Kundenservice", "de", "unzufriedenheit-melden"},
	{"Kauf als Unternehmer", "de", "verbraucher-oder-unternehmer"},
	{"Einlieferungsbeleg Rücksendung", "de", "ruecksendung-nachweis"},
	{"Widerrufsrecht Grundlagen", "de", "widerrufsrecht-grundlagen"},
	// German: law revision 2 (new articles and corrections)
	{"Widerruf nach Download", "de", "digitale-inhalte"},
	{"Streaming Abo widerrufen", "de", "digitale-inhalte"},
	{"Updates für App", "de", "digitale-inhalte"},
	{"Verjährung Gewährleistung", "de", "verjaehrung"},
	{"Hemmung durch Verhandlungen", "de", "verjaehrung"},
	{"Frist nach Reparatur", "de", "verjaehrung"},
	{"gebrauchte Ware ein Jahr Gewährleistung", "de", "gebrauchte-ware"},
	{"Kauf von privat gekauft wie gesehen", "de", "gebrauchte-ware"},
	{"refurbished Handy Mangel", "de", "gebrauchte-ware"},
	{"Regress beim Lieferanten", "de", "garantie-und-gewaehrleistung"},
	{"Konzertkarte zurückgeben", "de", "widerruf-ausnahmen"},
	{"Widerruf rechtzeitig abgesendet", "de", "widerruf-zu-spaet"},
	{"Beweislast beim Tierkauf", "de", "beweislastumkehr"},
	{"Verzug ohne Mahnung Erstattung", "de", "rueckzahlung-fehlt"},
	{"fester Liefertermin ohne Nachfrist", "de", "nachfrist-setzen"},
	{"Europäisches Verbraucherzentrum", "de", "streitbeilegung-wege"},
	// English
	{"return shipping costs", "en", "ruecksendekosten"},
	{"who pays the return postage", "en", "ruecksendekosten"},
	{"withdrawal period", "en", "widerrufsfrist"},
	{"parcel lost", "en", "paket-verloren"},
	{"package never arrived", "en", "paket-verloren"},
	{"parcels damaged in transit", "en", "transportschaden"},
	{"refund missing", "en", "rueckzahlung-fehlt"},
	{"money back after cancellation", "en", "erstattung-nach-widerruf"},
	{"shop holds back refund", "en", "erstattung-zurueckbehalten"},
	{"late delivery", "en", "lieferverzug"},
	{"defective goods warranty", "en", "gewaehrleistung-grundlagen"},
	{"guarantee or warranty", "en", "garantie-und-gewaehrleistung"},
	{"unsolicited goods invoice", "en", "nicht-bestellte-ware"},
	{"data access request", "en", "datenauskunft"},
	{"delete my data", "en", "datenloeschung-werbung"},
	{"chargeback credit card", "en", "lastschrift-rueckbuchung"},
	{"burden of proof defect", "en", "beweislastumkehr"},
	{"repair or replacement", "en", "nacherfuellung-zuerst"},
	{"complaint to the seller", "en", "beschwerde-an-den-shop"},
	{"dispute resolution", "en", "streitbeilegung-wege"},
	{"consumer or business", "en", "verbraucher-oder-unternehmer"},
	{"withdrawal button", "en", "widerrufsbutton"},
	{"proof of return", "en", "ruecksendung-nachweis"},
	{"further deadline for delivery", "en", "nachfrist-setzen"},
	{"made to measure exception", "en", "widerruf-ausnahmen"},
	// English: law revision 2
	{"withdrawal after download", "en", "digitale-inhalte"},
	{"cancel streaming subscription", "en", "digitale-inhalte"},
	{"limitation period warranty", "en", "verjaehrung"},
	{"negotiations suspend limitation", "en", "verjaehrung"},
	{"second-hand goods one year warranty", "en", "gebrauchte-ware"},
	{"private seller sold as seen", "en", "gebrauchte-ware"},
	{"supplier recourse", "en", "garantie-und-gewaehrleistung"},
	{"concert ticket withdrawal", "en", "widerruf-ausnahmen"},
	{"withdrawal sent in time", "en", "widerruf-zu-spaet"},
	{"burden of proof animals", "en", "beweislastumkehr"},
	{"default without reminder refund", "en", "rueckzahlung-fehlt"},
	{"fixed delivery date essential", "en", "nachfrist-setzen"},
	{"European Consumer Centre", "en", "streitbeilegung-wege"},
}

func TestRelevance(t *testing.T) {
	t.Parallel()
	lib := defaultLibrary(t)
	ix := portal.BuildIndex(lib.Articles, lib.Topics)
	require.GreaterOrEqual(t, len(relevance), 40)
	for _, tc := range relevance {
		t.Run(string(tc.lang)+"/"+tc.q, func(t *testing.T) {
			if _, ok := lib.Article(tc.want); !ok {
				t.Fatalf("test names unknown article %s", tc.want)
			}
			res, err := ix.Search(portal.SearchRequest{Q: tc.q, Lang: tc.lang, Limit: 3})
			require.NoError(t, err)
			var got []string
			for _, h := range res.Hits {
				if h.Slug == tc.want {
					return
				}
				got = append(got, fmt.Sprintf("%s (%.2f)", h.Slug, h.Score))
			}
			t.Errorf("%q (%s): want %s in the top 3, got %v", tc.q, tc.lang, tc.want, got)
		})
	}
}

// TestFindingLinks: the pre-check findings of law revision 2 lead to the
// articles that explain them, the general article before the special one
// (a used-goods or digital-content article must not head the links of every
// warranty or withdrawal complaint).
func TestFindingLinks(t *testing.T) {
	t.Parallel()
	lib := defaultLibrary(t)
	ix := portal.BuildIndex(lib.Articles, lib.Topics)
	tests := []struct {
		category string
		rules    []string
		want     []string // in this order among the links, others may lie between
	}{
		{"warranty", []string{"warranty.expired"}, []string{"gewaehrleistung-grundlagen", "verjaehrung", "gebrauchte-ware"}},
		{"warranty", []string{"warranty.in_period", "warranty.burden_on_consumer"}, []string{"gewaehrleistung-grundlagen", "verjaehrung", "beweislastumkehr"}},
		{"not_as_described", []string{"warranty.in_period"}, []string{"ware-weicht-ab", "gewaehrleistung-grundlagen", "verjaehrung"}},
		{"payment", []string{"payment.refund_missing", "refund.overdue"}, []string{"rueckzahlung-fehlt"}},
		{"withdrawal", []string{"withdrawal.exception_claimed"}, []string{"widerruf-ausnahmen", "digitale-inhalte"}},
		{"withdrawal", []string{"withdrawal.expired"}, []string{"widerruf-zu-spaet"}},
		{"withdrawal", []string{"withdrawal.in_period", "refund.overdue"}, []string{"widerrufsrecht-grundlagen", "rueckzahlung-fehlt"}},
		{"delivery", []string{"delivery.overdue", "delivery.set_deadline"}, []string{"lieferverzug", "nachfrist-setzen"}},
		{"other", []string{"contact.shop_first"}, []string{"beschwerde-an-den-shop", "streitbeilegung-wege"}},
	}
	for _, tc := range tests {
		t.Run(tc.category+"/"+strings.Join(tc.rules, "+"), func(t *testing.T) {
			var got []string
			for _, ref := range ix.ForFindings(tc.category, tc.rules, fairshops.German, 0) {
				got = append(got, ref.Slug)
			}
			at := -1
			for _, slug := range tc.want {
				i := slices.Index(got, slug)
				require.Greater(t, i, at, "%s must follow %v in %v", slug, tc.want, got)
				at = i
			}
		})
	}
}
