// Package bench generates the data of the queue and dashboard benchmarks
// (issue 14, item 4): complaints spread over shops, with names, e-mail
// addresses, order references, German descriptions, states, deadlines,
// answers, assignments and standard violations, all drawn from a seeded
// generator, so that every run and every database gets the same data.
// The adapters' benchmarks bulk-load what it yields (adapters/sql:
// multi-row INSERTs in one transaction on SQLite, COPY on PostgreSQL).
//
// The size comes from the environment: FAIRSHOPS_BENCH_N complaints
// (default 10,000; the figure is 1,000,000) over
// FAIRSHOPS_BENCH_SHOPS shops (default N/100, at least 10; 10,000 for the
// issue's figure).
package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Config is the size and shape of the data.
type Config struct {
	Complaints int
	Shops      int
	Seed       uint64
	// End is the newest filing time; complaints are filed over the Days
	// days before it, oldest first.
	End  time.Time
	Days int
}

// DefaultN is the number of complaints without FAIRSHOPS_BENCH_N.
const DefaultN = 10_000

// FromEnv returns the config the environment asks for (see the package
// doc), ending at end.
func FromEnv(end time.Time) (Config, error) {
	cfg := Config{Complaints: DefaultN, Seed: 14, End: end, Days: 730}
	if s := os.Getenv("FAIRSHOPS_BENCH_N"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return cfg, fmt.Errorf("FAIRSHOPS_BENCH_N: want a positive number, got %q", s)
		}
		cfg.Complaints = n
	}
	cfg.Shops = max(cfg.Complaints/100, 10)
	if s := os.Getenv("FAIRSHOPS_BENCH_SHOPS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return cfg, fmt.Errorf("FAIRSHOPS_BENCH_SHOPS: want a positive number, got %q", s)
		}
		cfg.Shops = n
	}
	return cfg, nil
}

var (
	firstNames = strings.Fields(`Erika Hans Jana Olaf Petra Jürgen Sabine Thomas Monika Stefan Andrea Michael
		Claudia Frank Birgit Uwe Katrin Jörg Nicole Sven Anja Dirk Heike Matthias Susanne Torsten Julia Lukas
		Lena Jonas Marie Paul Sophie Felix Emma Leon Mia Ben Hannah Elias`)
	lastNames = strings.Fields(`Mustermann Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz
		Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann
		Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König
		Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn`)
	shopWords = strings.Fields(`Kaffee Garten Mode Schuh Technik Buch Spiel Sport Wein Tee Möbel Lampen Küche
		Outdoor Fahrrad Kinder Tier Schmuck Uhren Foto Musik Kosmetik Bio Haus Werkzeug Auto Camping Papier
		Stoff Bad`)
	shopKinds = strings.Fields(`Shop Markt Laden Welt Haus Versand Kontor Zentrale Depot Express`)
	words     = strings.Fields(`Paket Lieferung Rücksendung Erstattung Gutschrift Ware defekt beschädigt
		verspätet Retoure Widerruf Rechnung Mahnung Zahlung Kundendienst Antwort Garantie Gewährleistung Mangel
		Umtausch Ersatz Nachbesserung Versand Sendungsverfolgung Zusteller Kartonage Verpackung Bestellung
		Stornierung Rückzahlung Lastschrift Kreditkarte Überweisung Preis Versandkosten Lieferzeit Frist
		Telefon E-Mail Hotline Bildschirm Akku Kabel Schuhe Jacke Hose Kaffeemaschine Staubsauger Sofa Lampe
		Fahrrad Helm Rucksack Spielzeug Buch Uhr Ring Creme Reklamation Beschwerde Schaden Foto Nachweis
		Quittung Beleg Nummer Adresse Abholung Packstation Nachbar Filiale Zoll Gebühr`)
	fillers = strings.Fields(`ich habe am die der das und nicht noch keine leider seit wochen bitte um
		eine einen wurde ist war hat kam mir mein meine sehr schon wieder`)
	operators = []string{"anna", "olga", "peter", "ralf", "svenja"}
)

// ShopID is the ID of the i-th shop (0-based).
func ShopID(i int) string { return fmt.Sprintf("shop-%05d", i) }

// Shop returns the i-th shop of the data: its ID and a name such as
// "Kaffee-Markt 17".
func Shop(cfg Config, i int) *fairshops.Shop {
	at := cfg.End.AddDate(0, 0, -cfg.Days-30)
	name := shopWords[i%len(shopWords)] + "-" + shopKinds[(i/len(shopWords))%len(shopKinds)] + " " + strconv.Itoa(i)
	return &fairshops.Shop{ID: ShopID(i), Name: name, Domain: ShopID(i) + ".example", State: "BY",
		Seal:      fairshops.Seal{Status: fairshops.Licensed},
		Bookings:  []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2020-01-01"), Purpose: fairshops.ExtraTrust}},
		CreatedAt: at, UpdatedAt: at, Version: 1}
}

// Complaints calls fn with each complaint of the data, in filing order.
// The complaints are for bulk loading: their History holds only the
// entries the dashboard reads (answered, ended), without hashes, and they
// have no messages. fn may keep the complaint.
func Complaints(cfg Config, fn func(i int, c *complaint.Complaint) error) error {
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	span := time.Duration(cfg.Days) * 24 * time.Hour
	start := cfg.End.Add(-span)
	step := span / time.Duration(max(cfg.Complaints, 1))
	loc := fairshops.Berlin()
	today := fairshops.DateOf(cfg.End, loc)
	cats := precheck.Categories()
	for i := range cfg.Complaints {
		at := start.Add(time.Duration(i) * step).UTC().Truncate(time.Microsecond)
		// A skewed shop: a few shops get many complaints.
		shop := int(float64(cfg.Shops) * r.Float64() * r.Float64())
		first, last := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
		var d strings.Builder
		for n := 6 + r.IntN(10); n > 0; n-- {
			if d.Len() > 0 {
				d.WriteByte(' ')
			}
			if r.IntN(3) == 0 {
				d.WriteString(words[r.IntN(len(words))])
			} else {
				d.WriteString(fillers[r.IntN(len(fillers))])
			}
		}
		c := &complaint.Complaint{
			ID:        fmt.Sprintf("c_%013x%07d", at.UnixMicro(), i),
			ShopID:    ShopID(shop),
			Lang:      fairshops.German,
			Facts:     precheck.Facts{Category: cats[r.IntN(len(cats))], Description: d.String()},
			Contact:   complaint.Contact{Name: first + " " + last, Email: strings.ToLower(first+"."+last) + strconv.Itoa(i%97) + "@example.org"},
			OrderRef:  fmt.Sprintf("A-%07d", i),
			Reference: Reference(i),
			State:     complaint.Forwarded,
			Version:   1, CreatedAt: at, UpdatedAt: at,
		}
		if r.IntN(10) < 3 {
			c.Precheck.StandardViolations = []string{"must.refund_in_time"}
		}
		if r.IntN(5) == 0 {
			c.AssignedTo = operators[r.IntN(len(operators))]
		}
		filed := fairshops.DateOf(at, loc)
		c.ForwardedOn = filed
		c.AnswerDue = filed.AddDays(7)
		system := fairshops.Actor{Role: fairshops.RoleSystem}
		entry := func(day fairshops.Date, action string) {
			c.History = append(c.History, fairshops.Entry{Seq: len(c.History) + 1, At: day.In(loc).Add(12 * time.Hour), Actor: system, Action: action})
		}
		switch k := r.IntN(100); {
		case c.AnswerDue.After(today) && k < 70: // recent: still running
		case k < 55:
			c.State = complaint.Answered
			entry(filed.AddDays(1+r.IntN(9)), "answered") // some late
			if r.IntN(2) == 0 {
				c.State = complaint.Resolved
				entry(filed.AddDays(12), "resolved")
			}
		case k < 75:
			c.State, c.DeadlineMissed = complaint.Closed, true
			entry(c.AnswerDue.AddDays(3), "closed")
		case k < 85:
			c.State = complaint.Withdrawn
			entry(filed.AddDays(r.IntN(5)), "withdrawn")
		}
		if c.State != complaint.Forwarded {
			c.ReminderOn, c.NextDue = fairshops.Date{}, fairshops.Date{}
		}
		if err := fn(i, c); err != nil {
			return err
		}
	}
	return nil
}

// Reference is the i-th complaint's reference for people: unique per i
// (i < 29^7), with a valid check character, as complaint.NewReference
// makes them (a stored complaint always has one).
func Reference(i int) string {
	n := len(complaint.ReferenceAlphabet)
	body := make([]byte, 7)
	for k := 6; k >= 0; k-- {
		body[k] = complaint.ReferenceAlphabet[i%n]
		i /= n
	}
	for c := range n {
		ref := "KS-" + string(body[:4]) + "-" + string(body[4:]) + string(complaint.ReferenceAlphabet[c])
		if canon, err := complaint.ParseReference(ref); err == nil {
			return canon
		}
	}
	return "" // unreachable: one character of the alphabet is the check character
}

// Percentile returns the p-th percentile (0 < p <= 100) of sorted
// durations by the nearest-rank method; zero for none.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	k := int(math.Ceil(float64(len(sorted))*p/100)) - 1
	return sorted[min(max(k, 0), len(sorted)-1)]
}
