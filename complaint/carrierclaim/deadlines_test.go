package carrierclaim_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestDeadlines is the table of notice and limitation days: §187(1) BGB
// (the delivery day is not counted), §188 (end of the last day, the day with
// the same number a year later, February 29 to February 28), §193 moving
// Latest over weekends and national holidays (Christmas, Good Friday and
// Easter Monday, May Day, New Year) while Due stays unmoved.
func TestDeadlines(t *testing.T) {
	t.Parallel()
	type dl struct{ due, latest, remind string }
	cases := []struct {
		name       string
		in         carrierclaim.Incident
		on, opened string
		reckless   bool
		notice     *dl // nil: no notice deadline
		atDelivery bool
		limitation dl
	}{
		{name: "hidden damage, 7 days end on Christmas Day: moved over the holidays and the weekend",
			in: carrierclaim.HiddenDamage, on: "2026-12-18", opened: "2026-12-18",
			notice:     &dl{"2026-12-25", "2026-12-28", "2026-12-23"},
			limitation: dl{"2027-12-18", "2027-12-20", "2027-11-18"}},
		{name: "hidden damage, 7 days end on a Saturday",
			in: carrierclaim.HiddenDamage, on: "2026-03-07", opened: "2026-03-09",
			notice:     &dl{"2026-03-14", "2026-03-16", "2026-03-12"},
			limitation: dl{"2027-03-07", "2027-03-08", "2027-02-05"}},
		{name: "hidden damage, 7 days end on Good Friday: Easter Monday is a holiday too",
			in: carrierclaim.HiddenDamage, on: "2026-03-27", opened: "2026-03-30",
			notice:     &dl{"2026-04-03", "2026-04-07", "2026-04-01"},
			limitation: dl{"2027-03-27", "2027-03-30", "2027-02-25"}}, // Saturday before Easter 2027
		{name: "hidden damage opened two days before the end: no reminder left",
			in: carrierclaim.HiddenDamage, on: "2026-03-02", opened: "2026-03-07",
			notice:     &dl{"2026-03-09", "2026-03-09", ""},
			limitation: dl{"2027-03-02", "2027-03-02", "2027-01-31"}},
		{name: "delay, 21 days on a working day",
			in: carrierclaim.Delay, on: "2026-11-30", opened: "2026-12-01",
			notice:     &dl{"2026-12-21", "2026-12-21", "2026-12-16"},
			limitation: dl{"2027-11-30", "2027-11-30", "2027-10-31"}},
		{name: "delay, 21 days end on May Day (a Friday)",
			in: carrierclaim.Delay, on: "2026-04-10", opened: "2026-04-10",
			notice:     &dl{"2026-05-01", "2026-05-04", "2026-04-26"},
			limitation: dl{"2027-04-10", "2027-04-12", "2027-03-11"}},
		{name: "visible damage: notice at delivery, the limitation's year ends on a Sunday",
			in: carrierclaim.VisibleDamage, on: "2026-12-19", opened: "2026-12-21", atDelivery: true,
			notice:     &dl{"2026-12-19", "2026-12-19", ""},
			limitation: dl{"2027-12-19", "2027-12-20", "2027-11-19"}},
		{name: "loss: no notice; the year from New Year's Day ends on New Year's Day, a Saturday",
			in: carrierclaim.Loss, on: "2027-01-01", opened: "2027-01-04",
			limitation: dl{"2028-01-01", "2028-01-03", "2027-12-02"}},
		{name: "loss on New Year's Eve: the year ends on New Year's Eve, a working day",
			in: carrierclaim.Loss, on: "2026-12-31", opened: "2027-01-05",
			limitation: dl{"2027-12-31", "2027-12-31", "2027-12-01"}},
		{name: "hidden damage on February 29: the year ends on February 28",
			in: carrierclaim.HiddenDamage, on: "2028-02-29", opened: "2028-03-01",
			notice:     &dl{"2028-03-07", "2028-03-07", "2028-03-05"},
			limitation: dl{"2029-02-28", "2029-02-28", "2029-01-29"}},
		{name: "reckless: three years, ending on Christmas Day",
			in: carrierclaim.Loss, on: "2026-12-25", opened: "2027-01-04", reckless: true,
			limitation: dl{"2029-12-25", "2029-12-27", "2029-11-25"}},
	}
	date := func(s string) fairshops.Date {
		if s == "" {
			return fairshops.Date{}
		}
		return fairshops.MustDate(s)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := carrierclaim.Deadlines(tc.in, date(tc.on), date(tc.opened), tc.reckless)
			require.NoError(t, err)
			want := []carrierclaim.Deadline{}
			if tc.notice != nil {
				n := carrierclaim.Deadline{Kind: carrierclaim.Notice, Due: date(tc.notice.due),
					Latest: date(tc.notice.latest), RemindOn: date(tc.notice.remind), AtDelivery: tc.atDelivery}
				switch tc.in {
				case carrierclaim.VisibleDamage:
					n.Effect, n.Basis = carrierclaim.Presumption, "HGB §438(1)"
				case carrierclaim.HiddenDamage:
					n.Effect, n.Basis = carrierclaim.Presumption, "HGB §438(2), (4)"
				case carrierclaim.Delay:
					n.Effect, n.Basis = carrierclaim.Expiry, "HGB §438(3), (4)"
				}
				want = append(want, n)
			}
			basis := "HGB §439(1), (2)"
			if tc.reckless {
				basis = "HGB §439(1) sentence 2, (2)"
			}
			want = append(want, carrierclaim.Deadline{Kind: carrierclaim.Limitation, Due: date(tc.limitation.due),
				Latest: date(tc.limitation.latest), RemindOn: date(tc.limitation.remind),
				Effect: carrierclaim.Barred, Basis: basis})
			require.Equal(t, want, got)
		})
	}
}

func TestDeadlinesInvalid(t *testing.T) {
	t.Parallel()
	_, err := carrierclaim.Deadlines("dropped", fairshops.Date{}, fairshops.MustDate("2026-01-01"), false)
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	fields := []string{}
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
	}
	require.ElementsMatch(t, []string{"incident", "on"}, fields)
}
