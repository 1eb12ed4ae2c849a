package carrierclaim_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

type fixture struct {
	db       *memory.DB
	clock    *fairshops.ManualClock
	cs       *complaint.Service
	svc      *carrierclaim.Service
	shop     fairshops.Principal
	transit  *complaint.Complaint // damaged in transit
	token    fairshops.Token      // the consumer's
	plain    *complaint.Complaint // no transit finding
	delivery fairshops.Date
	reg      *fairshops.Registry
}

// testingT is what newFixture needs of a *testing.T (the examples pass a
// panicT).
type testingT interface {
	require.TestingT
	Helper()
}

// panicT fails by panicking, for examples.
type panicT struct{}

func (panicT) Errorf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (panicT) FailNow()                          { panic("fixture failed") }
func (panicT) Helper()                           {}

func newFixture(t testingT, now time.Time) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: memory.New(), clock: fairshops.NewManualClock(now), shop: fairshops.AsShop("beispiel")}
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: f.db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: f.clock})
	require.NoError(t, err)
	f.reg = reg
	_, err = reg.Register(ctx, fairshops.Shop{ID: "beispiel", Name: "Beispiel GmbH", Domain: "beispiel.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed},
		Bookings: []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2026-01-01"),
			Purpose: fairshops.ExtraTrust}}})
	require.NoError(t, err)
	f.cs, err = complaint.NewService(complaint.Config{Store: f.db.Complaints(), Shops: reg, Clock: f.clock})
	require.NoError(t, err)
	f.svc, err = carrierclaim.NewService(carrierclaim.Config{Store: f.db.Claims(), Complaints: f.cs, Clock: f.clock})
	require.NoError(t, err)
	file := func(body string) (*complaint.Complaint, fairshops.Token) {
		in, err := complaint.DecodeIntake([]byte(body))
		require.NoError(t, err)
		c, tok, err := f.cs.Submit(ctx, "beispiel", in)
		require.NoError(t, err)
		return c, tok
	}
	f.transit, f.token = file(`{"category": "not_as_described", "order_date": "2026-03-01", "delivery_date": "2026-03-05",
		"damaged_in_transit": true, "defect_noticed_on": "2026-03-05", "order_value": {"amount": "89.90", "currency": "EUR"},
		"desired_resolution": "replacement", "description": "Der Karton war eingedrückt, die Vase zerbrochen.",
		"contact": {"name": "Erika Mustermann", "email": "erika@example.org"}}`)
	f.plain, _ = file(`{"category": "other", "order_date": "2026-03-01", "order_value": {"amount": "20.00", "currency": "EUR"}, "description": "Unfreundlicher Kundendienst am Telefon.",
		"contact": {"name": "Max Muster", "email": "max@example.org"}}`)
	f.delivery = fairshops.MustDate("2026-03-05")
	return f
}

func (f *fixture) input() carrierclaim.Input {
	amount := fairshops.MustMoney("89.90", "EUR")
	return carrierclaim.Input{Carrier: "DHL", Tracking: "JJD000390007", Incident: carrierclaim.HiddenDamage,
		On: f.delivery, Amount: &amount}
}

func kindOf(t *testing.T, err error, want fairshops.Kind) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, want, fairshops.KindOf(err), "%v", err)
}

func fields(t *testing.T, err error) []string {
	t.Helper()
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	out := []string{}
	for _, fe := range ve.Fields {
		out = append(out, fe.Field+":"+fe.Code)
	}
	return out
}

func eventTypes(db *memory.DB, prefix string) []string {
	out := []string{}
	for _, ev := range db.Events() {
		if len(ev.Type) >= len(prefix) && ev.Type[:len(prefix)] == prefix {
			out = append(out, ev.Type)
		}
	}
	return out
}

// Friday 2026-0306 10:00 in Berlin: the day after delivery.
var friday = time.Date(2026, 3, 6, 10, 0, 0, 0, fairshops.Berlin())

func TestOpen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, friday)
	require.True(t, carrierclaim.Applies(f.transit))
	require.False(t, carrierclaim.Applies(f.plain))

	_, err := f.svc.Open(ctx, fairshops.AsOperator("olga"), f.transit.ID, f.input())
	kindOf(t, err, fairshops.Forbidden)
	_, err = f.svc.Open(ctx, fairshops.AsConsumer(f.token), f.transit.ID, f.input())
	kindOf(t, err, fairshops.Forbidden)
	_, err = f.svc.Open(ctx, fairshops.AsShop("other"), f.transit.ID, f.input())
	kindOf(t, err, fairshops.NotFound)
	_, err = f.svc.Open(ctx, f.shop, f.plain.ID, f.input())
	kindOf(t, err, fairshops.NotAllowed)

	bad := carrierclaim.Input{Carrier: "Paketblitz", CarrierName: "x", Tracking: "<script>", Incident: "dropped",
		On: fairshops.MustDate("2026-03-07"), Amount: &fairshops.Money{Amount: fairshops.MustMoney("-1", "EUR").Amount, Currency: "EUR"}}
	_, err = f.svc.Open(ctx, f.shop, f.transit.ID, bad)
	require.ElementsMatch(t, []string{"carrier:unknown_value", "carrier_name:not_allowed", "tracking:invalid_format",
		"incident:unknown_value", "on:in_future", "amount:negative"}, fields(t, err))
	_, err = f.svc.Open(ctx, f.shop, f.transit.ID, carrierclaim.Input{Carrier: carrierclaim.OtherCarrier})
	require.ElementsMatch(t, []string{"carrier_name:required", "tracking:required", "incident:unknown_value", "on:required"},
		fields(t, err))
	require.Empty(t, eventTypes(f.db, "carrier_claim."), "no partial write")

	c, err := f.svc.Open(ctx, f.shop, f.transit.ID, f.input())
	require.NoError(t, err)
	require.Equal(t, carrierclaim.Open, c.State)
	require.True(t, c.OpenedInTime)
	notice, ok := c.Deadline(carrierclaim.Notice)
	require.True(t, ok)
	require.Equal(t, "2026-03-12", notice.Due.String())
	require.Equal(t, "2026-03-10", c.NextDue.String(), "the notice reminder comes first")
	require.Empty(t, c.InviteHash)
	require.NoError(t, c.History.Verify("test", c.ID, fairshops.PlainEntries))
	require.Equal(t, []string{carrierclaim.EventOpened}, eventTypes(f.db, "carrier_claim."))

	_, err = f.svc.Open(ctx, f.shop, f.transit.ID, f.input())
	kindOf(t, err, fairshops.Conflict)

	// The consumer never sees the claim, and the complaint's deadline did not move.
	_, err = f.svc.ForComplaint(ctx, fairshops.AsConsumer(f.token), f.transit.ID)
	kindOf(t, err, fairshops.NotFound)
	_, err = f.svc.Get(ctx, fairshops.AsConsumer(f.token), c.ID)
	kindOf(t, err, fairshops.NotFound)
	mine, err := f.cs.Get(ctx, fairshops.AsConsumer(f.token), f.transit.ID)
	require.NoError(t, err)
	require.Equal(t, f.transit.AnswerDue, mine.AnswerDue)
	require.Equal(t, f.transit.State, mine.State)
	got, err := f.svc.ForComplaint(ctx, fairshops.AsOperator("olga"), f.transit.ID)
	require.NoError(t, err)
	require.Equal(t, c.ID, got.ID)
}

func TestOpenLate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, friday.AddDate(0, 0, 7)) // 2026-03-13: after the notice's Due of 2026-03-12
	c, err := f.svc.Open(context.Background(), f.shop, f.transit.ID, f.input())
	require.NoError(t, err)
	require.False(t, c.OpenedInTime)
}

func TestNext(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from carrierclaim.State
		move carrierclaim.Move
		by   fairshops.Role
		to   carrierclaim.State
		kind fairshops.Kind
	}{
		{carrierclaim.Open, carrierclaim.MoveNotify, fairshops.RoleShop, carrierclaim.Notified, 0},
		{carrierclaim.Notified, carrierclaim.MoveNotify, fairshops.RoleShop, "", fairshops.NotAllowed},
		{carrierclaim.Open, carrierclaim.MoveNotify, carrierclaim.RoleCarrier, "", fairshops.Forbidden},
		{carrierclaim.Notified, carrierclaim.MoveDocuments, carrierclaim.RoleCarrier, carrierclaim.Answered, 0},
		{carrierclaim.Answered, carrierclaim.MovePay, fairshops.RoleShop, carrierclaim.Paid, 0},
		{carrierclaim.Refused, carrierclaim.MovePay, carrierclaim.RoleCarrier, carrierclaim.Paid, 0},
		{carrierclaim.Refused, carrierclaim.MoveRefuse, carrierclaim.RoleCarrier, "", fairshops.NotAllowed},
		{carrierclaim.Paid, carrierclaim.MoveRefuse, carrierclaim.RoleCarrier, "", fairshops.NotAllowed},
		{carrierclaim.Refused, carrierclaim.MoveBar, fairshops.RoleSystem, carrierclaim.TimeBarred, 0},
		{carrierclaim.Paid, carrierclaim.MoveBar, fairshops.RoleSystem, "", fairshops.NotAllowed},
		{carrierclaim.Open, carrierclaim.MoveBar, fairshops.RoleShop, "", fairshops.Forbidden},
		{carrierclaim.Open, carrierclaim.MovePay, fairshops.RoleOperator, "", fairshops.Forbidden},
	}
	for _, tc := range cases {
		to, err := carrierclaim.Next(tc.from, tc.move, tc.by)
		if tc.to != "" {
			require.NoError(t, err, "%+v", tc)
			require.Equal(t, tc.to, to)
			continue
		}
		kindOf(t, err, tc.kind)
		var te *carrierclaim.TransitionError
		require.True(t, errors.As(err, &te), "%+v", tc)
		require.Equal(t, tc.from, te.State)
	}
}

func TestAnswers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, friday)
	c, err := f.svc.Open(ctx, f.shop, f.transit.ID, f.input())
	require.NoError(t, err)
	_, err = f.svc.Notify(ctx, fairshops.AsOperator("olga"), c.ID)
	kindOf(t, err, fairshops.Forbidden)
	_, err = f.svc.Notify(ctx, fairshops.AsShop("other"), c.ID)
	kindOf(t, err, fairshops.NotFound)
	c, err = f.svc.Notify(ctx, f.shop, c.ID)
	require.NoError(t, err)
	require.Equal(t, carrierclaim.Notified, c.State)
	require.Equal(t, "2026-03-06", c.NotifiedOn.String())
	require.Equal(t, "2027-02-03", c.NextDue.String(), "after the notice, only the limitation's reminder is left")

	_, err = f.svc.Answer(ctx, f.shop, c.ID, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerPay})
	require.Equal(t, []string{"amount:required"}, fields(t, err))
	_, err = f.svc.Answer(ctx, f.shop, c.ID, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerRefuse})
	require.Equal(t, []string{"reason:required"}, fields(t, err))
	_, err = f.svc.Answer(ctx, f.shop, c.ID, carrierclaim.AnswerInput{Kind: "maybe"})
	require.Equal(t, []string{"kind:unknown_value"}, fields(t, err))

	c, err = f.svc.Answer(ctx, f.shop, c.ID, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerRefuse, Reason: "Packed badly."})
	require.NoError(t, err)
	require.Equal(t, carrierclaim.Refused, c.State)
	paid := fairshops.MustMoney("60", "EUR")
	c, err = f.svc.Answer(ctx, f.shop, c.ID, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerPay, Amount: &paid})
	require.NoError(t, err)
	require.Equal(t, carrierclaim.Paid, c.State)
	require.True(t, c.NextDue.IsZero())
	require.Equal(t, "60.00", c.Answers[1].Amount.Amount.StringFixed(2))
	_, err = f.svc.Answer(ctx, f.shop, c.ID, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerRefuse, Reason: "no"})
	kindOf(t, err, fairshops.NotAllowed)
	require.Equal(t, []string{carrierclaim.EventOpened, carrierclaim.EventNotified, carrierclaim.EventAnswered,
		carrierclaim.EventAnswered, carrierclaim.EventClosed}, eventTypes(f.db, "carrier_claim."))
	for _, ev := range f.db.Events() {
		require.NotContains(t, string(ev.Data), "JJD", "no tracking number in events")
		require.NotContains(t, string(ev.Data), "Packed", "no reason in events")
	}
	c, err = f.svc.Get(ctx, f.shop, c.ID)
	require.NoError(t, err)
	require.NoError(t, c.History.Verify("test", c.ID, fairshops.PlainEntries))
	actions := []string{}
	for _, e := range c.History {
		actions = append(actions, e.Action)
	}
	require.Equal(t, []string{"opened", "notified", "answered", "answered"}, actions)
}

// TestProcessDue runs the timers of two nodes on one store: every reminder
// and the time bar fire once.
func TestProcessDue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, friday)
	other, err := carrierclaim.NewService(carrierclaim.Config{Store: f.db.Claims(), Complaints: f.cs, Clock: f.clock})
	require.NoError(t, err)
	c, err := f.svc.Open(ctx, f.shop, f.transit.ID, f.input())
	require.NoError(t, err)
	run := func() (reminders, barred int) {
		for _, s := range []*carrierclaim.Service{f.svc, other, f.svc} {
			r, err := s.ProcessDue(ctx)
			require.NoError(t, err)
			require.Zero(t, r.Failed)
			reminders += r.Reminders
			barred += r.Barred
		}
		return reminders, barred
	}
	at := func(day string) {
		d := fairshops.MustDate(day)
		f.clock.Set(d.In(fairshops.Berlin()).Add(9 * time.Hour))
	}
	at("2026-03-09")
	require.Equal(t, [2]int{0, 0}, pair(run()), "nothing due yet")
	at("2026-03-10")
	require.Equal(t, [2]int{1, 0}, pair(run()), "the notice reminder, once")
	at("2026-03-11")
	require.Equal(t, [2]int{0, 0}, pair(run()))
	at("2027-03-01")
	require.Equal(t, [2]int{1, 0}, pair(run()), "the limitation reminder, once")
	at("2027-03-05") // the limitation's last day (a Friday)
	require.Equal(t, [2]int{0, 0}, pair(run()), "not barred on its last day")
	at("2027-03-06")
	require.Equal(t, [2]int{0, 1}, pair(run()), "barred the day after, once")
	got, err := f.svc.Get(ctx, f.shop, c.ID)
	require.NoError(t, err)
	require.Equal(t, carrierclaim.TimeBarred, got.State)
	require.True(t, got.NextDue.IsZero())
	require.Equal(t, []string{carrierclaim.EventOpened, carrierclaim.EventReminder, carrierclaim.EventReminder,
		carrierclaim.EventClosed}, eventTypes(f.db, "carrier_claim."))
}

func pair(a, b int) [2]int { return [2]int{a, b} }

func TestCarrierLink(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, friday)
	c, err := f.svc.Open(ctx, f.shop, f.transit.ID, f.input())
	require.NoError(t, err)
	_, err = f.svc.Invite(ctx, fairshops.AsShop("other"), c.ID)
	kindOf(t, err, fairshops.NotFound)
	tok, err := f.svc.Invite(ctx, f.shop, c.ID)
	require.NoError(t, err)
	v, err := f.svc.ForCarrier(ctx, c.ID, tok)
	require.NoError(t, err)
	require.Equal(t, "DHL", v.Carrier)
	require.Equal(t, "JJD000390007", v.Tracking)
	for _, wrong := range []fairshops.Token{"", "guess", fairshops.Token(tok.Hash())} {
		_, err = f.svc.ForCarrier(ctx, c.ID, wrong)
		kindOf(t, err, fairshops.NotFound)
	}
	_, err = f.svc.ForCarrier(ctx, f.transit.ID, tok)
	kindOf(t, err, fairshops.NotFound)
	stored, err := f.db.Claims().Get(ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, tok.Hash(), stored.InviteHash, "only the hash is stored")

	v, err = f.svc.CarrierAnswer(ctx, c.ID, tok, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerDocuments,
		Reason: "Bitte Fotos der Verpackung."})
	require.NoError(t, err)
	require.Equal(t, carrierclaim.Answered, v.State)
	require.Equal(t, carrierclaim.RoleCarrier, v.Answers[0].By)

	// Inviting again revokes the old link.
	tok2, err := f.svc.Invite(ctx, f.shop, c.ID)
	require.NoError(t, err)
	_, err = f.svc.ForCarrier(ctx, c.ID, tok)
	kindOf(t, err, fairshops.NotFound)
	paid := fairshops.MustMoney("89.90", "EUR")
	_, err = f.svc.CarrierAnswer(ctx, c.ID, tok, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerPay, Amount: &paid})
	kindOf(t, err, fairshops.NotFound)
	v, err = f.svc.CarrierAnswer(ctx, c.ID, tok2, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerPay, Amount: &paid})
	require.NoError(t, err)
	require.Equal(t, carrierclaim.Paid, v.State)
	require.False(t, v.Open)
	_, err = f.svc.Invite(ctx, f.shop, c.ID)
	kindOf(t, err, fairshops.NotAllowed)
}

func TestMessagesComplete(t *testing.T) {
	t.Parallel()
	m := carrierclaim.Messages()
	require.Empty(t, m.Missing())
	for _, i := range carrierclaim.Incidents() {
		require.True(t, m.Has("incident."+string(i)), i)
	}
	for _, s := range carrierclaim.States() {
		require.True(t, m.Has("state."+string(s)), s)
	}
	for _, a := range carrierclaim.AnswerKinds() {
		require.True(t, m.Has("answer."+string(a)), a)
	}
	for _, k := range []string{carrierclaim.KeyShopTip, carrierclaim.KeyConsumerNoWait, "deadline.notice",
		"deadline.limitation", "effect.presumption", "effect.expiry", "effect.barred"} {
		require.True(t, m.Has(k), k)
	}
}
