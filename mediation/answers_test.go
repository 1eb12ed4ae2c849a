package mediation_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// unchanged asserts that a refused call wrote nothing.
func (f *fixture) unchanged(c *mediation.Case, events int) {
	f.t.Helper()
	got := f.get(c.ID)
	require.Equal(f.t, c.Version, got.Version, "nothing written")
	require.Len(f.t, f.db.Events(), events, "no event written")
}

func TestBadAnswers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(f *fixture, c *mediation.Case) *mediation.Case
		call  func(f *fixture, c *mediation.Case) error
		kind  fairshops.Kind
		cause error
	}{
		{"the operator is no party", nil, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.AcceptProposal(f.ctx, f.operator, c.ID, c.Current().ID, "o1")
			return err
		}, fairshops.Forbidden, mediation.ErrNotParty},
		{"the system is no party", nil, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.RejectProposal(f.ctx, f.system, c.ID, c.Current().ID, false)
			return err
		}, fairshops.Forbidden, mediation.ErrNotParty},
		{"nor may it ask for a revision", nil, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.RequestRevision(f.ctx, f.operator, c.ID, c.Current().ID)
			return err
		}, fairshops.Forbidden, mediation.ErrNotParty},
		{"another shop does not see the case", nil, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.AcceptProposal(f.ctx, f.otherShop, c.ID, c.Current().ID, "o1")
			return err
		}, fairshops.NotFound, nil},
		{"a wrong token does not see the case", nil, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.AcceptProposal(f.ctx, f.wrongConsumer, c.ID, c.Current().ID, "o1")
			return err
		}, fairshops.NotFound, nil},
		{"after the answer deadline", func(f *fixture, c *mediation.Case) *mediation.Case {
			f.at("2026-04-16")
			return c
		}, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, c.Current().ID, "o1")
			return err
		}, fairshops.NotAllowed, mediation.ErrDeadlinePassed},
		{"on the last day it still counts", func(f *fixture, c *mediation.Case) *mediation.Case {
			f.at("2026-04-15")
			return c
		}, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, c.Current().ID, "o1")
			return err
		}, 0, nil},
		{"a second acceptance", func(f *fixture, c *mediation.Case) *mediation.Case {
			return f.must(f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, c.Current().ID, "o1"))
		}, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, c.Current().ID, "o1")
			return err
		}, fairshops.NotAllowed, mediation.ErrAlreadyAnswered},
		{"a rejection after an acceptance", func(f *fixture, c *mediation.Case) *mediation.Case {
			return f.must(f.svc.AcceptProposal(f.ctx, f.shop, c.ID, c.Current().ID, "o1"))
		}, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.RejectProposal(f.ctx, f.shop, c.ID, c.Current().ID, false)
			return err
		}, fairshops.NotAllowed, mediation.ErrAlreadyAnswered},
		{"asking twice for a revision", func(f *fixture, c *mediation.Case) *mediation.Case {
			return f.must(f.svc.RequestRevision(f.ctx, f.shop, c.ID, c.Current().ID))
		}, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.RequestRevision(f.ctx, f.shop, c.ID, c.Current().ID)
			return err
		}, fairshops.NotAllowed, mediation.ErrAlreadyAnswered},
		{"an unknown option", nil, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, c.Current().ID, "o9")
			return err
		}, fairshops.Invalid, nil},
		{"an unknown proposal", nil, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, "mp_unknown", "o1")
			return err
		}, fairshops.NotFound, nil},
		{"the proposal both want revised", func(f *fixture, c *mediation.Case) *mediation.Case {
			f.must(f.svc.RequestRevision(f.ctx, f.consumer, c.ID, c.Current().ID))
			return f.must(f.svc.RequestRevision(f.ctx, f.shop, c.ID, c.Current().ID))
		}, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, c.Current().ID, "o1")
			return err
		}, fairshops.NotAllowed, mediation.ErrSuperseded},
		{"a superseded proposal", func(f *fixture, c *mediation.Case) *mediation.Case {
			f.must(f.svc.RequestRevision(f.ctx, f.consumer, c.ID, c.Current().ID))
			f.must(f.svc.RequestRevision(f.ctx, f.shop, c.ID, c.Current().ID))
			f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
			return f.must(f.svc.SendProposal(f.ctx, f.operator, c.ID))
		}, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, c.Proposals[0].ID, "o1")
			return err
		}, fairshops.NotAllowed, mediation.ErrSuperseded},
		{"a second revision", func(f *fixture, c *mediation.Case) *mediation.Case {
			f.must(f.svc.RequestRevision(f.ctx, f.consumer, c.ID, c.Current().ID))
			f.must(f.svc.RequestRevision(f.ctx, f.shop, c.ID, c.Current().ID))
			f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
			return f.must(f.svc.SendProposal(f.ctx, f.operator, c.ID))
		}, func(f *fixture, c *mediation.Case) error {
			_, err := f.svc.RejectProposal(f.ctx, f.consumer, c.ID, c.Current().ID, true)
			return err
		}, fairshops.NotAllowed, mediation.ErrRevisionUsed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fairshops.ConsumerMode)
			c := f.proposed()
			if tc.setup != nil {
				c = tc.setup(f, c)
			}
			events := len(f.db.Events())
			err := tc.call(f, c)
			if tc.kind == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			require.Equal(t, tc.kind, fairshops.KindOf(err), "%v", err)
			if tc.cause != nil {
				require.ErrorIs(t, err, tc.cause)
			}
			f.unchanged(c, events)
		})
	}
}

func TestSettlement(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.twoOptions(f.complete())
	c = f.must(f.svc.SendProposal(f.ctx, f.operator, c.ID))
	p := c.Current()
	require.Equal(t, 1, p.Number)
	require.Equal(t, date("2026-04-15"), p.AnswersDue)

	f.at("2026-04-03")
	c = f.must(f.svc.AcceptProposal(f.ctx, f.shop, c.ID, p.ID, "o2"))
	require.Equal(t, mediation.Proposed, c.State)
	require.Nil(t, c.Settlement)
	f.at("2026-04-07")
	c = f.must(f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, p.ID, "o2"))
	require.Equal(t, mediation.Settled, c.State)
	require.Equal(t, mediation.Deadline{}, c.Deadline)

	s := c.Settlement
	require.NotNil(t, s)
	require.Equal(t, c.ID, s.CaseID)
	require.Equal(t, complaintID, s.ComplaintID)
	require.Equal(t, p.ID, s.ProposalID)
	require.Equal(t, "o2", s.Option.ID)
	require.Equal(t, "7.50", s.Option.Amount.Amount.StringFixed(2))
	require.Equal(t, []mediation.Acceptance{
		{Party: fairshops.RoleConsumer, At: date("2026-04-07").Time().Add(10 * 3600e9)},
		{Party: fairshops.RoleShop, At: date("2026-04-03").Time().Add(10 * 3600e9)},
	}, s.Acceptances)
	require.Len(t, s.Duties(), 1)
	require.Equal(t, mediation.ActIssueVoucher, s.Duties()[0].Action)

	de := s.Render(fairshops.German)
	require.Contains(t, de, "7,50 EUR")
	require.Contains(t, de, "verbindlich")
	require.Contains(t, de, "verzichten beide Seiten auf weitere Ansprüche")
	en := s.Render(fairshops.English)
	require.Contains(t, en, "give up further claims")
	require.Equal(t, de, c.Notice(fairshops.German))

	evs := f.db.Events()
	require.Equal(t, mediation.EventSettled, evs[len(evs)-1].Type)
	require.Equal(t, []string{c.ID}, f.complaints.escalated[complaintID])
}

func TestRevisedProposalSettles(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.proposed()
	first := c.Current().ID
	c = f.must(f.svc.RejectProposal(f.ctx, f.consumer, c.ID, first, true))
	require.Equal(t, mediation.Proposed, c.State, "waits: the shop may still ask for a revision")
	c = f.must(f.svc.AcceptProposal(f.ctx, f.shop, c.ID, first, "o1"))
	require.Equal(t, mediation.Proposed, c.State)
	c = f.must(f.svc.RequestRevision(f.ctx, f.shop, c.ID, first))
	require.Equal(t, mediation.DeadlineRevision, c.Deadline.Kind)

	c = f.must(f.svc.EditDraft(f.ctx, f.operator, c.ID, editedOptions(f)))
	c = f.must(f.svc.SendProposal(f.ctx, f.operator, c.ID))
	require.Len(t, c.Proposals, 2)
	second := c.Current()
	require.Equal(t, 2, second.Number)
	require.Equal(t, mediation.DeadlineAnswers, c.Deadline.Kind)

	_, err := f.svc.RequestRevision(f.ctx, f.consumer, c.ID, second.ID)
	require.ErrorIs(t, err, mediation.ErrRevisionUsed)
	_, err = f.svc.SendProposal(f.ctx, f.operator, c.ID)
	require.ErrorIs(t, err, fairshops.ErrNotAllowed)

	f.must(f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, second.ID, "o1"))
	c = f.must(f.svc.AcceptProposal(f.ctx, f.shop, c.ID, second.ID, "o1"))
	require.Equal(t, mediation.Settled, c.State)
	require.Equal(t, 2, c.Settlement.ProposalNumber)
}

func TestRejections(t *testing.T) {
	t.Run("a rejection without a revision ends the case", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		c := f.proposed()
		c = f.must(f.svc.RejectProposal(f.ctx, f.shop, c.ID, c.Current().ID, false))
		require.Equal(t, mediation.Failed, c.State)
		for _, lang := range fairshops.Languages() {
			n := c.Notice(lang)
			require.Contains(t, n, "Universalschlichtungsstelle des Bundes")
			require.Contains(t, n, "§")
			lower := strings.ToLower(n)
			for _, gone := range []string{"os-plattform", "odr", "online-streitbeilegung", "ec.europa.eu"} {
				require.NotContains(t, lower, gone, "the EU ODR platform closed in 2025")
			}
		}
	})
	t.Run("a rejection on the revised proposal ends the case", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		c := f.proposed()
		f.must(f.svc.RejectProposal(f.ctx, f.consumer, c.ID, c.Current().ID, true))
		f.must(f.svc.RejectProposal(f.ctx, f.shop, c.ID, c.Current().ID, true))
		f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
		c = f.must(f.svc.SendProposal(f.ctx, f.operator, c.ID))
		c = f.must(f.svc.RejectProposal(f.ctx, f.shop, c.ID, c.Current().ID, false))
		require.Equal(t, mediation.Failed, c.State)
	})
	t.Run("different options on the revised proposal end the case", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		c := f.proposed()
		f.must(f.svc.RequestRevision(f.ctx, f.consumer, c.ID, c.Current().ID))
		f.must(f.svc.RequestRevision(f.ctx, f.shop, c.ID, c.Current().ID))
		c = f.twoOptions(c)
		c = f.must(f.svc.SendProposal(f.ctx, f.operator, c.ID))
		f.must(f.svc.AcceptProposal(f.ctx, f.consumer, c.ID, c.Current().ID, "o1"))
		c = f.must(f.svc.AcceptProposal(f.ctx, f.shop, c.ID, c.Current().ID, "o2"))
		require.Equal(t, mediation.Failed, c.State)
	})
}

func TestDraftEditsAreRecorded(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.complete()
	_, err := f.svc.SendProposal(f.ctx, f.operator, c.ID)
	require.ErrorIs(t, err, mediation.ErrNoDraft)

	c = f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
	generated := c.Draft.Options
	require.Equal(t, mediation.SideShop, c.Draft.Side)
	last := c.History[len(c.History)-1]
	require.Equal(t, "draft_generated", last.Action)
	require.Equal(t, "Olga", last.Actor.Name)
	require.Empty(t, last.Before)

	edited := editedOptions(f)
	edited[0].Note = "Gutschein statt Geld, wie vom Shop angeboten."
	c = f.must(f.svc.EditDraft(f.ctx, f.operator, c.ID, edited))
	require.True(t, c.Draft.Edited)
	last = c.History[len(c.History)-1]
	require.Equal(t, "draft_edited", last.Action)
	var before, after []mediation.Option
	require.NoError(t, json.Unmarshal([]byte(last.Before), &before))
	require.NoError(t, json.Unmarshal([]byte(last.After), &after))
	require.Equal(t, generated[0].Amount.String(), before[0].Amount.String())
	require.Equal(t, edited[0].Note, after[0].Note)

	events := len(f.db.Events())
	bad := editedOptions(f)
	bad[0].Amount = eur("99.00")
	bad[0].Duties[0].Due = date("2026-03-01")
	_, err = f.svc.EditDraft(f.ctx, f.operator, c.ID, bad)
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	var fields []string
	for _, fe := range ve.Fields {
		fields = append(fields, fe.Field+":"+fe.Code)
	}
	require.Equal(t, []string{"options[0].amount:too_large", "options[0].duties[0].due:before"}, fields)
	f.unchanged(c, events)
	require.NoError(t, mediation.VerifyHistory(c.ID, f.get(c.ID).History))
}

func TestStatements(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.open()
	_, err := f.svc.AddStatement(f.ctx, f.consumer, c.ID, mediation.StatementInput{
		Text: "<script>alert(1)</script>\x00", Want: &mediation.Want{Kind: mediation.KindRefund, Amount: ptr(eur("100"))}})
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	var fields []string
	for _, fe := range ve.Fields {
		fields = append(fields, fe.Field+":"+fe.Code)
	}
	require.Equal(t, []string{"text:control_chars", "text:markup", "want.amount:too_large"}, fields)

	c = f.must(f.svc.AddStatement(f.ctx, f.consumer, c.ID, mediation.StatementInput{Text: "Ich will mein Geld.",
		Want: &mediation.Want{Kind: mediation.KindRefund, Amount: ptr(eur("64.80"))}}))
	require.Equal(t, mediation.Statements, c.State)
	require.Equal(t, "64.80", c.Claim.Amount.Amount.StringFixed(2))
	require.True(t, c.FileCompleteOn.IsZero())
	_, err = f.svc.SendProposal(f.ctx, f.operator, c.ID)
	require.ErrorIs(t, err, fairshops.ErrNotAllowed)

	evs := f.db.Events()
	require.Equal(t, "shop", evs[len(evs)-1].Recipient, "the other side hears of a statement")
	c = f.must(f.svc.AddStatement(f.ctx, f.shop, c.ID, mediation.StatementInput{Text: "Wir bieten 10 EUR.",
		Want: &mediation.Want{Kind: mediation.KindPartialRefund, Amount: ptr(eur("10.00"))}}))
	require.Equal(t, date("2026-04-01"), c.FileCompleteOn)
	require.Equal(t, mediation.DeadlineProposal, c.Deadline.Kind)
	require.Equal(t, date("2026-06-30"), c.Deadline.Due)
	_, err = f.svc.AddStatement(f.ctx, f.consumer, c.ID, mediation.StatementInput{Text: "Nachtrag"})
	require.ErrorIs(t, err, fairshops.ErrNotAllowed, "the file is complete")

	c = f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
	require.Equal(t, mediation.KindPartialRefund, c.Draft.Options[0].Kind)
	require.Equal(t, "10.00", c.Draft.Options[0].Amount.Amount.StringFixed(2), "the shop's offer, as the findings favour the shop")
}

func TestMaxStatements(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.open()
	for range mediation.MaxStatements {
		c = f.must(f.svc.AddStatement(f.ctx, f.consumer, c.ID, mediation.StatementInput{Text: "noch etwas"}))
	}
	_, err := f.svc.AddStatement(f.ctx, f.consumer, c.ID, mediation.StatementInput{Text: "zu viel"})
	require.ErrorIs(t, err, fairshops.ErrInvalid)
}

func TestEventsCarryNoSecrets(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.settled()
	seen := map[string]bool{}
	var typesSeen []string
	for _, ev := range f.db.Events() {
		require.False(t, seen[ev.ID], "event IDs are unique")
		seen[ev.ID] = true
		require.Equal(t, c.ID, ev.Subject)
		require.Equal(t, shopID, ev.ShopID)
		data := string(ev.Data)
		require.NotContains(t, data, c.TokenHash)
		require.NotContains(t, data, "Das Gerät ist defekt.", "no statement texts in events")
		var d mediation.EventData
		require.NoError(t, json.Unmarshal(ev.Data, &d))
		require.Equal(t, complaintID, d.Complaint)
		typesSeen = append(typesSeen, ev.Type)
	}
	require.Equal(t, []string{mediation.EventRequested, mediation.EventOpened, mediation.EventStatement,
		mediation.EventStatement, mediation.EventFileComplete, mediation.EventProposed, mediation.EventAnswered,
		mediation.EventAnswered, mediation.EventSettled}, typesSeen)
}

func TestHistoryChain(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.settled()
	require.NoError(t, mediation.VerifyHistory(c.ID, c.History))
	var actions []string
	for _, e := range c.History {
		actions = append(actions, e.Action)
	}
	require.Equal(t, []string{"requested", "opened", "statement_added", "statement_added", "file_complete",
		"draft_generated", "proposed", "accepted", "accepted", "settled"}, actions)
	require.Equal(t, c.History[len(c.History)-1].Hash, c.HistoryHead())

	for _, tc := range []struct {
		name   string
		tamper func(h []fairshops.Entry) []fairshops.Entry
	}{
		{"changed detail", func(h []fairshops.Entry) []fairshops.Entry { h[3].Detail = "x"; return h }},
		{"removed entry", func(h []fairshops.Entry) []fairshops.Entry { return append(h[:2], h[3:]...) }},
		{"swapped entries", func(h []fairshops.Entry) []fairshops.Entry { h[1], h[2] = h[2], h[1]; return h }},
		{"changed actor", func(h []fairshops.Entry) []fairshops.Entry { h[0].Actor.Role = fairshops.RoleOperator; return h }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.tamper(f.get(c.ID).History)
			require.ErrorIs(t, mediation.VerifyHistory(c.ID, h), fairshops.ErrInvalid)
		})
	}
	require.ErrorIs(t, mediation.VerifyHistory("m_other", c.History), fairshops.ErrInvalid, "entries belong to one case")
}

func TestAccess(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	c := f.open()
	for _, who := range []string{"consumer", "shop", "operator"} {
		got, err := f.svc.Get(f.ctx, f.principal(who), c.ID)
		require.NoError(t, err, who)
		require.Equal(t, c.ID, got.ID)
	}
	for _, who := range []string{"other_shop", "wrong_consumer"} {
		_, err := f.svc.Get(f.ctx, f.principal(who), c.ID)
		require.ErrorIs(t, err, fairshops.ErrNotFound, who)
	}
	_, err := f.svc.Get(f.ctx, fairshops.Principal{Role: fairshops.RoleConsumer}, c.ID)
	require.ErrorIs(t, err, fairshops.ErrNotFound, "no token")
	_, err = f.svc.Get(f.ctx, fairshops.Principal{Role: "admin"}, c.ID)
	require.ErrorIs(t, err, fairshops.ErrForbidden)
	_, err = f.svc.Get(f.ctx, f.operator, "m_nope")
	require.ErrorIs(t, err, fairshops.ErrNotFound)

	list, err := f.svc.List(f.ctx, f.shop, mediation.Filter{ShopID: "shop-2"})
	require.NoError(t, err)
	require.Len(t, list, 1, "a shop sees its own cases whatever the filter says")
	list, err = f.svc.List(f.ctx, f.otherShop, mediation.Filter{})
	require.NoError(t, err)
	require.Empty(t, list)
	list, err = f.svc.List(f.ctx, f.operator, mediation.Filter{States: []mediation.State{mediation.Open}})
	require.NoError(t, err)
	require.Len(t, list, 1)
	_, err = f.svc.List(f.ctx, f.consumer, mediation.Filter{})
	require.ErrorIs(t, err, fairshops.ErrForbidden)
	_, err = f.svc.List(f.ctx, fairshops.Principal{Role: fairshops.RoleShop}, mediation.Filter{})
	require.ErrorIs(t, err, fairshops.ErrForbidden)
}

func TestNewChecksConfig(t *testing.T) {
	_, err := mediation.NewService(mediation.Config{})
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Fields, 3)
	fees := mediation.DefaultFeeConfig()
	fees.Schedule.Bands[1].UpTo = eur("50").Amount
	f := newFixture(t, fairshops.ConsumerMode)
	_, err = mediation.NewService(mediation.Config{Store: f.db.Cases(), Complaints: f.complaints, Shops: f.shops, Fees: &fees})
	require.ErrorAs(t, err, &ve)
	require.Equal(t, "fees.schedule.bands[1].up_to", ve.Fields[0].Field)
}
