package mediation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// fakeComplaints is the complaint side of the tests.
type fakeComplaints struct {
	mu        sync.Mutex
	infos     map[string]mediation.ComplaintInfo
	escalated map[string][]string // complaint ID -> case IDs it was escalated to, in call order
	refuse    error               // MarkEscalated fails with it when set
}

func (f *fakeComplaints) Complaint(_ context.Context, id string) (mediation.ComplaintInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	info, ok := f.infos[id]
	if !ok {
		return mediation.ComplaintInfo{}, fairshops.E("fake.Complaint", fairshops.NotFound, id, "", nil)
	}
	return info, nil
}

func (f *fakeComplaints) MarkEscalated(_ context.Context, complaintID, caseID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refuse != nil {
		return f.refuse
	}
	if !slices.Contains(f.escalated[complaintID], caseID) {
		f.escalated[complaintID] = append(f.escalated[complaintID], caseID)
	}
	return nil
}

func (f *fakeComplaints) set(info mediation.ComplaintInfo) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.infos[info.ID] = info
}

func (f *fakeComplaints) get(id string) mediation.ComplaintInfo {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.infos[id]
}

// fakeShops answers entitlements from bookings, as the registry does.
type fakeShops struct {
	mu       sync.Mutex
	bookings map[string][]fairshops.Booking
}

func (f *fakeShops) Entitlements(_ context.Context, shopID string, on fairshops.Date) (fairshops.Entitlements, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.bookings[shopID]
	if !ok {
		return fairshops.Entitlements{}, fairshops.E("fake.Entitlements", fairshops.NotFound, shopID, "", nil)
	}
	return fairshops.EntitlementsOf(b, on), nil
}

func (f *fakeShops) book(shopID string, bs ...fairshops.Booking) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bookings[shopID] = bs
}

func streitmoderation(mode fairshops.MediationMode) fairshops.Booking {
	return fairshops.Booking{Module: fairshops.Streitmoderation, From: fairshops.MustDate("2026-01-01"),
		Purpose: fairshops.ExtraTrust, MediationMode: mode}
}

func eur(s string) fairshops.Money { return fairshops.MustMoney(s, fairshops.EUR) }

func ptr[T any](v T) *T { return &v }

func date(s string) fairshops.Date { return fairshops.MustDate(s) }

// finding builds a finding of a rule with the favours of the rules table
// (its first outcome) unless one is given.
func finding(id precheck.RuleID, favours ...precheck.Favours) precheck.Finding {
	f := precheck.Finding{Rule: id, Favours: precheck.FavoursNeither, Basis: "test",
		Message: precheck.Message{Key: "finding." + string(id)}, Tags: []string{string(id)}}
	for _, r := range precheck.Rules() {
		if r.ID == id {
			f.Favours = r.Outcomes[0]
		}
	}
	if len(favours) > 0 {
		f.Favours = favours[0]
	}
	return f
}

func result(cat precheck.Category, clarity precheck.Clarity, fs ...precheck.Finding) precheck.Result {
	return precheck.Result{AsOf: date("2026-03-30"), Category: cat, Clarity: clarity, Findings: fs}
}

// Berlin is UTC+2 in April 2026: 10:00 local is 08:00 UTC.
var start = time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)

const (
	shopID      = "shop-1"
	complaintID = "c_1"
)

type fixture struct {
	t          *testing.T
	ctx        context.Context
	db         *memory.DB
	clock      *fairshops.ManualClock
	complaints *fakeComplaints
	shops      *fakeShops
	svc        *mediation.Service

	consumer, wrongConsumer, shop, otherShop, operator, system fairshops.Principal
}

// baseFacts is a warranty complaint: 59.90 EUR plus 4.90 EUR delivery.
func baseFacts() precheck.Facts {
	return precheck.Facts{Category: precheck.Warranty, OrderDate: date("2026-01-10"),
		DeliveryDate: date("2026-01-14"), OrderValue: eur("59.90"), DeliveryCost: ptr(eur("4.90")),
		ContactedShopOn: date("2026-03-01"), DefectNoticedOn: date("2026-03-01"),
		DesiredResolution: precheck.WantRefund, Description: "Der Wasserkocher schaltet nicht mehr ab."}
}

// abusivePrecheck finds nothing for the consumer: the operator may mark the
// request abusive.
func abusivePrecheck() precheck.Result {
	return result(precheck.Return, precheck.Clear, finding(precheck.RefundMayBeWithheld))
}

func newFixture(t *testing.T, mode fairshops.MediationMode) *fixture {
	t.Helper()
	tok, err := fairshops.NewToken(bytes.NewReader(bytes.Repeat([]byte{7}, 32)))
	require.NoError(t, err)
	other, err := fairshops.NewToken(bytes.NewReader(bytes.Repeat([]byte{9}, 32)))
	require.NoError(t, err)
	f := &fixture{t: t, ctx: context.Background(), db: memory.New(), clock: fairshops.NewManualClock(start),
		complaints:    &fakeComplaints{infos: map[string]mediation.ComplaintInfo{}, escalated: map[string][]string{}},
		shops:         &fakeShops{bookings: map[string][]fairshops.Booking{}},
		consumer:      fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok},
		wrongConsumer: fairshops.Principal{Role: fairshops.RoleConsumer, Token: other},
		shop:          fairshops.Principal{Role: fairshops.RoleShop, ShopID: shopID},
		otherShop:     fairshops.Principal{Role: fairshops.RoleShop, ShopID: "shop-2"},
		operator:      fairshops.Principal{Role: fairshops.RoleOperator, Name: "Olga"},
		system:        fairshops.Principal{Role: fairshops.RoleSystem},
	}
	f.shops.book(shopID, streitmoderation(mode))
	f.shops.book("shop-2", streitmoderation(mode))
	f.complaints.set(mediation.ComplaintInfo{ID: complaintID, ShopID: shopID, Forwarded: true, Open: true,
		ContactedShop: true, ConsumerLang: fairshops.German, Facts: baseFacts(), Precheck: abusivePrecheck(),
		TokenHash: tok.Hash()})
	f.svc, err = mediation.NewService(mediation.Config{Store: f.db.Cases(), Complaints: f.complaints, Shops: f.shops,
		Clock: f.clock, Location: time.UTC})
	require.NoError(t, err)
	return f
}

// at moves the clock to 10:00 UTC of a date.
func (f *fixture) at(day string) {
	f.clock.Set(date(day).Time().Add(10 * time.Hour))
}

func (f *fixture) get(id string) *mediation.Case {
	f.t.Helper()
	c, err := f.svc.Get(f.ctx, f.operator, id)
	require.NoError(f.t, err)
	return c
}

func (f *fixture) eventTypes() []string {
	var out []string
	for _, ev := range f.db.Events() {
		out = append(out, ev.Type)
	}
	return out
}

func (f *fixture) must(c *mediation.Case, err error) *mediation.Case {
	f.t.Helper()
	require.NoError(f.t, err)
	return c
}

// requested returns a consumer's request in the mode consumer.
func (f *fixture) requested() *mediation.Case {
	return f.must(f.svc.Request(f.ctx, f.consumer, mediation.RequestInput{ComplaintID: complaintID}))
}

func (f *fixture) open() *mediation.Case {
	c := f.requested()
	return f.must(f.svc.AcceptRequest(f.ctx, f.operator, c.ID))
}

func (f *fixture) stated() *mediation.Case {
	c := f.open()
	return f.must(f.svc.AddStatement(f.ctx, f.consumer, c.ID, mediation.StatementInput{Text: "Das Gerät ist defekt."}))
}

func (f *fixture) complete() *mediation.Case {
	c := f.stated()
	return f.must(f.svc.AddStatement(f.ctx, f.shop, c.ID, mediation.StatementInput{Text: "Wir sehen keinen Mangel.",
		Want: &mediation.Want{Kind: mediation.KindVoucher, Amount: ptr(eur("5.00"))}}))
}

func (f *fixture) proposed() *mediation.Case {
	c := f.complete()
	f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
	return f.must(f.svc.SendProposal(f.ctx, f.operator, c.ID))
}

func (f *fixture) settled() *mediation.Case {
	c := f.proposed()
	p := c.Current()
	f.must(f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, p.ID, "o1"))
	return f.must(f.svc.AcceptProposal(f.ctx, f.shop, c.ID, p.ID, "o1"))
}

// mustJSON returns one field of an event's payload.
func mustJSON(t *testing.T, ev fairshops.Event, field string) json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(ev.Data, &m))
	return m[field]
}
