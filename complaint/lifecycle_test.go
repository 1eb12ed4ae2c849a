package complaint

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestNextEveryStateMoveRole checks the lifecycle table for every state x
// move x role against the moves the issue allows, written out here again.
func TestNextEveryStateMoveRole(t *testing.T) {
	type key struct {
		from State
		m    Move
		by   Role
	}
	allowed := map[key]State{
		{Submitted, MoveCheck, System}:                 Checked,
		{Checked, MoveForward, System}:                 Forwarded,
		{Checked, MoveForward, Operator}:               Forwarded,
		{Forwarded, MoveAnswer, Shop}:                  Answered,
		{Forwarded, MoveResolve, Consumer}:             Resolved,
		{Forwarded, MoveResolve, Operator}:             Resolved,
		{Answered, MoveResolve, Consumer}:              Resolved,
		{Answered, MoveResolve, Operator}:              Resolved,
		{Submitted, MoveWithdraw, Consumer}:            Withdrawn,
		{Checked, MoveWithdraw, Consumer}:              Withdrawn,
		{Forwarded, MoveWithdraw, Consumer}:            Withdrawn,
		{Answered, MoveWithdraw, Consumer}:             Withdrawn,
		{Forwarded, MoveEscalate, Consumer}:            Escalated,
		{Forwarded, MoveEscalate, Operator}:            Escalated,
		{Answered, MoveEscalate, Consumer}:             Escalated,
		{Answered, MoveEscalate, Operator}:             Escalated,
		{Forwarded, MoveCloseDeadlineMissed, Consumer}: Closed,
		{Forwarded, MoveCloseDeadlineMissed, Operator}: Closed,
		{Forwarded, MoveConfirmDispleasure, System}:    Closed,
		{Forwarded, MoveConfirmDispleasure, Operator}:  Closed,
	}
	// mayEver: the roles that may make a move in some state; any other role
	// is Forbidden, whatever the state.
	mayEver := map[Move][]Role{}
	for k := range allowed {
		mayEver[k.m] = append(mayEver[k.m], k.by)
	}
	n := 0
	for _, from := range States() {
		for _, m := range Moves() {
			for _, by := range Roles() {
				name := string(from) + "/" + string(m) + "/" + string(by)
				n++
				got, err := Next(from, m, by)
				want, ok := allowed[key{from, m, by}]
				if ok {
					require.NoError(t, err, name)
					require.Equal(t, want, got, name)
					continue
				}
				require.Error(t, err, name)
				require.Empty(t, got, name)
				wantKind := fairshops.NotAllowed
				if !contains(mayEver[m], by) {
					wantKind = fairshops.Forbidden
				}
				require.Equal(t, wantKind, fairshops.KindOf(err), "%s: %v", name, err)
				var me *MoveError
				require.True(t, errors.As(err, &me), name)
				require.Equal(t, MoveError{State: from, Move: m, Role: by}, *me, name)
				require.Contains(t, err.Error(), "move "+string(m)+" by "+string(by)+" not allowed in state "+string(from))
			}
		}
	}
	require.Equal(t, 8*8*4, n)
	require.Len(t, Transitions(), 13, "every row of the table is listed above (20 state x move x role entries)")
}

func contains(roles []Role, r Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

func TestFinalStatesTakeNoMove(t *testing.T) {
	for _, s := range States() {
		for _, tr := range Transitions() {
			if tr.From == s {
				require.False(t, s.Final(), "final state %s has a move %s", s, tr.Move)
			}
		}
	}
	require.True(t, Resolved.Final())
	require.False(t, Answered.Final())
	require.False(t, State("unknown").Valid())
	require.False(t, Role("").Valid())
}
