package carrierclaim

import (
	"fmt"
	"slices"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Move is a step of a claim's lifecycle.
type Move string

// The moves.
const (
	MoveNotify    Move = "notify"    // the shop notified the carrier
	MovePay       Move = "pay"       // the carrier accepted and paid
	MoveRefuse    Move = "refuse"    // the carrier refused
	MoveDocuments Move = "documents" // the carrier asks for documents
	MoveBar       Move = "bar"       // the limitation day passed (the timer)
)

// Transition is one row of the lifecycle table.
type Transition struct {
	From State
	Move Move
	To   State
	By   []fairshops.Role
}

// Transitions is the lifecycle table. An answer may arrive before the shop
// recorded its notice (the carrier answers the invitation, which is a
// notice in text form itself); a refused claim can still be paid (the
// carrier reconsiders) and becomes time-barred at the limitation day, since
// refusing does not stop the limitation.
func Transitions() []Transition {
	answerers := []fairshops.Role{fairshops.RoleShop, RoleCarrier}
	sys := []fairshops.Role{fairshops.RoleSystem}
	return []Transition{
		{Open, MoveNotify, Notified, []fairshops.Role{fairshops.RoleShop}},
		{Open, MovePay, Paid, answerers},
		{Open, MoveRefuse, Refused, answerers},
		{Open, MoveDocuments, Answered, answerers},
		{Notified, MovePay, Paid, answerers},
		{Notified, MoveRefuse, Refused, answerers},
		{Notified, MoveDocuments, Answered, answerers},
		{Answered, MovePay, Paid, answerers},
		{Answered, MoveRefuse, Refused, answerers},
		{Answered, MoveDocuments, Answered, answerers},
		{Refused, MovePay, Paid, answerers},
		{Open, MoveBar, TimeBarred, sys},
		{Notified, MoveBar, TimeBarred, sys},
		{Answered, MoveBar, TimeBarred, sys},
		{Refused, MoveBar, TimeBarred, sys},
	}
}

// TransitionError says why a move was refused. It is wrapped in a
// *fairshops.Error of kind Forbidden (the role may never make the move) or
// NotAllowed (not in this state); errors.As finds it.
type TransitionError struct {
	State State
	Move  Move
	Role  fairshops.Role
}

// Error says which move was refused, by whom and in which state.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("move %s by %s not allowed in state %s", e.Move, e.Role, e.State)
}

// Next returns the state the move leads to from, or an error wrapping a
// *TransitionError.
func Next(from State, m Move, by fairshops.Role) (State, error) {
	somewhere := false
	for _, t := range Transitions() {
		if t.Move != m || !slices.Contains(t.By, by) {
			continue
		}
		somewhere = true
		if t.From == from {
			return t.To, nil
		}
	}
	kind := fairshops.NotAllowed
	if !somewhere {
		kind = fairshops.Forbidden
	}
	return "", fairshops.E("carrierclaim.Next", kind, "", "", &TransitionError{State: from, Move: m, Role: by})
}

// moveOf maps an answer to its move.
func moveOf(k AnswerKind) Move {
	switch k {
	case AnswerPay:
		return MovePay
	case AnswerRefuse:
		return MoveRefuse
	}
	return MoveDocuments
}
