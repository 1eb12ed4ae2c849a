package mediation

import (
	"slices"
	"sync"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Move is something that happens to a case: a party's or the moderator's
// act, or a deadline run by the system.
type Move string

// The moves.
const (
	MoveAcceptRequest   Move = "accept_request"   // the decider accepts a request: the case opens
	MoveDeclineRequest  Move = "decline_request"  // the decider declines a request, with a reason
	MoveMarkAbusive     Move = "mark_abusive"     // the operator asks the consumer to bear the fee
	MoveAcceptCost      Move = "accept_cost"      // the consumer accepts the fee: the case opens
	MoveDeclineCost     Move = "decline_cost"     // the consumer declines the fee: declined
	MoveAddStatement    Move = "add_statement"    // a party states facts and what it wants
	MoveEditDraft       Move = "edit_draft"       // the moderator generates or edits the draft proposal
	MoveSendProposal    Move = "send_proposal"    // the moderator sends the draft
	MoveAcceptProposal  Move = "accept_proposal"  // a party accepts one option
	MoveRejectProposal  Move = "reject_proposal"  // a party rejects the proposal
	MoveRequestRevision Move = "request_revision" // a party asks for a revised proposal
	MoveWithdraw        Move = "withdraw"         // the requester withdraws
	MoveLeave           Move = "leave"            // the party that did not request leaves: failed
	MoveRemind          Move = "remind"           // the system reminds of a deadline
	MoveExpire          Move = "expire"           // the system acts on a passed deadline
)

// Moves lists every move.
func Moves() []Move {
	return []Move{MoveAcceptRequest, MoveDeclineRequest, MoveMarkAbusive, MoveAcceptCost, MoveDeclineCost,
		MoveAddStatement, MoveEditDraft, MoveSendProposal, MoveAcceptProposal, MoveRejectProposal,
		MoveRequestRevision, MoveWithdraw, MoveLeave, MoveRemind, MoveExpire}
}

// Transition is one row of the lifecycle table: in state From, the roles
// Roles may make the move, which leads to one of the states To (which one
// depends on the case: an acceptance settles only when both accepted).
// Moves have further conditions the table does not show (who the decider
// or the requester is, deadlines); the Service checks them.
type Transition struct {
	From  State
	Move  Move
	Roles []fairshops.Role
	To    []State
}

// transitions is the lifecycle table of domain/mediation.md.
var transitions = sync.OnceValue(func() []Transition {
	active := []State{Requested, AwaitingCostAcceptance, Open, Statements, Proposed}
	parties := []fairshops.Role{fairshops.RoleConsumer, fairshops.RoleShop}
	t := []Transition{
		{Requested, MoveAcceptRequest, []fairshops.Role{fairshops.RoleShop, fairshops.RoleOperator}, []State{Open}},
		{Requested, MoveDeclineRequest, []fairshops.Role{fairshops.RoleShop, fairshops.RoleOperator}, []State{Declined}},
		{Requested, MoveMarkAbusive, []fairshops.Role{fairshops.RoleOperator}, []State{AwaitingCostAcceptance}},
		{AwaitingCostAcceptance, MoveAcceptCost, []fairshops.Role{fairshops.RoleConsumer}, []State{Open}},
		{AwaitingCostAcceptance, MoveDeclineCost, []fairshops.Role{fairshops.RoleConsumer}, []State{Declined}},
		{Open, MoveAddStatement, parties, []State{Statements}},
		{Statements, MoveAddStatement, parties, []State{Statements}},
		{Open, MoveEditDraft, []fairshops.Role{fairshops.RoleOperator}, []State{Open}},
		{Statements, MoveEditDraft, []fairshops.Role{fairshops.RoleOperator}, []State{Statements}},
		{Proposed, MoveEditDraft, []fairshops.Role{fairshops.RoleOperator}, []State{Proposed}},
		{Statements, MoveSendProposal, []fairshops.Role{fairshops.RoleOperator}, []State{Proposed}},
		{Proposed, MoveSendProposal, []fairshops.Role{fairshops.RoleOperator}, []State{Proposed}},
		{Proposed, MoveAcceptProposal, parties, []State{Proposed, Settled, Failed}},
		{Proposed, MoveRejectProposal, parties, []State{Proposed, Failed}},
		{Proposed, MoveRequestRevision, parties, []State{Proposed}},
		{Requested, MoveExpire, []fairshops.Role{fairshops.RoleSystem}, []State{Expired}},
		{AwaitingCostAcceptance, MoveExpire, []fairshops.Role{fairshops.RoleSystem}, []State{Expired}},
		{Open, MoveExpire, []fairshops.Role{fairshops.RoleSystem}, []State{Expired}},
		{Statements, MoveExpire, []fairshops.Role{fairshops.RoleSystem}, []State{Statements, Expired}},
		{Proposed, MoveExpire, []fairshops.Role{fairshops.RoleSystem}, []State{Failed, Expired}},
	}
	for _, s := range active {
		t = append(t, Transition{s, MoveWithdraw, []fairshops.Role{fairshops.RoleConsumer, fairshops.RoleShop, fairshops.RoleOperator}, []State{Withdrawn}})
		t = append(t, Transition{s, MoveRemind, []fairshops.Role{fairshops.RoleSystem}, []State{s}})
	}
	for _, s := range []State{Open, Statements, Proposed} {
		t = append(t, Transition{s, MoveLeave, parties, []State{Failed}})
	}
	return t
})

// Transitions returns the lifecycle table, a fresh copy.
func Transitions() []Transition {
	t := transitions()
	out := make([]Transition, len(t))
	for i, x := range t {
		x.Roles = slices.Clone(x.Roles)
		x.To = slices.Clone(x.To)
		out[i] = x
	}
	return out
}

// Allowed checks a move against the table: NotAllowed when the state has no
// such move, Forbidden when the role may not make it there.
func Allowed(from State, m Move, r fairshops.Role) error {
	for _, t := range transitions() {
		if t.From == from && t.Move == m {
			if slices.Contains(t.Roles, r) {
				return nil
			}
			return fairshops.E("mediation."+string(m), fairshops.Forbidden, "",
				"role "+string(r)+" may not "+string(m)+" in state "+string(from), nil)
		}
	}
	return fairshops.E("mediation."+string(m), fairshops.NotAllowed, "",
		"no "+string(m)+" in state "+string(from), nil)
}
