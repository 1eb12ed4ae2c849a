package complaint_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
)

// env is a Service on a memory store with a registry of four shops:
// fair-shop (Beschwerdeservice), mod-shop (Streitmoderation, which includes
// it), portal-shop (only Themenportal: no complaints) and ended-shop
// (Beschwerdeservice until 2026-03-01).
type env struct {
	db    *memory.DB
	clock *fairshops.ManualClock
	svc   *complaint.Service
	store complaint.Store
}

// berlin returns the instant of a wall-clock time in Berlin.
func berlin(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, fairshops.Berlin())
	if err != nil {
		panic(err)
	}
	return t
}

func newEnv(t testing.TB, now string, configure ...func(*complaint.Config)) *env {
	t.Helper()
	ctx := context.Background()
	db := memory.New()
	clock := fairshops.NewManualClock(berlin(now))
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	require.NoError(t, err)
	for id, m := range map[string]fairshops.Module{
		"fair-shop":   fairshops.Beschwerdeservice,
		"mod-shop":    fairshops.Streitmoderation,
		"portal-shop": fairshops.Themenportal,
		"ended-shop":  fairshops.Beschwerdeservice,
	} {
		b := fairshops.Booking{Module: m, From: fairshops.MustDate("2020-01-01"), Purpose: fairshops.ExtraTrust}
		if id == "ended-shop" {
			b.Until = fairshops.MustDate("2026-03-01")
		}
		_, err := reg.Register(ctx, fairshops.Shop{
			ID: id, Name: "Shop " + id, Domain: id + ".example", Seal: fairshops.Seal{Status: fairshops.Licensed},
			Bookings: []fairshops.Booking{b},
		})
		require.NoError(t, err)
	}
	e := &env{db: db, clock: clock, store: db.Complaints()}
	cfg := complaint.Config{Store: e.store, Shops: reg, Clock: clock}
	for _, f := range configure {
		f(&cfg)
	}
	e.store = cfg.Store
	e.svc, err = complaint.NewService(cfg)
	require.NoError(t, err)
	return e
}

// events returns the types of the complaint events written since mark.
func (e *env) events(mark int) []string {
	var out []string
	for _, ev := range e.db.Events()[mark:] {
		if strings.HasPrefix(ev.Type, "complaint.") {
			out = append(out, ev.Type)
		}
	}
	return out
}

// last returns the data of the last event of the type.
func (e *env) last(t testing.TB, typ string) complaint.EventData {
	t.Helper()
	events := e.db.Events()
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Type == typ {
			var data complaint.EventData
			require.NoError(t, json.Unmarshal(events[i].Data, &data))
			return data
		}
	}
	t.Fatalf("no event %s", typ)
	return complaint.EventData{}
}

func (e *env) mark() int { return len(e.db.Events()) }

// intake returns a valid delivery complaint that can be filed from
// 2025-11-20 on.
func intake() complaint.Intake {
	return complaint.Intake{
		Facts: precheck.Facts{
			Category:             precheck.Delivery,
			OrderDate:            fairshops.MustDate("2025-11-03"),
			PromisedDeliveryDate: fairshops.MustDate("2025-11-10"),
			OrderValue:           fairshops.MustMoney("49.90", "EUR"),
			ContactedShopOn:      fairshops.MustDate("2025-11-20"),
			DesiredResolution:    precheck.WantDelivery,
			Description:          "Die Bestellung ist nie angekommen.\nBitte liefern.",
		},
		Contact:  complaint.Contact{Name: "Erika Mustermann", Email: "erika@example.org", Phone: "+49 30 1234567"},
		OrderRef: "A-10023",
		Lang:     fairshops.German,
	}
}

// displeasure returns an intake that only voices displeasure.
func displeasure() complaint.Intake {
	in := intake()
	in.Facts = precheck.Facts{
		Category:          precheck.Other,
		OrderDate:         fairshops.MustDate("2026-01-05"),
		DeliveryDate:      fairshops.MustDate("2026-01-08"),
		OrderValue:        fairshops.MustMoney("19.90", "EUR"),
		ContactedShopOn:   fairshops.MustDate("2026-01-20"),
		DesiredResolution: precheck.WantApology,
		Description:       "Der Kundendienst war sehr unfreundlich.",
	}
	return in
}

func (e *env) submit(t testing.TB, shop string, in complaint.Intake) (*complaint.Complaint, fairshops.Token) {
	t.Helper()
	c, tok, err := e.svc.Submit(context.Background(), shop, in)
	require.NoError(t, err)
	return c, tok
}

func kindIs(t testing.TB, err error, want fairshops.Kind) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, want, fairshops.KindOf(err), "error: %v", err)
}

func actions(c *complaint.Complaint) []string {
	var out []string
	for _, e := range c.History {
		out = append(out, string(e.Actor.Role)+":"+e.Action)
	}
	return out
}

func TestSubmitForwardsAtOnce(t *testing.T) {
	e := newEnv(t, "2026-03-02 10:00")
	ctx := context.Background()
	c, tok, err := e.svc.Submit(ctx, "fair-shop", intake())
	require.NoError(t, err)

	require.True(t, strings.HasPrefix(c.ID, "c_"))
	require.Equal(t, complaint.Forwarded, c.State)
	require.Equal(t, 1, c.Version)
	require.Equal(t, fairshops.MustDate("2026-03-02"), c.ForwardedOn)
	require.Equal(t, fairshops.MustDate("2026-03-09"), c.AnswerDue, "7 days from Monday end on the next Monday")
	require.Equal(t, fairshops.MustDate("2026-03-07"), c.ReminderOn)
	require.Equal(t, fairshops.MustDate("2026-03-07"), c.NextDue)
	require.Equal(t, fairshops.MustDate("2026-03-02"), c.Precheck.AsOf, "checked as of the filing date")
	require.Equal(t, precheck.Delivery, c.Precheck.Category)
	require.Empty(t, c.TokenHash, "the Service never hands out the token hash")
	require.Equal(t, []string{"consumer:submitted", "system:checked", "system:forwarded"}, actions(c))
	require.NoError(t, complaint.VerifyHistory(c.ID, c.History))
	require.Equal(t, []string{complaint.EventSubmitted, complaint.EventChecked, complaint.EventForwarded}, e.events(0))

	// The token is 256 random bits, stored only as its hash.
	require.GreaterOrEqual(t, len(tok.Reveal()), 26, "at least 128 bits in base32")
	stored, err := e.store.Get(ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, tok.Hash(), stored.TokenHash)
	require.NotContains(t, stored.TokenHash, tok.Reveal())

	got, err := e.svc.Get(ctx, fairshops.AsConsumer(tok), c.ID)
	require.NoError(t, err)
	if d := cmp.Diff(c, got); d != "" {
		t.Fatalf("Get differs from Submit (-submit +get):\n%s", d)
	}
}

// TestEventsCarryNoPersonalData: no event holds the token, the contact or
// the free text; each has an ID, the complaint as subject and the shop.
func TestEventsCarryNoPersonalData(t *testing.T) {
	e := newEnv(t, "2026-03-02 10:00")
	ctx := context.Background()
	in := intake()
	c, tok := e.submit(t, "fair-shop", in)
	_, err := e.svc.AddMessage(ctx, fairshops.AsShop("fair-shop"), c.ID, "Wir liefern morgen, Frau Mustermann.")
	require.NoError(t, err)
	_, err = e.svc.Resolve(ctx, fairshops.AsConsumer(tok), c.ID)
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, ev := range e.db.Events() {
		if !strings.HasPrefix(ev.Type, "complaint.") {
			continue
		}
		require.NotEmpty(t, ev.ID)
		require.False(t, seen[ev.ID], "event IDs are unique")
		seen[ev.ID] = true
		require.Equal(t, c.ID, ev.Subject)
		require.Equal(t, "fair-shop", ev.ShopID)
		b, err := json.Marshal(ev)
		require.NoError(t, err)
		for _, secret := range []string{tok.Reveal(), tok.Hash(), in.Contact.Email, in.Contact.Phone, in.Contact.Name,
			"Mustermann", in.Facts.Description[:10], in.OrderRef} {
			require.NotContains(t, string(b), secret, "event %s", ev.Type)
		}
		var data complaint.EventData
		require.NoError(t, json.Unmarshal(ev.Data, &data))
		require.Equal(t, c.ID, data.Complaint)
		require.Equal(t, precheck.Delivery, data.Category)
		require.Equal(t, fairshops.German, data.Lang)
	}
	require.Len(t, seen, 6, "submitted, checked, forwarded, message_added, answered, resolved")
}

func TestSubmitRefused(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00")
	bad := intake()
	bad.Contact = complaint.Contact{Name: "<b>Erika</b>", Email: "Erika <erika@example.org>", Phone: "call me"}
	bad.Facts.Category = "lost"
	bad.Facts.DeliveryDate = fairshops.MustDate("2026-03-03") // after the filing date
	bad.Lang = "fr"
	for _, tc := range []struct {
		name   string
		shop   string
		in     complaint.Intake
		kind   fairshops.Kind
		fields []string
	}{
		{"no complaint service booked", "portal-shop", intake(), fairshops.Invalid, []string{"shop:not_booked"}},
		{"booking ended the day before", "ended-shop", intake(), fairshops.Invalid, []string{"shop:not_booked"}},
		{"unknown shop", "no-such-shop", intake(), fairshops.NotFound, nil},
		{"no shop", "", intake(), fairshops.Invalid, []string{"shop:required"}},
		{"every field at once", "portal-shop", bad, fairshops.Invalid, []string{
			"category:unknown_value", "delivery_date:in_future", "contact.name:markup",
			"contact.email:invalid_email", "contact.phone:invalid_format", "lang:unknown_value", "shop:not_booked"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mark := e.mark()
			c, tok, err := e.svc.Submit(ctx, tc.shop, tc.in)
			kindIs(t, err, tc.kind)
			require.Nil(t, c)
			require.Empty(t, tok)
			if tc.fields != nil {
				var ve *fairshops.ValidationError
				require.True(t, errors.As(err, &ve))
				var got []string
				for _, f := range ve.Fields {
					got = append(got, f.Field+":"+f.Code)
				}
				require.Equal(t, tc.fields, got)
			}
			require.Empty(t, e.events(mark), "nothing is stored half")
			all, err := e.svc.List(ctx, fairshops.AsOperator("Olga"), complaint.Filter{})
			require.NoError(t, err)
			require.Empty(t, all)
		})
	}
}

func TestEntitlementOnTheFilingDate(t *testing.T) {
	e := newEnv(t, "2026-03-01 23:59")
	c, _ := e.submit(t, "ended-shop", intake())
	require.Equal(t, complaint.Forwarded, c.State, "the last day of the booking counts")
	c, _ = e.submit(t, "mod-shop", intake())
	require.Equal(t, complaint.Forwarded, c.State, "Streitmoderation includes the complaint service")
}

func TestManualForward(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00", func(c *complaint.Config) { c.ManualForward = true })
	c, tok := e.submit(t, "fair-shop", intake())
	require.Equal(t, complaint.Checked, c.State)
	require.True(t, c.ForwardedOn.IsZero())
	require.True(t, c.AnswerDue.IsZero())
	require.True(t, c.NextDue.IsZero())
	require.Equal(t, []string{complaint.EventSubmitted, complaint.EventChecked}, e.events(0))

	// The shop does not see the complaint before it is forwarded.
	shop := fairshops.AsShop("fair-shop")
	_, err := e.svc.Get(ctx, shop, c.ID)
	kindIs(t, err, fairshops.NotFound)
	list, err := e.svc.List(ctx, shop, complaint.Filter{})
	require.NoError(t, err)
	require.Empty(t, list)
	_, err = e.svc.AddMessage(ctx, shop, c.ID, "Hallo")
	kindIs(t, err, fairshops.NotFound)

	// The consumer may write before forwarding; only the operator forwards.
	_, err = e.svc.AddMessage(ctx, fairshops.AsConsumer(tok), c.ID, "Noch ein Detail.")
	require.NoError(t, err)
	_, err = e.svc.Forward(ctx, fairshops.AsConsumer(tok), c.ID)
	kindIs(t, err, fairshops.Forbidden)

	e.clock.Set(berlin("2026-03-04 08:00"))
	c, err = e.svc.Forward(ctx, fairshops.AsOperator("Olga"), c.ID)
	require.NoError(t, err)
	require.Equal(t, complaint.Forwarded, c.State)
	require.Equal(t, fairshops.MustDate("2026-03-04"), c.ForwardedOn)
	require.Equal(t, fairshops.MustDate("2026-03-11"), c.AnswerDue)
	last := c.History[len(c.History)-1]
	require.Equal(t, fairshops.Actor{Role: fairshops.RoleOperator, Name: "Olga"}, last.Actor)
	require.Equal(t, "forwarded", last.Action)

	list, err = e.svc.List(ctx, shop, complaint.Filter{})
	require.NoError(t, err)
	require.Len(t, list, 1)
	_, err = e.svc.Forward(ctx, fairshops.AsOperator("Olga"), c.ID)
	kindIs(t, err, fairshops.NotAllowed)
}

func TestDispleasureForwardedAndConfirmed(t *testing.T) {
	ctx := context.Background()
	t.Run("auto", func(t *testing.T) {
		e := newEnv(t, "2026-03-02 10:00")
		c, tok := e.submit(t, "fair-shop", displeasure())
		require.Equal(t, precheck.Displeasure, c.Precheck.Clarity)
		require.Equal(t, complaint.Closed, c.State)
		require.Equal(t, fairshops.MustDate("2026-03-02"), c.ForwardedOn)
		require.True(t, c.AnswerDue.IsZero(), "no answer period for displeasure")
		require.True(t, c.NextDue.IsZero())
		require.Equal(t, []string{complaint.EventSubmitted, complaint.EventChecked, complaint.EventForwarded, complaint.EventClosed}, e.events(0))
		require.Equal(t, "displeasure_confirmed", e.last(t, complaint.EventClosed).Reason)
		_, err := e.svc.AddMessage(ctx, fairshops.AsConsumer(tok), c.ID, "Und noch etwas")
		kindIs(t, err, fairshops.NotAllowed)
		// The shop sees it: it was forwarded.
		_, err = e.svc.Get(ctx, fairshops.AsShop("fair-shop"), c.ID)
		require.NoError(t, err)
	})
	t.Run("manual", func(t *testing.T) {
		e := newEnv(t, "2026-03-02 10:00", func(c *complaint.Config) { c.ManualForward = true })
		c, tok := e.submit(t, "fair-shop", displeasure())
		op := fairshops.AsOperator("Olga")
		_, err := e.svc.ConfirmDispleasure(ctx, op, c.ID)
		kindIs(t, err, fairshops.NotAllowed)
		c, err = e.svc.Forward(ctx, op, c.ID)
		require.NoError(t, err)
		require.True(t, c.AnswerDue.IsZero())
		for name, move := range map[string]func() error{
			"resolve":  func() error { _, err := e.svc.Resolve(ctx, fairshops.AsConsumer(tok), c.ID); return err },
			"escalate": func() error { _, err := e.svc.Escalate(ctx, op, c.ID); return err },
			"close":    func() error { _, err := e.svc.CloseDeadlineMissed(ctx, op, c.ID); return err },
		} {
			err := move()
			kindIs(t, err, fairshops.NotAllowed)
			var me *complaint.MoveError
			require.True(t, errors.As(err, &me), name)
			require.Contains(t, me.Reason, "displeasure")
		}
		// The shop may still write; its message is no answer.
		c, err = e.svc.AddMessage(ctx, fairshops.AsShop("fair-shop"), c.ID, "Das tut uns leid.")
		require.NoError(t, err)
		require.Equal(t, complaint.Forwarded, c.State)
		c, err = e.svc.ConfirmDispleasure(ctx, op, c.ID)
		require.NoError(t, err)
		require.Equal(t, complaint.Closed, c.State)
	})
	t.Run("not for other complaints", func(t *testing.T) {
		e := newEnv(t, "2026-03-02 10:00")
		c, _ := e.submit(t, "fair-shop", intake())
		_, err := e.svc.ConfirmDispleasure(ctx, fairshops.AsOperator("Olga"), c.ID)
		kindIs(t, err, fairshops.NotAllowed)
	})
}

func TestMessages(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00")
	c, tok := e.submit(t, "fair-shop", intake())
	consumer, shop, op := fairshops.AsConsumer(tok), fairshops.AsShop("fair-shop"), fairshops.AsOperator("Olga")

	mark := e.mark()
	c, err := e.svc.AddMessage(ctx, consumer, c.ID, "Gibt es Neuigkeiten?\r\nDanke.")
	require.NoError(t, err)
	require.Equal(t, complaint.Forwarded, c.State)
	e.clock.Advance(time.Hour)
	c, err = e.svc.AddMessage(ctx, shop, c.ID, "Wir liefern morgen.\n\tGruß")
	require.NoError(t, err)
	require.Equal(t, complaint.Answered, c.State, "the shop's first message is its answer")
	c, err = e.svc.AddMessage(ctx, shop, c.ID, "Sendungsnummer folgt.")
	require.NoError(t, err)
	c, err = e.svc.AddMessage(ctx, op, c.ID, "Bitte halten Sie uns auf dem Laufenden.")
	require.NoError(t, err)
	require.Equal(t, complaint.Answered, c.State)
	require.Equal(t, []string{complaint.EventMessageAdded, complaint.EventMessageAdded, complaint.EventAnswered,
		complaint.EventMessageAdded, complaint.EventMessageAdded}, e.events(mark))
	var authors []fairshops.Role
	for _, m := range c.Messages {
		require.True(t, strings.HasPrefix(m.ID, "m_"))
		authors = append(authors, m.Author)
	}
	require.Equal(t, []fairshops.Role{fairshops.RoleConsumer, fairshops.RoleShop, fairshops.RoleShop, fairshops.RoleOperator}, authors)
	require.Equal(t, berlin("2026-03-02 11:00").UTC(), c.Messages[1].At)
	require.Equal(t, "shop:answered", actions(c)[len(actions(c))-3])
	require.Equal(t, fairshops.Actor{Role: fairshops.RoleShop, ShopID: "fair-shop"}, c.History[len(c.History)-3].Actor)
	require.NoError(t, complaint.VerifyHistory(c.ID, c.History))

	for _, tc := range []struct {
		name, body, code string
	}{
		{"empty", "", fairshops.ReasonRequired},
		{"blank", " \n\t", fairshops.ReasonRequired},
		{"too long", strings.Repeat("ä", complaint.MaxMessage+1), fairshops.ReasonTooLong},
		{"markup", "Hallo <script>alert(1)</script>", fairshops.ReasonMarkup},
		{"control characters", "Hallo\x07", fairshops.ReasonControlChars},
		{"invalid UTF-8", "Hallo \xff", fairshops.ReasonInvalidUTF8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mark := e.mark()
			_, err := e.svc.AddMessage(ctx, consumer, c.ID, tc.body)
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve), "error %v", err)
			require.Equal(t, "body", ve.Fields[0].Field)
			require.Equal(t, tc.code, ve.Fields[0].Code)
			require.Empty(t, e.events(mark))
		})
	}
	_, err = e.svc.AddMessage(ctx, consumer, c.ID, strings.Repeat("ä", complaint.MaxMessage)+"\n")
	require.Error(t, err, "the limit counts every character")
	_, err = e.svc.AddMessage(ctx, consumer, c.ID, strings.Repeat("ä", complaint.MaxMessage))
	require.NoError(t, err)
	_, err = e.svc.AddMessage(ctx, consumer, c.ID, "Preis < 20 EUR, Lieferung <3 Tage")
	require.NoError(t, err, "a lone < is no markup")

	_, err = e.svc.Resolve(ctx, consumer, c.ID)
	require.NoError(t, err)
	_, err = e.svc.AddMessage(ctx, op, c.ID, "Nachtrag")
	kindIs(t, err, fairshops.NotAllowed)
}

func TestLifecycleThroughService(t *testing.T) {
	ctx := context.Background()
	op := fairshops.AsOperator("Olga")
	shop := fairshops.AsShop("fair-shop")
	for _, tc := range []struct {
		name  string
		steps func(e *env, id string, consumer fairshops.Principal) (*complaint.Complaint, error)
		state complaint.State
		last  string
	}{
		{"consumer resolves after the answer", func(e *env, id string, consumer fairshops.Principal) (*complaint.Complaint, error) {
			if _, err := e.svc.AddMessage(ctx, shop, id, "Erledigt."); err != nil {
				return nil, err
			}
			return e.svc.Resolve(ctx, consumer, id)
		}, complaint.Resolved, "consumer:resolved"},
		{"operator resolves without an answer", func(e *env, id string, _ fairshops.Principal) (*complaint.Complaint, error) {
			return e.svc.Resolve(ctx, op, id)
		}, complaint.Resolved, "operator:resolved"},
		{"consumer withdraws", func(e *env, id string, consumer fairshops.Principal) (*complaint.Complaint, error) {
			return e.svc.Withdraw(ctx, consumer, id)
		}, complaint.Withdrawn, "consumer:withdrawn"},
		{"consumer escalates after the answer", func(e *env, id string, consumer fairshops.Principal) (*complaint.Complaint, error) {
			if _, err := e.svc.AddMessage(ctx, shop, id, "Nein."); err != nil {
				return nil, err
			}
			return e.svc.Escalate(ctx, consumer, id)
		}, complaint.Escalated, "consumer:escalated"},
		{"operator escalates", func(e *env, id string, _ fairshops.Principal) (*complaint.Complaint, error) {
			return e.svc.Escalate(ctx, op, id)
		}, complaint.Escalated, "operator:escalated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "2026-03-02 10:00")
			c, tok := e.submit(t, "fair-shop", intake())
			c, err := tc.steps(e, c.ID, fairshops.AsConsumer(tok))
			require.NoError(t, err)
			require.Equal(t, tc.state, c.State)
			require.Equal(t, tc.last, actions(c)[len(c.History)-1])
			require.True(t, c.NextDue.IsZero())
			require.NoError(t, complaint.VerifyHistory(c.ID, c.History))
			// Final: nothing moves any more.
			_, err = e.svc.Withdraw(ctx, fairshops.AsConsumer(tok), c.ID)
			kindIs(t, err, fairshops.NotAllowed)
			_, err = e.svc.Resolve(ctx, op, c.ID)
			kindIs(t, err, fairshops.NotAllowed)
		})
	}
}

func TestList(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, "2026-03-02 10:00")
	var fair []string
	for i := range 5 {
		e.clock.Advance(time.Minute)
		c, _ := e.submit(t, "fair-shop", intake())
		fair = append(fair, c.ID)
		if i == 2 {
			e.submit(t, "mod-shop", intake())
		}
	}
	shop := fairshops.AsShop("fair-shop")
	page, err := e.svc.List(ctx, shop, complaint.Filter{Limit: 3})
	require.NoError(t, err)
	require.Equal(t, fair[:3], ids(page), "oldest first")
	for _, c := range page {
		require.Empty(t, c.TokenHash)
	}
	page, err = e.svc.List(ctx, shop, complaint.Filter{After: page[2].ID, Limit: 3})
	require.NoError(t, err)
	require.Equal(t, fair[3:], ids(page))

	all, err := e.svc.List(ctx, fairshops.AsOperator("Olga"), complaint.Filter{})
	require.NoError(t, err)
	require.Len(t, all, 6)
	answered, err := e.svc.List(ctx, fairshops.AsOperator("Olga"), complaint.Filter{States: []complaint.State{complaint.Answered}})
	require.NoError(t, err)
	require.Empty(t, answered)

	_, err = e.svc.List(ctx, fairshops.AsOperator("Olga"), complaint.Filter{States: []complaint.State{"open", complaint.Forwarded, "done"}})
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve))
	require.Equal(t, []fairshops.FieldError{
		{Field: "states[0]", Code: fairshops.ReasonUnknownValue, Args: []any{"open"}},
		{Field: "states[2]", Code: fairshops.ReasonUnknownValue, Args: []any{"done"}},
	}, ve.Fields)
}

func ids(list []*complaint.Complaint) []string {
	var out []string
	for _, c := range list {
		out = append(out, c.ID)
	}
	return out
}

func TestNewServiceConfig(t *testing.T) {
	_, err := complaint.NewService(complaint.Config{State: calendar.State(200), AnswerDays: -1})
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve))
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	require.Equal(t, []string{"Store", "Shops", "State", "AnswerDays"}, fields)
}
