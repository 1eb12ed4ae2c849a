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
		by   fairshops.Role
	}
	allowed := map[key]State{
		{Submitted, MoveCheck, fairshops.RoleSystem}:                 Checked,
		{Checked, MoveForward, fairshops.RoleSystem}:                 Forwarded,
		{Checked, MoveForward, fairshops.RoleOperator}:               Forwarded,
		{Forwarded, MoveAnswer, fairshops.RoleShop}:                  Answered,
		{Forwarded, MoveResolve, fairshops.RoleConsumer}:             Resolved,
		{Forwarded, MoveResolve, fairshops.RoleOperator}:             Resolved,
		{Answered, MoveResolve, fairshops.RoleConsumer}:              Resolved,
		{Answered, MoveResolve, fairshops.RoleOperator}:              Resolved,
		{Submitted, MoveWithdraw, fairshops.RoleConsumer}:            Withdrawn,
		{Checked, MoveWithdraw, fairshops.RoleConsumer}:              Withdrawn,
		{Forwarded, MoveWithdraw, fairshops.RoleConsumer}:            Withdrawn,
		{Answered, MoveWithdraw, fairshops.RoleConsumer}:             Withdrawn,
		{Forwarded, MoveEscalate, fairshops.RoleConsumer}:            Escalated,
		{Forwarded, MoveEscalate, fairshops.RoleOperator}:            Escalated,
		{Answered, MoveEscalate, fairshops.RoleConsumer}:             Escalated,
		{Answered, MoveEscalate, fairshops.RoleOperator}:             Escalated,
		{Forwarded, MoveCloseDeadlineMissed, fairshops.RoleConsumer}: Closed,
		{Forwarded, MoveCloseDeadlineMissed, fairshops.RoleOperator}: Closed,
		{Forwarded, MoveConfirmDispleasure, fairshops.RoleSystem}:    Closed,
		{Forwarded, MoveConfirmDispleasure, fairshops.RoleOperator}:  Closed,
	}
	// mayEver: the roles that may make a move in some state; any other role
	// is Forbidden, whatever the state.
	mayEver := map[Move][]fairshops.Role{}
	for k := range allowed {
		mayEver[k.m] = append(mayEver[k.m], k.by)
	}
	n := 0
	for _, from := range States() {
		for _, m := range Moves() {
			for _, by := range fairshops.Roles() {
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

func contains(roles []fairshops.Role, r fairshops.Role) bool {
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
	require.False(t, fairshops.Role("").Valid())
}
