package precheck

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestEvidence: every rule named in the evidence table exists, every piece
// of evidence it names is listed in Evidences, every listed one is named by
// some rule, and the rules with an evidentiary question (about what was
// ordered, delivered, sent back, declared or broken) name some.
func TestEvidence(t *testing.T) {
	t.Parallel()
	known := map[RuleID]bool{}
	for _, r := range Rules() {
		known[r.ID] = true
	}
	used := map[Evidence]bool{}
	for id, list := range evidenceOf {
		require.True(t, known[id], "evidence for unknown rule %s", id)
		require.NotEmpty(t, list, id)
		for _, e := range list {
			require.True(t, slices.Contains(Evidences(), e), "%s names unlisted evidence %s", id, e)
			used[e] = true
		}
	}
	for _, e := range Evidences() {
		require.True(t, used[e], "evidence %s is named by no rule", e)
	}
	for _, id := range []RuleID{RefundOverdue, DeliveryOverdue, WarrantyInPeriod, WithdrawalInPeriod, DataRequestOverdue,
		PaymentRefundMissing, WithdrawalButtonMissing, DeliveryTransitRiskOnShop} {
		require.NotEmpty(t, EvidenceFor(id), id)
	}
	require.Equal(t, []Evidence{EvidenceReturnReceipt, EvidenceWithdrawalCopy, EvidencePaymentProof}, EvidenceFor(RefundOverdue))
	require.Empty(t, EvidenceFor(OtherDispleasure))
	// The caller's copy.
	l := EvidenceFor(RefundOverdue)
	l[0] = "changed"
	require.Equal(t, EvidenceReturnReceipt, EvidenceFor(RefundOverdue)[0])
}

// TestEvidenceInView: the localized finding lists its evidence with codes
// and texts in the reader's language, and [] when there is none.
func TestEvidenceInView(t *testing.T) {
	t.Parallel()
	r := Result{Findings: []Finding{{Rule: RefundOverdue}, {Rule: OtherDispleasure}}}
	de, en := r.Localize(fairshops.German), r.Localize(fairshops.English)
	require.Equal(t, []EvidenceView{{Code: EvidenceReturnReceipt, Text: "Rücksendebeleg mit Sendungsnummer"},
		{Code: EvidenceWithdrawalCopy, Text: "Kopie Ihres Widerrufs mit Datum"},
		{Code: EvidencePaymentProof, Text: "Zahlungsnachweis (Kontoauszug, Quittung)"}}, de.Findings[0].Evidence)
	require.Equal(t, "Return receipt with tracking number", en.Findings[0].Evidence[0].Text)
	require.NotNil(t, en.Findings[1].Evidence)
	require.Empty(t, en.Findings[1].Evidence)
	require.Contains(t, en.Text(), "Evidence that would help:\n  - Return receipt with tracking number\n")
}
