package mediation_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

type world struct {
	ctx        context.Context
	db         *memory.DB
	complaints *complaint.Service
	store      complaint.Store
	port       mediation.Complaints
	mediation  *mediation.Service
	clock      *fairshops.ManualClock
}

// newWorld runs both modules on one memory database; the shop books
// Streitmoderation in the mode given.
func newWorld(t *testing.T, mode fairshops.MediationMode) *world {
	t.Helper()
	ctx := context.Background()
	clock := fairshops.NewManualClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	db := memory.New()
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	_, err = reg.Register(ctx, fairshops.Shop{ID: "shop-1", Name: "Shop", Domain: "shop.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed},
		Bookings: []fairshops.Booking{{Module: fairshops.Streitmoderation, From: fairshops.MustDate("2026-01-01"),
			Purpose: fairshops.ExtraTrust, MediationMode: mode}}})
	require.NoError(t, err)
	store := db.Complaints()
	cs, err := complaint.NewService(complaint.Config{Store: store, Shops: reg, Clock: clock})
	require.NoError(t, err)
	port := mediation.ComplaintsOf(cs)
	ms, err := mediation.NewService(mediation.Config{Store: db.Cases(), Complaints: port, Shops: reg, Clock: clock})
	require.NoError(t, err)
	return &world{ctx: ctx, db: db, complaints: cs, store: store, port: port, mediation: ms, clock: clock}
}

func (w *world) file(t *testing.T) (*complaint.Complaint, fairshops.Token) {
	t.Helper()
	in, err := complaint.DecodeIntake([]byte(`{"category":"delivery","order_date":"2026-10-01",` +
		`"order_value":{"amount":"20","currency":"EUR"},"description":"Paket kam nie an.",` +
		`"contact":{"name":"Erika Muster","email":"erika@example.org"},"lang":"en"}`))
	require.NoError(t, err)
	c, tok, err := w.complaints.Submit(w.ctx, "shop-1", in)
	require.NoError(t, err)
	return c, tok
}

func TestComplaintInfo(t *testing.T) {
	w := newWorld(t, fairshops.ConsumerMode)
	c, tok := w.file(t)

	info, err := w.port.Complaint(w.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, c.ID, info.ID)
	require.Equal(t, "shop-1", info.ShopID)
	require.True(t, info.Forwarded)
	require.True(t, info.Open)
	require.False(t, info.Resolved)
	require.True(t, info.ContactedShop, "a forwarded complaint reached the shop")
	require.Equal(t, fairshops.English, info.ConsumerLang)
	require.Equal(t, precheck.Delivery, info.Facts.Category)
	require.Equal(t, c.Precheck.Clarity, info.Precheck.Clarity)
	require.True(t, tok.Matches(info.TokenHash), "the consumer's link opens the case too")

	_, err = w.port.Complaint(w.ctx, "c_nope")
	require.ErrorIs(t, err, fairshops.ErrNotFound)
	_, err = w.port.Complaint(w.ctx, "")
	require.ErrorIs(t, err, fairshops.ErrNotFound)

	_, err = w.complaints.Resolve(w.ctx, fairshops.AsConsumer(tok), c.ID)
	require.NoError(t, err)
	info, err = w.port.Complaint(w.ctx, c.ID)
	require.NoError(t, err)
	require.True(t, info.Resolved)
	require.False(t, info.Open)
}

func TestMarkEscalated(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, w *world, id string, tok fairshops.Token)
		wantErr error
		state   complaint.State
	}{
		{name: "forwarded", state: complaint.Escalated},
		{name: "answered", state: complaint.Escalated, prepare: func(t *testing.T, w *world, id string, _ fairshops.Token) {
			_, err := w.complaints.AddMessage(w.ctx, fairshops.AsShop("shop-1"), id, "Wir prüfen das.")
			require.NoError(t, err)
		}},
		{name: "escalated already: idempotent", state: complaint.Escalated, prepare: func(t *testing.T, w *world, id string, tok fairshops.Token) {
			_, err := w.complaints.Escalate(w.ctx, fairshops.AsConsumer(tok), id)
			require.NoError(t, err)
		}},
		{name: "withdrawn", state: complaint.Withdrawn, wantErr: fairshops.ErrNotAllowed, prepare: func(t *testing.T, w *world, id string, tok fairshops.Token) {
			_, err := w.complaints.Withdraw(w.ctx, fairshops.AsConsumer(tok), id)
			require.NoError(t, err)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, fairshops.ConsumerMode)
			c, tok := w.file(t)
			if tt.prepare != nil {
				tt.prepare(t, w, c.ID, tok)
			}
			err := w.port.MarkEscalated(w.ctx, c.ID, "m_1")
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
				require.NoError(t, w.port.MarkEscalated(w.ctx, c.ID, "m_1"), "a retried opening succeeds")
			}
			got, err := w.store.Get(w.ctx, c.ID)
			require.NoError(t, err)
			require.Equal(t, tt.state, got.State)
		})
	}
	w := newWorld(t, fairshops.ConsumerMode)
	require.ErrorIs(t, w.port.MarkEscalated(w.ctx, "c_nope", "m_1"), fairshops.ErrNotFound)
}

// TestCaseOpensAndEscalates runs the port inside the mediation service: a
// consumer asks, the operator accepts, and the complaint is escalated with
// a history entry naming the mediation.
func TestCaseOpensAndEscalates(t *testing.T) {
	w := newWorld(t, fairshops.ConsumerMode)
	c, tok := w.file(t)
	consumer := fairshops.Principal{Role: fairshops.RoleConsumer, Token: tok}
	_, err := w.complaints.AddMessage(w.ctx, fairshops.AsShop("shop-1"), c.ID, "Wir prüfen das.")
	require.NoError(t, err, "the shop answers first (ReasonShopMayAnswer)")
	cs, err := w.mediation.Request(w.ctx, consumer, mediation.RequestInput{ComplaintID: c.ID})
	require.NoError(t, err)
	require.Equal(t, mediation.Requested, cs.State)

	got, err := w.store.Get(w.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, complaint.Answered, got.State, "a request that waits does not escalate yet")

	_, err = w.mediation.Get(w.ctx, fairshops.Principal{Role: fairshops.RoleConsumer, Token: "other"}, cs.ID)
	require.ErrorIs(t, err, fairshops.ErrNotFound, "another token does not see the case")
	_, err = w.mediation.Get(w.ctx, consumer, cs.ID)
	require.NoError(t, err, "the complaint's token opens the case")

	cs, err = w.mediation.AcceptRequest(w.ctx, fairshops.Principal{Role: fairshops.RoleOperator, Name: "olga"}, cs.ID)
	require.NoError(t, err)
	require.Equal(t, mediation.Open, cs.State)
	got, err = w.store.Get(w.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, complaint.Escalated, got.State)
	last := got.History[len(got.History)-1]
	require.Equal(t, "escalated", last.Action)
	require.Equal(t, fairshops.Actor{Role: fairshops.RoleOperator, Name: "mediation"}, last.Actor)

	_, err = w.mediation.Request(w.ctx, consumer, mediation.RequestInput{ComplaintID: c.ID})
	var refusal *mediation.Refusal
	require.ErrorAs(t, err, &refusal)
	require.True(t, refusal.Has(mediation.ReasonCaseExists), "an escalated complaint counts as open, and its case exists")
}
