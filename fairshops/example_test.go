package fairshops_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Load imports a catalogue and reports every problem with its JSON path.
func ExampleLoad() {
	_, err := fairshops.Load(strings.NewReader(`{
		"id": "my.standard", "version": "1", "valid_from": "2026-01-01", "bonus_threshold": -1,
		"areas": [], "criteria": [{"id": "must.x", "area": "nowhere", "kind": "must", "title": {"de": "X", "en": "X"}}]
	}`))
	fmt.Println(err)
	// Output:
	// fairshops.Load: invalid input: bonus_threshold: must not be negative; criteria[0].area: refers to something unknown: nowhere; criteria: no BONUS criterion carries the module themenportal; criteria: no BONUS criterion carries the module beschwerdeservice; criteria: no BONUS criterion carries the module streitmoderation
}

// Assess scores a shop on a date; Report explains the result in a language.
func ExampleCatalogue_Assess() {
	cat := fairshops.DefaultCatalogue()
	fulfilled := []string{
		"must.payment_buyer_protection", "must.withdrawal_exclusion_notice", "must.hotline_hours",
		"must.refund_in_time", "must.delivery_as_promised", "must.data_protection_requests",
	}
	bookings := []fairshops.Booking{{
		Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"), Purpose: fairshops.NeededForStandard,
	}}
	a := cat.Assess(fulfilled, bookings, fairshops.MustDate("2026-11-25"))
	r := a.Report(cat, fairshops.English)
	fmt.Println(r.Summary)
	fmt.Println("ways to close:", a.WaysToClose)
	// Output:
	// Not met: 40 of 50 bonus points, 10 missing.
	// ways to close: [[bonus.streitmoderation] [bonus.adr_participation] [bonus.free_shipping_and_returns]]
}

// View is what anyone may see of a shop: never the purpose of a booking.
func ExampleShop_View() {
	shop := fairshops.Shop{
		ID: "beispiel", Name: "Beispiel GmbH", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed, ValidUntil: fairshops.MustDate("2027-06-30")},
		Bookings: []fairshops.Booking{{
			Module: fairshops.Streitmoderation, From: fairshops.MustDate("2026-01-01"),
			Purpose: fairshops.ExtraTrust, MediationMode: fairshops.ConsumerMode,
		}},
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(shop.View(fairshops.MustDate("2026-11-25")))
	// Output:
	// {
	//   "id": "beispiel",
	//   "name": "Beispiel GmbH",
	//   "domain": "beispiel.example",
	//   "seal": {
	//     "status": "licensed",
	//     "valid_until": "2027-06-30"
	//   },
	//   "modules": [
	//     "themenportal",
	//     "beschwerdeservice",
	//     "streitmoderation"
	//   ],
	//   "mediation_mode": "consumer",
	//   "accepts_complaints": true,
	//   "as_of": "2026-11-25",
	//   "seal_valid": true
	// }
}

// DecodeShopFacts reads one assessment request and checks it against a catalogue.
func ExampleDecodeShopFacts() {
	_, err := fairshops.DecodeShopFacts([]byte(`{"fulfilled": ["must.nope"],
		"bookings": [{"module": "themenportal", "from": "2026-05-01", "mediation_mode": "consumer"}]}`),
		fairshops.DefaultCatalogue())
	fmt.Println(err)
	// Output:
	// fairshops.DecodeShopFacts: invalid input: fulfilled[0]: refers to something unknown: must.nope; bookings[0].mediation_mode: the module this needs is not booked
}

// A Registry keeps shops in a store and answers what a shop may use.
func ExampleRegistry() {
	ctx := context.Background()
	reg, _ := fairshops.NewRegistry(fairshops.RegistryConfig{
		Store:     memory.New().Shops(),
		Catalogue: fairshops.DefaultCatalogue(),
		Clock:     fairshops.NewManualClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)),
	})
	shop, err := reg.Register(ctx, fairshops.Shop{
		ID: "beispiel", Name: "Beispiel GmbH", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed},
		Bookings: []fairshops.Booking{{
			Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"), Purpose: fairshops.ExtraTrust,
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	e, _ := reg.Entitlements(ctx, shop.ID, reg.Today())
	fmt.Println("complaints:", e.ReceivesComplaints(), "mediation:", e.Mediates())
	// Output:
	// complaints: true mediation: false
}

// Time-ordered IDs sort by their creation time, to the millisecond, while
// their last 80 bits are random (here from a fixed reader, to show the
// shape; production code calls NewOrderedID, which reads crypto/rand).
func ExampleNewOrderedIDFrom() {
	morning := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	random := bytes.NewReader(bytes.Repeat([]byte{0xff}, 20))
	first, err := fairshops.NewOrderedIDFrom(random, "c", morning)
	if err != nil {
		fmt.Println(err)
		return
	}
	second, err := fairshops.NewOrderedIDFrom(random, "c", morning.Add(time.Millisecond))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(first)
	fmt.Println(second)
	fmt.Println(first < second)
	// Output:
	// c_06h13vqag3zzzzzzzzzzzzzzzw
	// c_06h13vqag7zzzzzzzzzzzzzzzw
	// true
}

// The formatter writes dates and money the way readers of each language
// expect them.
func ExampleFormatter() {
	due := fairshops.MustDate("2026-12-14")
	fee := fairshops.MustMoney("1234.5", fairshops.EUR)
	for _, lang := range fairshops.Languages() {
		f := fairshops.FormatterFor(lang)
		fmt.Println(f.Date(due), "|", f.Money(fee))
	}
	// Output:
	// 14.12.2026 | 1.234,50 EUR
	// 14 December 2026 | 1,234.50 EUR
}

// A counted text is written as "<key>#one" and "<key>#other"; Render picks
// the form by the count, its first argument.
func ExampleNewMessages_plural() {
	m := fairshops.NewMessages(map[fairshops.Language]map[string]string{
		fairshops.German:  {"missing#one": "%d Kriterium fehlt", "missing#other": "%d Kriterien fehlen"},
		fairshops.English: {"missing#one": "%d criterion is missing", "missing#other": "%d criteria are missing"},
	})
	for _, n := range []int{1, 2} {
		fmt.Println(m.Render(fairshops.German, "missing", n), "|", m.Render(fairshops.English, "missing", n))
	}
	// Output:
	// 1 Kriterium fehlt | 1 criterion is missing
	// 2 Kriterien fehlen | 2 criteria are missing
}

// ParseAmount reads an amount in the one format the service accepts from
// outside input, checked against the currency's minor unit.
func ExampleParseAmount() {
	for _, s := range []string{"49.90", "49.999", "1e3", "012"} {
		d, err := fairshops.ParseAmount(s, fairshops.EUR)
		fmt.Println(d, err != nil)
	}
	_, err := fairshops.ParseCurrency("XTS")
	fmt.Println(err)
	// Output:
	// 49.9 false
	// 0 true
	// 0 true
	// 0 true
	// currency "XTS": invalid
}

// A consumer types a shop's name the way they remember it: case, spaces,
// hyphens and umlauts do not matter, and a typo in a longer name is
// forgiven.
func ExampleMatchShop() {
	for _, q := range []string{"demo shop", "DEMOSHOP", "demo shpo", "mueller", "nothing"} {
		_, ok1 := fairshops.MatchShop(q, "demo-shop", "Demo-Shop", "demo.example")
		_, ok2 := fairshops.MatchShop(q, "m-1", "Müller", "mueller.example")
		fmt.Println(q, ok1, ok2)
	}
	// Output:
	// demo shop true false
	// DEMOSHOP true false
	// demo shpo true false
	// mueller false true
	// nothing false false
}
