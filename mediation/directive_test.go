package mediation_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/fairshops/konfliktservice/mediation"
)

// seatShops adds the shops' registered seats to fakeShops.
type seatShops struct {
	*fakeShops
	seat string
}

func (s seatShops) Shop(_ context.Context, id string) (*fairshops.Shop, error) {
	return &fairshops.Shop{ID: id, State: s.seat}, nil
}

func TestDirectiveReplyBy(t *testing.T) {
	for _, tc := range []struct {
		name, requested, seat, want string
	}{
		{"May Day, Ascension and Whit Monday", "2026-04-27", "", "2026-05-28"},
		{"Corpus Christi does not count nationally", "2026-05-18", "", "2026-06-16"},
		{"Corpus Christi counts in Bavaria", "2026-05-18", "BY", "2026-06-17"},
		{"over the year end", "2026-12-14", "", "2027-01-13"},
		{"Epiphany counts in Bavaria", "2026-12-14", "BY", "2027-01-14"},
		{"requested on a Saturday, over Easter", "2026-03-07", "", "2026-04-07"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seat := calendar.National
			if tc.seat != "" {
				var err error
				seat, err = calendar.ParseState(tc.seat)
				require.NoError(t, err)
			}
			require.Equal(t, tc.want, mediation.DirectiveReplyBy(date(tc.requested), seat).String())
		})
	}
}

// TestDirectiveSilenceDeclines: with the setting, a consumer's request the
// shop decides on waits 20 working days of the shop's seat; the shop's
// silence declines the case (no_reply) and tells the parties; without the
// setting the old calendar period runs and the case expires.
func TestDirectiveSilenceDeclines(t *testing.T) {
	for _, tc := range []struct {
		name      string
		directive bool
		seat      string
		due       string
		state     mediation.State
		reason    mediation.Reason
	}{
		{"directive, Bavaria", true, "BY", "2026-06-17", mediation.Declined, mediation.ReasonNoReply},
		{"directive, no seat", true, "", "2026-06-16", mediation.Declined, mediation.ReasonNoReply},
		{"setting off: three weeks, then expired", false, "BY", "2026-06-08", mediation.Expired, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, fairshops.ShopDiscretion)
			f.clock.Set(time.Date(2026, 5, 18, 10, 0, 0, 0, time.UTC))
			var err error
			f.svc, err = mediation.NewService(mediation.Config{Store: f.db.Cases(), Complaints: f.complaints,
				Shops: seatShops{f.shops, tc.seat}, Clock: f.clock, Location: time.UTC, ADRDirective: tc.directive})
			require.NoError(t, err)
			c := f.requested()
			require.Equal(t, mediation.DeadlineDecision, c.Deadline.Kind)
			require.Equal(t, tc.due, c.Deadline.Due.String())
			require.Equal(t, tc.directive, c.Directive)

			f.at(tc.due)
			_, err = f.svc.ProcessDue(f.ctx)
			require.NoError(t, err)
			require.Equal(t, mediation.Requested, f.get(c.ID).State, "the last day is the shop's")

			f.at(date(tc.due).AddDays(1).String())
			mark := len(f.db.Events())
			_, err = f.svc.ProcessDue(f.ctx)
			require.NoError(t, err)
			got := f.get(c.ID)
			require.Equal(t, tc.state, got.State)
			require.Equal(t, tc.reason, got.Reason)
			evs := f.db.Events()[mark:]
			require.Len(t, evs, 1)
			if tc.directive {
				require.Equal(t, mediation.EventDeclined, evs[0].Type)
				require.Equal(t, "parties", evs[0].Recipient, "the consumer is told")
				require.NotEmpty(t, mediation.ReasonNoReply.Text(fairshops.German))
			}
		})
	}
}
