package precheck

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestDiff(t *testing.T) {
	t.Parallel()
	f := func(rule RuleID, fav Favours, basis, key string, args ...string) Finding {
		return Finding{Rule: rule, Favours: fav, Basis: basis, Message: Message{Key: key, Args: args}, Tags: []string{string(rule)}}
	}
	withdraw := f("delivery.withdraw_possible", FavoursConsumer, "BGB §323(1)", "delivery.withdraw_possible", "2025-03-10")
	setDeadline := f("delivery.set_deadline", FavoursNeither, "BGB §323(1)", "delivery.set_deadline", "2025-03-10", "2025-03-14")
	shopFirst1 := f("contact.shop_first", FavoursNeither, "VSBG §14(1) Nr. 1", "contact.shop_first")
	shopFirst2 := f("contact.shop_first", FavoursNeither, "VSBG §14(1) Nr. 2", "contact.shop_first")
	inPeriod := f("withdrawal.in_period", FavoursConsumer, "BGB §355", "withdrawal.in_period", "2025-10-31", "2025-10-31")
	inPeriodLater := f("withdrawal.in_period", FavoursConsumer, "BGB §355", "withdrawal.in_period", "2025-10-31", "2025-11-03")
	expired := f("withdrawal.expired", FavoursDoubtful, "BGB §355", "withdrawal.expired", "2025-11-03", "2025-10-31", "2025-11-03")
	res := func(rev int, cl Clarity, sv, miss []string, fs ...Finding) Result {
		return Result{Revision: rev, Clarity: cl, Findings: fs, StandardViolations: sv, MissingFacts: miss}
	}
	empty := []string{}
	tests := []struct {
		name      string
		old, new  Result
		want      Changes
		summary   string
		wantEmpty bool
	}{
		{name: "the same answer under a new revision is no change",
			old: res(0, Clear, nil, nil, inPeriod), new: res(2, Clear, nil, nil, inPeriod),
			want: Changes{FromRevision: 1, ToRevision: 2, ClarityBefore: Clear, ClarityAfter: Clear,
				Findings: []FindingChange{}, StandardViolationsAdded: empty, StandardViolationsRemoved: empty,
				MissingFactsAdded: empty, MissingFactsRemoved: empty},
			summary: "no change", wantEmpty: true},
		{name: "a finding replaced by another, clarity and violation change",
			old: res(0, Clear, []string{"must.delivery_as_promised"}, nil, withdraw),
			new: res(2, Doubtful, nil, nil, setDeadline),
			want: Changes{FromRevision: 1, ToRevision: 2, ClarityBefore: Clear, ClarityAfter: Doubtful,
				Findings: []FindingChange{
					{Rule: "delivery.set_deadline", Change: FindingAdded, After: &setDeadline, DatesBefore: empty, DatesAfter: []string{"2025-03-10", "2025-03-14"}},
					{Rule: "delivery.withdraw_possible", Change: FindingRemoved, Before: &withdraw, DatesBefore: []string{"2025-03-10"}, DatesAfter: empty},
				},
				StandardViolationsAdded: empty, StandardViolationsRemoved: []string{"must.delivery_as_promised"},
				MissingFactsAdded: empty, MissingFactsRemoved: empty},
			summary: "clarity clear -> doubtful; findings +delivery.set_deadline -delivery.withdraw_possible; standard violations -must.delivery_as_promised"},
		{name: "a changed basis is a changed finding",
			old: res(1, Displeasure, nil, nil, shopFirst1), new: res(2, Displeasure, nil, nil, shopFirst2),
			want: Changes{FromRevision: 1, ToRevision: 2, ClarityBefore: Displeasure, ClarityAfter: Displeasure,
				Findings: []FindingChange{{Rule: "contact.shop_first", Change: FindingChanged, Before: &shopFirst1, After: &shopFirst2,
					DatesBefore: empty, DatesAfter: empty}},
				StandardViolationsAdded: empty, StandardViolationsRemoved: empty, MissingFactsAdded: empty, MissingFactsRemoved: empty},
			summary: "findings ~contact.shop_first"},
		{name: "a moved deadline is a changed finding; added violations and missing facts",
			old: res(2, Clear, nil, []string{"as_of"}, inPeriod),
			new: res(2, Clear, []string{"must.refund_in_time"}, []string{"delivery_date"}, inPeriodLater, expired),
			want: Changes{FromRevision: 2, ToRevision: 2, ClarityBefore: Clear, ClarityAfter: Clear,
				Findings: []FindingChange{
					{Rule: "withdrawal.expired", Change: FindingAdded, After: &expired, DatesBefore: empty, DatesAfter: []string{"2025-11-03", "2025-10-31", "2025-11-03"}},
					{Rule: "withdrawal.in_period", Change: FindingChanged, Before: &inPeriod, After: &inPeriodLater,
						DatesBefore: []string{"2025-10-31", "2025-10-31"}, DatesAfter: []string{"2025-10-31", "2025-11-03"}},
				},
				StandardViolationsAdded: []string{"must.refund_in_time"}, StandardViolationsRemoved: empty,
				MissingFactsAdded: []string{"delivery_date"}, MissingFactsRemoved: []string{"as_of"}},
			summary: "findings +withdrawal.expired ~withdrawal.in_period; standard violations +must.refund_in_time; missing facts +delivery_date -as_of"},
		{name: "the order of findings is no change",
			old: res(2, Clear, []string{"b", "a"}, nil, inPeriod, shopFirst2),
			new: res(2, Clear, []string{"a", "b"}, nil, shopFirst2, inPeriod),
			want: Changes{FromRevision: 2, ToRevision: 2, ClarityBefore: Clear, ClarityAfter: Clear,
				Findings: []FindingChange{}, StandardViolationsAdded: empty, StandardViolationsRemoved: empty,
				MissingFactsAdded: empty, MissingFactsRemoved: empty},
			summary: "no change", wantEmpty: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Diff(tc.old, tc.new)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Fatalf("Diff (-want +got):\n%s", d)
			}
			require.Equal(t, tc.wantEmpty, got.Empty())
			require.Equal(t, tc.summary, got.Summary())
			require.Equal(t, got, Diff(tc.old, tc.new), "deterministic")
		})
	}
}

func TestFindingChangeFlags(t *testing.T) {
	t.Parallel()
	a := Finding{Rule: "r", Favours: FavoursConsumer, Message: Message{Key: "r", Args: []string{"2025-01-01", "19.99 EUR"}}}
	b := Finding{Rule: "r", Favours: FavoursShop, Message: Message{Key: "r", Args: []string{"2025-01-02", "19.99 EUR"}}}
	c := Diff(Result{Findings: []Finding{a}}, Result{Findings: []Finding{b}})
	require.Len(t, c.Findings, 1)
	require.True(t, c.Findings[0].FavoursChanged())
	require.True(t, c.Findings[0].DatesChanged())
	require.Equal(t, []string{"2025-01-01"}, c.Findings[0].DatesBefore, "money is no date")
	c = Diff(Result{Findings: []Finding{a}}, Result{Findings: []Finding{a}})
	require.Empty(t, c.Findings)
}
