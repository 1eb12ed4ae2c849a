package complaint_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

func TestUnread(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	forwarded := fairshops.History{{Action: "submitted", At: at(0)}, {Action: "forwarded", At: at(1)}}
	msg := func(role fairshops.Role, m int) complaint.Message { return complaint.Message{Author: role, At: at(m)} }
	for _, tc := range []struct {
		name   string
		c      complaint.Complaint
		readAt time.Time
		want   bool
	}{
		{"not forwarded", complaint.Complaint{History: fairshops.History{{Action: "submitted", At: at(0)}},
			Messages: []complaint.Message{msg(fairshops.RoleConsumer, 0)}}, time.Time{}, false},
		{"forwarded, never opened", complaint.Complaint{History: forwarded}, time.Time{}, true},
		{"opened after forwarding", complaint.Complaint{History: forwarded}, at(2), false},
		{"consumer wrote after", complaint.Complaint{History: forwarded, Messages: []complaint.Message{msg(fairshops.RoleConsumer, 3)}}, at(2), true},
		{"operator wrote after", complaint.Complaint{History: forwarded, Messages: []complaint.Message{msg(fairshops.RoleOperator, 3)}}, at(2), true},
		{"the shop's own message", complaint.Complaint{History: forwarded, Messages: []complaint.Message{msg(fairshops.RoleShop, 3)}}, at(2), false},
		{"a note or timer after", complaint.Complaint{History: append(forwarded, fairshops.Entry{Action: "note", At: at(5)},
			fairshops.Entry{Action: "reminder", At: at(6)})}, at(2), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, complaint.Unread(&tc.c, tc.readAt))
		})
	}
}
