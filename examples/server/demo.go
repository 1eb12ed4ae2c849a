package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
)

// The demo data's names: stable, so that a second start finds them.
const (
	demoShopID     = "demo-shop"      // Streitmoderation, consumer mode
	demoShop2ID    = "beispiel-laden" // Beschwerdeservice only
	demoShopLogin  = "demo-shop"
	demoKeyLabel   = "demo"
	demoComplaintR = "DEMO-1001" // the demo complaint's order reference
)

// seeding is what the start-up set-up created or found, for the banner.
// Secrets in it exist only in memory: they are written once to the secrets
// file (secrets.go), never logged.
type seeding struct {
	operator      credential
	demo          bool
	shopLogin     credential
	apiKey        string // "" when the demo shop already had its key
	complaintLink string // the demo complaint's private link; "" when it existed
}

// credential is a login and, when it was created by this start, its
// password; an existing login has no password here and its creation time.
type credential struct {
	role     string // "operator" or "shop"
	login    string
	password string
	created  time.Time
}

// stores are the ports the set-up reads and writes outside the services.
type stores struct {
	accounts   account.Accounts
	complaints complaint.Store
}

// setUp creates what a server needs before it serves: the operator's
// login (always; its password from the environment or generated) and, with
// -demo, the demo data. Every step checks first and creates only what is
// missing, so a second start on the same database (or a start after one
// that failed half-way) changes nothing that exists.
func setUp(ctx context.Context, cfg config, st stores, reg *fairshops.Registry, accounts *account.Service,
	complaints *complaint.Service, baseURL string) (seeding, error) {
	var out seeding
	var err error
	out.operator, err = ensureLogin(ctx, st.accounts, "operator", cfg.operator, cfg.operatorPassword, func(pw string) error {
		_, err := accounts.CreateOperator(ctx, cfg.operator, pw)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("operator login: %w", err)
	}
	if !cfg.demo {
		return out, nil
	}
	out.demo = true
	if err := ensureDemoShops(ctx, reg); err != nil {
		return out, fmt.Errorf("demo shops: %w", err)
	}
	out.shopLogin, err = ensureLogin(ctx, st.accounts, "shop", demoShopLogin, "", func(pw string) error {
		_, err := accounts.CreateShopLogin(ctx, demoShopID, demoShopLogin, pw)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("demo shop login: %w", err)
	}
	if out.apiKey, err = ensureDemoKey(ctx, accounts); err != nil {
		return out, fmt.Errorf("demo api key: %w", err)
	}
	if out.complaintLink, err = ensureDemoComplaint(ctx, st.complaints, complaints, reg.Today(), baseURL); err != nil {
		return out, fmt.Errorf("demo complaint: %w", err)
	}
	return out, nil
}

// ensureLogin creates the login with password (or a generated one) unless
// it exists.
func ensureLogin(ctx context.Context, st account.Accounts, role, login, password string,
	create func(string) error) (credential, error) {
	a, err := st.ByLogin(ctx, login)
	if err == nil {
		return credential{role: role, login: login, created: a.CreatedAt}, nil
	}
	if !errors.Is(err, fairshops.ErrNotFound) {
		return credential{}, err
	}
	if password == "" {
		if password, err = newPassword(rand.Reader); err != nil {
			return credential{}, err
		}
	}
	if err := create(password); errors.Is(err, fairshops.ErrConflict) {
		// Another process starting on the same database created it first.
		return credential{role: role, login: login, created: time.Now()}, nil
	} else if err != nil {
		return credential{}, err
	}
	return credential{role: role, login: login, password: password}, nil
}

// newPassword returns 24 characters from 144 random bits.
func newPassword(r io.Reader) (string, error) {
	var b [18]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("generate password: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// ensureDemoShops registers the demo shop (Streitmoderation in consumer
// mode: a consumer may start a dispute moderation; every MUST criterion
// met) and a second shop with only Beschwerdeservice.
func ensureDemoShops(ctx context.Context, reg *fairshops.Registry) error {
	var musts []string
	for _, c := range reg.Catalogue().Criteria {
		if c.Kind == fairshops.Must {
			musts = append(musts, c.ID)
		}
	}
	today := reg.Today()
	seal := fairshops.Seal{Status: fairshops.Licensed, ValidUntil: today.AddYears(1)}
	shops := []fairshops.Shop{{
		ID: demoShopID, Name: "Demo-Shop GmbH", Domain: "demo-shop.example", Seal: seal, Fulfilled: musts,
		Conditions: []string{"Lieferung in 2–4 Werktagen", "30 Tage Rückgaberecht"},
		ComplaintContact: fairshops.ComplaintContact{
			Email: "service@demo-shop.example", Phone: "+49 30 1234567", Hours: "Mo–Fr 9–17 Uhr",
		},
		Bookings: []fairshops.Booking{{
			Module: fairshops.Streitmoderation, From: today.AddMonths(-1), Purpose: fairshops.ExtraTrust,
			MediationMode: fairshops.ConsumerMode,
		}},
	}, {
		ID: demoShop2ID, Name: "Beispiel-Laden", Domain: "beispiel-laden.example", Seal: seal, Fulfilled: musts,
		Bookings: []fairshops.Booking{{
			Module: fairshops.Beschwerdeservice, From: today.AddMonths(-1), Purpose: fairshops.NeededForStandard,
		}},
	}}
	for _, s := range shops {
		_, err := reg.Shop(ctx, s.ID)
		if err == nil {
			continue
		}
		if !errors.Is(err, fairshops.ErrNotFound) {
			return err
		}
		if _, err := reg.Register(ctx, s); err != nil && !errors.Is(err, fairshops.ErrConflict) {
			return err // Conflict: another process registered it just now
		}
	}
	return nil
}

// ensureDemoKey issues the demo shop's API key unless it has an active one
// labelled "demo"; the key is returned only when it was issued now.
func ensureDemoKey(ctx context.Context, accounts *account.Service) (string, error) {
	keys, err := accounts.APIKeys(ctx, demoShopID)
	if err != nil {
		return "", err
	}
	for _, k := range keys {
		if k.Label == demoKeyLabel && k.RevokedAt.IsZero() {
			return "", nil
		}
	}
	_, secret, err := accounts.IssueAPIKey(ctx, demoShopID, demoKeyLabel)
	if err != nil {
		return "", err
	}
	return secret.Reveal(), nil
}

// ensureDemoComplaint files a complaint about the demo shop unless it has
// one, so the shop's inbox and the operator's queue are not empty. It
// returns the consumer's private link when it filed one.
func ensureDemoComplaint(ctx context.Context, st complaint.Store, svc *complaint.Service, today fairshops.Date,
	baseURL string) (string, error) {
	got, err := st.List(ctx, complaint.Filter{ShopID: demoShopID, Limit: 1})
	if err != nil {
		return "", err
	}
	if len(got) > 0 {
		return "", nil
	}
	c, tok, err := svc.Submit(ctx, demoShopID, demoIntake(today))
	if err != nil {
		return "", err
	}
	return baseURL + "/c/" + url.PathEscape(c.ID) + "?t=" + url.QueryEscape(tok.Reveal()), nil
}

// demoIntake is a late delivery: ordered three weeks ago, promised for
// last week, the shop asked once.
func demoIntake(today fairshops.Date) complaint.Intake {
	return complaint.Intake{
		Facts: precheck.Facts{
			Category:             precheck.Delivery,
			OrderDate:            today.AddDays(-21),
			PromisedDeliveryDate: today.AddDays(-7),
			ContactedShopOn:      today.AddDays(-3),
			OrderValue:           fairshops.MustMoney("49.90", fairshops.EUR),
			DesiredResolution:    precheck.WantDelivery,
			Description: "Ich habe vor drei Wochen eine Kaffeemühle bestellt. Sie sollte letzte Woche " +
				"ankommen, ist aber bis heute nicht da. Auf meine Nachfrage kam keine Antwort.",
		},
		Contact:  complaint.Contact{Name: "Erika Mustermann", Email: "erika.mustermann@example.org"},
		OrderRef: demoComplaintR,
		Lang:     fairshops.German,
	}
}

// printBanner tells the operator where to go, and which logins existed
// before this start; the credentials a start creates go to the secrets file
// (secrets.go), never to stdout.
func printBanner(w io.Writer, base, addr, store string, s seeding) {
	fmt.Fprintf(w, "\nKonfliktservice listening on %s (%s)\n\n", addr, store)
	row := func(what, url string) { fmt.Fprintf(w, "  %-18s %s\n", what, url) }
	if s.demo {
		row("public ID page", base+"/shops/"+demoShopID)
	}
	row("topic portal", base+"/portal")
	row("log in", base+"/login")
	row("operator console", base+"/operator")
	row("shop inbox", base+"/shop")
	row("JSON API", base+"/api/v1  (e.g. "+base+"/api/v1/catalogue)")
	row("health, metrics", base+"/healthz, "+base+"/metrics")
	fmt.Fprintln(w)

	var existing []credential
	for _, c := range []credential{s.operator, s.shopLogin} {
		if c.login != "" && c.password == "" {
			existing = append(existing, c)
		}
	}
	for _, c := range existing {
		fmt.Fprintf(w, "  %s login %q exists since %s; its password went to the secrets file of the start that created it.\n",
			c.role, c.login, c.created.UTC().Format("2006-01-02 15:04 MST"))
	}
	if len(existing) > 0 {
		fmt.Fprintln(w)
	}
}
