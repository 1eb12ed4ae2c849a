package complaint

import (
	"fmt"
	"slices"

	"github.com/fairshops/konfliktservice/fairshops"
)

// State is where a complaint stands in its lifecycle.
type State string

// The states of a complaint. Resolved, Escalated, Withdrawn and Closed are
// final: no move and no message leaves them (an escalated complaint goes on
// as a mediation case).
const (
	Submitted State = "submitted" // filed, not yet pre-checked
	Checked   State = "checked"   // pre-checked, waiting to be forwarded
	Forwarded State = "forwarded" // forwarded to the shop, waiting for its answer
	Answered  State = "answered"  // the shop answered
	Resolved  State = "resolved"  // settled: the consumer (or the operator) says so
	Escalated State = "escalated" // handed on to dispute moderation
	Withdrawn State = "withdrawn" // withdrawn by the consumer
	Closed    State = "closed"    // closed: deadline missed, or displeasure confirmed
)

// States lists every state in lifecycle order.
func States() []State {
	return []State{Submitted, Checked, Forwarded, Answered, Resolved, Escalated, Withdrawn, Closed}
}

// Valid reports whether s is one of States.
func (s State) Valid() bool { return slices.Contains(States(), s) }

// Final reports whether s is a final state.
func (s State) Final() bool {
	return s == Resolved || s == Escalated || s == Withdrawn || s == Closed
}

// Move is a step of the lifecycle.
type Move string

// The moves of the lifecycle. Adding a message is no move, except that the
// shop's first message on a forwarded complaint is its answer (MoveAnswer).
const (
	MoveCheck               Move = "check"                 // submitted -> checked (the pre-check)
	MoveForward             Move = "forward"               // checked -> forwarded (to the shop)
	MoveAnswer              Move = "answer"                // forwarded -> answered (the shop's first message)
	MoveResolve             Move = "resolve"               // forwarded/answered -> resolved
	MoveWithdraw            Move = "withdraw"              // any open state -> withdrawn
	MoveEscalate            Move = "escalate"              // forwarded/answered -> escalated (to mediation)
	MoveCloseDeadlineMissed Move = "close_deadline_missed" // forwarded, answer period over -> closed
	MoveConfirmDispleasure  Move = "confirm_displeasure"   // forwarded displeasure-only complaint -> closed
)

// Moves lists every move.
func Moves() []Move {
	return []Move{MoveCheck, MoveForward, MoveAnswer, MoveResolve, MoveWithdraw, MoveEscalate,
		MoveCloseDeadlineMissed, MoveConfirmDispleasure}
}

// Transition is one row of the lifecycle table: in state From, the roles
// in By may make Move, which leads to To.
type Transition struct {
	From State
	Move Move
	By   []fairshops.Role
	To   State
}

// Transitions returns the lifecycle table, the single source of which move
// is allowed to whom in which state. Shops cannot resolve a complaint: only
// the consumer (or the operator, who moderates) can say it is settled.
func Transitions() []Transition {
	consumerOrOperator := []fairshops.Role{fairshops.RoleConsumer, fairshops.RoleOperator}
	return []Transition{
		{Submitted, MoveCheck, []fairshops.Role{fairshops.RoleSystem}, Checked},
		{Checked, MoveForward, []fairshops.Role{fairshops.RoleSystem, fairshops.RoleOperator}, Forwarded},
		{Forwarded, MoveAnswer, []fairshops.Role{fairshops.RoleShop}, Answered},
		{Forwarded, MoveResolve, consumerOrOperator, Resolved},
		{Answered, MoveResolve, consumerOrOperator, Resolved},
		{Submitted, MoveWithdraw, []fairshops.Role{fairshops.RoleConsumer}, Withdrawn},
		{Checked, MoveWithdraw, []fairshops.Role{fairshops.RoleConsumer}, Withdrawn},
		{Forwarded, MoveWithdraw, []fairshops.Role{fairshops.RoleConsumer}, Withdrawn},
		{Answered, MoveWithdraw, []fairshops.Role{fairshops.RoleConsumer}, Withdrawn},
		{Forwarded, MoveEscalate, consumerOrOperator, Escalated},
		{Answered, MoveEscalate, consumerOrOperator, Escalated},
		{Forwarded, MoveCloseDeadlineMissed, consumerOrOperator, Closed},
		{Forwarded, MoveConfirmDispleasure, []fairshops.Role{fairshops.RoleSystem, fairshops.RoleOperator}, Closed},
	}
}

// MoveError says why a move was refused. It is wrapped in a *fairshops.Error
// of kind Forbidden (the role may never make the move) or NotAllowed (not
// in this state, or not for this complaint); errors.As finds it.
type MoveError struct {
	State  State
	Move   Move
	Role   fairshops.Role
	Reason string // why, when the table alone does not say it
}

// Error says which move was refused, by whom, in which state, and why.
func (e *MoveError) Error() string {
	msg := fmt.Sprintf("move %s by %s not allowed in state %s", e.Move, e.Role, e.State)
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// Next looks the move up in the lifecycle table: it returns the state the
// move leads to, or a *fairshops.Error wrapping a *MoveError. A role that may
// make the move in no state at all gets kind Forbidden; a role that may make
// it, but not from this state, gets kind NotAllowed.
func Next(from State, m Move, by fairshops.Role) (State, error) {
	allowedSomewhere := false
	for _, t := range Transitions() {
		if t.Move != m || !slices.Contains(t.By, by) {
			continue
		}
		allowedSomewhere = true
		if t.From == from {
			return t.To, nil
		}
	}
	if !allowedSomewhere {
		return "", refuse(fairshops.Forbidden, from, m, by, "")
	}
	return "", refuse(fairshops.NotAllowed, from, m, by, "")
}

// refuse builds the error of a refused move; the Service adds the operation
// and the complaint's ID (see wrapMove).
func refuse(k fairshops.Kind, s State, m Move, r fairshops.Role, reason string) error {
	return fairshops.E("", k, "", "", &MoveError{State: s, Move: m, Role: r, Reason: reason})
}
