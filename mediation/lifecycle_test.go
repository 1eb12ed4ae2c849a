package mediation_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// stateFixtures drive a fresh case (mode consumer, requested by the
// consumer, decided by the operator) into each state through the service.
var stateFixtures = []struct {
	name  string
	state mediation.State
	build func(f *fixture) *mediation.Case
}{
	{"requested", mediation.Requested, func(f *fixture) *mediation.Case { return f.requested() }},
	{"declined", mediation.Declined, func(f *fixture) *mediation.Case {
		c := f.requested()
		return f.must(f.svc.DeclineRequest(f.ctx, f.operator, c.ID, mediation.ReasonOutOfScope))
	}},
	{"awaiting_cost_acceptance", mediation.AwaitingCostAcceptance, func(f *fixture) *mediation.Case {
		c := f.requested()
		return f.must(f.svc.MarkAbusive(f.ctx, f.operator, c.ID))
	}},
	{"open", mediation.Open, func(f *fixture) *mediation.Case { return f.open() }},
	{"statements", mediation.Statements, func(f *fixture) *mediation.Case { return f.stated() }},
	{"statements_file_complete", mediation.Statements, func(f *fixture) *mediation.Case {
		c := f.complete()
		return f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
	}},
	{"proposed", mediation.Proposed, func(f *fixture) *mediation.Case { return f.proposed() }},
	{"settled", mediation.Settled, func(f *fixture) *mediation.Case { return f.settled() }},
	{"failed", mediation.Failed, func(f *fixture) *mediation.Case {
		c := f.proposed()
		return f.must(f.svc.RejectProposal(f.ctx, f.consumer, c.ID, c.Current().ID, false))
	}},
	{"expired", mediation.Expired, func(f *fixture) *mediation.Case {
		c := f.requested()
		f.at("2026-05-01")
		_, err := f.svc.ProcessDue(f.ctx)
		require.NoError(f.t, err)
		return f.get(c.ID)
	}},
	{"withdrawn", mediation.Withdrawn, func(f *fixture) *mediation.Case {
		c := f.requested()
		return f.must(f.svc.Withdraw(f.ctx, f.consumer, c.ID))
	}},
}

type call func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error)

func proposalID(c *mediation.Case) string {
	if p := c.Current(); p != nil {
		return p.ID
	}
	return "mp_none"
}

// editedOptions is a valid one-option draft for the fixture's case.
func editedOptions(f *fixture) []mediation.Option {
	today := fairshops.DateOf(f.clock.Now(), time.UTC)
	return []mediation.Option{{ID: "o1", Kind: mediation.KindVoucher, Amount: eur("5.00"),
		Duties: []mediation.Duty{{Party: fairshops.RoleShop, Action: mediation.ActIssueVoucher, Amount: ptr(eur("5.00")),
			Due: today.AddDays(14)}},
		Rationale: mediation.Rationale{Key: "rationale.shop_offer"}}}
}

var moveCalls = []struct {
	name string
	do   call
}{
	{"accept_request", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.AcceptRequest(f.ctx, p, c.ID)
	}},
	{"decline_request", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.DeclineRequest(f.ctx, p, c.ID, mediation.ReasonOutOfScope)
	}},
	{"mark_abusive", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.MarkAbusive(f.ctx, p, c.ID)
	}},
	{"accept_cost", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.AcceptCost(f.ctx, p, c.ID)
	}},
	{"decline_cost", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.DeclineCost(f.ctx, p, c.ID)
	}},
	{"add_statement", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.AddStatement(f.ctx, p, c.ID, mediation.StatementInput{Text: "Noch ein Punkt."})
	}},
	{"generate_draft", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.GenerateDraft(f.ctx, p, c.ID)
	}},
	{"edit_draft", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.EditDraft(f.ctx, p, c.ID, editedOptions(f))
	}},
	{"send_proposal", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.SendProposal(f.ctx, p, c.ID)
	}},
	{"accept_proposal", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.AcceptProposal(f.ctx, p, c.ID, proposalID(c), "o1")
	}},
	{"reject_proposal", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.RejectProposal(f.ctx, p, c.ID, proposalID(c), false)
	}},
	{"request_revision", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.RequestRevision(f.ctx, p, c.ID, proposalID(c))
	}},
	{"withdraw", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.Withdraw(f.ctx, p, c.ID)
	}},
	{"leave", func(f *fixture, p fairshops.Principal, c *mediation.Case) (*mediation.Case, error) {
		return f.svc.Leave(f.ctx, p, c.ID)
	}},
}

var roleNames = []string{"consumer", "shop", "operator", "system", "other_shop", "wrong_consumer"}

func (f *fixture) principal(name string) fairshops.Principal {
	switch name {
	case "consumer":
		return f.consumer
	case "shop":
		return f.shop
	case "operator":
		return f.operator
	case "system":
		return f.system
	case "other_shop":
		return f.otherShop
	}
	return f.wrongConsumer
}

type allow struct {
	roles []string
	to    mediation.State
}

// expected lists every move that succeeds, by state fixture: the rules
// page's lifecycle for a consumer's request in the mode consumer. Every
// other state x move x role must fail with a typed error and change nothing.
var expected = map[string]map[string]allow{
	"requested": {
		"accept_request":  {[]string{"operator"}, mediation.Open},
		"decline_request": {[]string{"operator"}, mediation.Declined},
		"mark_abusive":    {[]string{"operator"}, mediation.AwaitingCostAcceptance},
		"withdraw":        {[]string{"consumer"}, mediation.Withdrawn},
	},
	"awaiting_cost_acceptance": {
		"accept_cost":  {[]string{"consumer"}, mediation.Open},
		"decline_cost": {[]string{"consumer"}, mediation.Declined},
		"withdraw":     {[]string{"consumer"}, mediation.Withdrawn},
	},
	"open": {
		"add_statement":  {[]string{"consumer", "shop"}, mediation.Statements},
		"generate_draft": {[]string{"operator"}, mediation.Open},
		"edit_draft":     {[]string{"operator"}, mediation.Open},
		"withdraw":       {[]string{"consumer"}, mediation.Withdrawn},
		"leave":          {[]string{"shop"}, mediation.Failed},
	},
	"statements": {
		"add_statement":  {[]string{"consumer", "shop"}, mediation.Statements},
		"generate_draft": {[]string{"operator"}, mediation.Statements},
		"edit_draft":     {[]string{"operator"}, mediation.Statements},
		"withdraw":       {[]string{"consumer"}, mediation.Withdrawn},
		"leave":          {[]string{"shop"}, mediation.Failed},
	},
	"statements_file_complete": {
		"generate_draft": {[]string{"operator"}, mediation.Statements},
		"edit_draft":     {[]string{"operator"}, mediation.Statements},
		"send_proposal":  {[]string{"operator"}, mediation.Proposed},
		"withdraw":       {[]string{"consumer"}, mediation.Withdrawn},
		"leave":          {[]string{"shop"}, mediation.Failed},
	},
	"proposed": {
		"accept_proposal":  {[]string{"consumer", "shop"}, mediation.Proposed},
		"reject_proposal":  {[]string{"consumer", "shop"}, mediation.Failed},
		"request_revision": {[]string{"consumer", "shop"}, mediation.Proposed},
		"withdraw":         {[]string{"consumer"}, mediation.Withdrawn},
		"leave":            {[]string{"shop"}, mediation.Failed},
	},
}

func TestEveryStateMoveAndRole(t *testing.T) {
	for _, sf := range stateFixtures {
		for _, mc := range moveCalls {
			for _, role := range roleNames {
				t.Run(sf.name+"/"+mc.name+"/"+role, func(t *testing.T) {
					t.Parallel()
					f := newFixture(t, fairshops.ConsumerMode)
					c := sf.build(f)
					require.Equal(t, sf.state, c.State)
					events := len(f.db.Events())
					got, err := mc.do(f, f.principal(role), c)
					a, ok := expected[sf.name][mc.name]
					if ok && slices.Contains(a.roles, role) {
						require.NoError(t, err)
						require.Equal(t, a.to, got.State)
						require.Equal(t, c.Version+1, got.Version)
						require.NoError(t, mediation.VerifyHistory(got.ID, got.History))
						return
					}
					require.Error(t, err)
					kind := fairshops.KindOf(err)
					if role == "other_shop" || role == "wrong_consumer" {
						require.Equal(t, fairshops.NotFound, kind, "a stranger must not learn that the case exists: %v", err)
					} else {
						require.Contains(t, []fairshops.Kind{fairshops.NotAllowed, fairshops.Forbidden}, kind, "%v", err)
					}
					after := f.get(c.ID)
					require.Equal(t, c.Version, after.Version, "a refused move writes nothing")
					require.Len(t, f.db.Events(), events, "a refused move writes no event")
				})
			}
		}
	}
}

func TestAllowed(t *testing.T) {
	for _, tc := range []struct {
		name  string
		from  mediation.State
		move  mediation.Move
		role  fairshops.Role
		kind  fairshops.Kind
		allow bool
	}{
		{"decider accepts", mediation.Requested, mediation.MoveAcceptRequest, fairshops.RoleOperator, 0, true},
		{"consumer cannot accept its own request", mediation.Requested, mediation.MoveAcceptRequest, fairshops.RoleConsumer, fairshops.Forbidden, false},
		{"no statements before opening", mediation.Requested, mediation.MoveAddStatement, fairshops.RoleShop, fairshops.NotAllowed, false},
		{"settled is final", mediation.Settled, mediation.MoveWithdraw, fairshops.RoleConsumer, fairshops.NotAllowed, false},
		{"only the system expires", mediation.Proposed, mediation.MoveExpire, fairshops.RoleOperator, fairshops.Forbidden, false},
		{"system expires a proposal", mediation.Proposed, mediation.MoveExpire, fairshops.RoleSystem, 0, true},
		{"no proposal without statements", mediation.Open, mediation.MoveSendProposal, fairshops.RoleOperator, fairshops.NotAllowed, false},
		{"the operator is no party", mediation.Proposed, mediation.MoveAcceptProposal, fairshops.RoleOperator, fairshops.Forbidden, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := mediation.Allowed(tc.from, tc.move, tc.role)
			if tc.allow {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			require.Equal(t, tc.kind, fairshops.KindOf(err))
		})
	}
}

func TestTransitionsTable(t *testing.T) {
	rows := mediation.Transitions()
	for _, s := range mediation.States() {
		var moves []mediation.Move
		for _, r := range rows {
			if r.From == s {
				moves = append(moves, r.Move)
				for _, to := range r.To {
					require.True(t, to.Valid(), "%s --%s--> %s", s, r.Move, to)
				}
			}
		}
		if s.Final() {
			require.Empty(t, moves, "final state %s has moves", s)
			continue
		}
		require.Contains(t, moves, mediation.MoveWithdraw, "every running case can be withdrawn: %s", s)
		require.Contains(t, moves, mediation.MoveRemind, "every running case has a deadline: %s", s)
		require.Contains(t, moves, mediation.MoveExpire, "every running case can run out of time: %s", s)
	}
	// The table is a copy: changing it changes nothing.
	rows[0].Roles[0] = fairshops.RoleSystem
	require.NoError(t, mediation.Allowed(rows[0].From, rows[0].Move, mediation.Transitions()[0].Roles[0]))
	require.Len(t, mediation.States(), 10)
	require.Len(t, mediation.Moves(), 15)
}
