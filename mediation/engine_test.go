package mediation_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	if d := cmp.Diff(string(want), got); d != "" {
		t.Fatalf("%s differs (-want +got):\n%s", path, d)
	}
}

// clarityOf classifies findings the way the rules page does, enough for
// the engine: displeasure when only other.displeasure (and
// contact.shop_first) fired, clear when every sided finding favours one
// side and none is doubtful, doubtful otherwise.
func clarityOf(fs []precheck.Finding) precheck.Clarity {
	sides := map[precheck.Favours]bool{}
	displeasure, other := false, false
	for _, f := range fs {
		switch f.Rule {
		case precheck.OtherDispleasure:
			displeasure = true
		case precheck.ContactShopFirst:
		default:
			other = true
		}
		if f.Favours != precheck.FavoursNeither {
			sides[f.Favours] = true
		}
	}
	switch {
	case displeasure && !other:
		return precheck.Displeasure
	case len(sides) == 1 && !sides[precheck.FavoursDoubtful]:
		return precheck.Clear
	}
	return precheck.Doubtful
}

func want(k mediation.Kind, amount string) mediation.Want {
	w := mediation.Want{Kind: k}
	if amount != "" {
		w.Amount = ptr(eur(amount))
	}
	return w
}

// engineFacts is an order of 59.90 EUR plus 4.90 EUR standard delivery,
// delivered on 2026-03-05, complained about on 2026-03-20.
func engineFacts(cat precheck.Category) precheck.Facts {
	return precheck.Facts{Category: cat, OrderDate: date("2026-03-02"), DeliveryDate: date("2026-03-05"),
		OrderValue: eur("59.90"), DeliveryCost: ptr(eur("4.90")), ContactedShopOn: date("2026-03-20"),
		AsOf: date("2026-04-01")}
}

type engineCase struct {
	name     string
	side     mediation.Side
	facts    func(f *precheck.Facts)
	findings []precheck.Finding
	claim    mediation.Want
	offer    mediation.Want
	on       string
	cfg      func(c *mediation.EngineConfig)
	kinds    []mediation.Kind
	amounts  []string // the options' amounts, when checked beside the golden file
	// defences, contested and admitted are what the statements added
	// (revision 2); side is then the draft's, not SideOf the findings.
	defences, admitted mediation.Defences
	contested          []string
	valueWithDefect    string
	findingsSide       mediation.Side // SideOf the findings when it differs from side
}

func f(id precheck.RuleID, favours ...precheck.Favours) precheck.Finding {
	return finding(id, favours...)
}

// engineCases are realistic complaints, at least one per category and side.
func engineCases() []engineCase {
	C, S, D := mediation.SideConsumer, mediation.SideShop, mediation.SideDoubtful
	withdrawn := func(fs *precheck.Facts) {
		fs.WithdrawalDeclaredOn = date("2026-03-12")
		fs.DesiredResolution = precheck.WantRefund
	}
	returned := func(fs *precheck.Facts) { withdrawn(fs); fs.GoodsReturnedOn = date("2026-03-14") }
	defect := func(r precheck.Resolution) func(*precheck.Facts) {
		return func(fs *precheck.Facts) { fs.DefectNoticedOn = date("2026-03-18"); fs.DesiredResolution = r }
	}
	K := func(ks ...mediation.Kind) []mediation.Kind { return ks }
	return []engineCase{
		// withdrawal
		{name: "withdrawal_consumer_refund_on_return", side: C, facts: withdrawn,
			findings: []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.RefundMayBeWithheld)},
			kinds:    K(mediation.KindRefundOnReturn), amounts: []string{"64.80"}},
		{name: "withdrawal_consumer_not_informed", side: C, facts: func(fs *precheck.Facts) {
			withdrawn(fs)
			fs.InformedAboutWithdrawal = ptr(false)
			fs.WithdrawalFunctionMissing = true
			fs.OrderDate = date("2026-07-01")
		}, findings: []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.WithdrawalPeriodExtended),
			f(precheck.WithdrawalButtonMissing), f(precheck.RefundMayBeWithheld)},
			kinds: K(mediation.KindRefundOnReturn), amounts: []string{"64.80"}},
		{name: "withdrawal_consumer_before_delivery", side: C, facts: func(fs *precheck.Facts) {
			withdrawn(fs)
			fs.DeliveryDate = fairshops.Date{}
		}, findings: []precheck.Finding{f(precheck.WithdrawalNotYetStarted)},
			// Revision 2: goods never delivered go nowhere back; a plain refund (§357(4) cannot apply).
			kinds: K(mediation.KindRefund)},
		{name: "withdrawal_shop_too_late", side: S, facts: func(fs *precheck.Facts) {
			withdrawn(fs)
			fs.WithdrawalDeclaredOn = date("2026-03-25")
		}, findings: []precheck.Finding{f(precheck.WithdrawalExpired)},
			kinds: K(mediation.KindVoucher), amounts: []string{"5.99"}},
		{name: "withdrawal_doubtful_sealed_hygiene", side: D, facts: func(fs *precheck.Facts) {
			withdrawn(fs)
			fs.WithdrawalException = precheck.SealedHygiene
		}, findings: []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.WithdrawalExceptionClaimed),
			f(precheck.RefundMayBeWithheld)},
			offer: want(mediation.KindVoucher, "10.00"), kinds: K(mediation.KindPartialRefund), amounts: []string{"37.40"}},
		// return
		{name: "return_consumer_refund_overdue", side: C, facts: returned,
			findings: []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.RefundOverdue)},
			kinds:    K(mediation.KindRefund), amounts: []string{"64.80"}},
		{name: "return_shop_late_with_offer", side: S, facts: func(fs *precheck.Facts) {
			returned(fs)
			fs.WithdrawalDeclaredOn = date("2026-03-27")
		}, findings: []precheck.Finding{f(precheck.WithdrawalExpired)},
			offer: want(mediation.KindPartialRefund, "15.00"), kinds: K(mediation.KindPartialRefund), amounts: []string{"15.00"}},
		{name: "return_doubtful_exception_with_offer", side: D, facts: func(fs *precheck.Facts) {
			returned(fs)
			fs.WithdrawalException = precheck.SealedMedia
		}, findings: []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.WithdrawalExceptionClaimed),
			f(precheck.RefundOverdue)},
			offer: want(mediation.KindPartialRefund, "20.00"), kinds: K(mediation.KindPartialRefund), amounts: []string{"42.40"}},
		{name: "return_doubtful_jpy_odd_yen", side: D, facts: func(fs *precheck.Facts) {
			returned(fs)
			fs.WithdrawalException = precheck.CustomMade
			fs.OrderValue = fairshops.MustMoney("5981", "JPY")
			fs.DeliveryCost = ptr(fairshops.MustMoney("500", "JPY"))
		}, findings: []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.WithdrawalExceptionClaimed)},
			offer: mediation.Want{Kind: mediation.KindPartialRefund, Amount: ptr(fairshops.MustMoney("1000", "JPY"))},
			kinds: K(mediation.KindPartialRefund), amounts: []string{"3741"}},
		// payment
		{name: "payment_consumer_refund_missing", side: C, facts: returned,
			findings: []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.RefundOverdue), f(precheck.PaymentRefundMissing)},
			kinds:    K(mediation.KindRefund), amounts: []string{"64.80"}},
		{name: "payment_shop_no_goodwill", side: S, facts: withdrawn,
			findings: []precheck.Finding{f(precheck.WithdrawalExpired)},
			cfg:      func(c *mediation.EngineConfig) { c.GoodwillShare = decimal.Zero },
			kinds:    K(mediation.KindNotUpheld)},
		{name: "payment_doubtful_odd_cent_to_consumer", side: D, facts: func(fs *precheck.Facts) {
			fs.OrderValue = eur("19.99")
			fs.DeliveryCost = nil
		}, findings: []precheck.Finding{f(precheck.WithdrawalExceptionClaimed)},
			claim: want(mediation.KindRefund, ""), kinds: K(mediation.KindPartialRefund), amounts: []string{"10.00"}},
		{name: "payment_doubtful_odd_cent_to_shop", side: D, facts: func(fs *precheck.Facts) {
			fs.OrderValue = eur("19.99")
			fs.DeliveryCost = nil
		}, findings: []precheck.Finding{f(precheck.WithdrawalExceptionClaimed)},
			cfg:   func(c *mediation.EngineConfig) { c.RemainderTo = fairshops.RoleShop },
			claim: want(mediation.KindRefund, ""), kinds: K(mediation.KindPartialRefund), amounts: []string{"9.99"}},
		// delivery
		{name: "delivery_consumer_overdue_deliver", side: C, facts: func(fs *precheck.Facts) {
			fs.DeliveryDate = fairshops.Date{}
			fs.PromisedDeliveryDate = date("2026-03-10")
			fs.DesiredResolution = precheck.WantDelivery
		}, findings: []precheck.Finding{f(precheck.DeliveryOverdue), f(precheck.DeliverySetDeadline)},
			kinds: K(mediation.KindDeliver)},
		{name: "delivery_consumer_overdue_wants_out", side: C, facts: func(fs *precheck.Facts) {
			fs.DeliveryDate = fairshops.Date{}
			fs.PromisedDeliveryDate = date("2026-03-10")
			fs.DesiredResolution = precheck.WantCancelOrder
		}, findings: []precheck.Finding{f(precheck.DeliveryOverdue), f(precheck.DeliverySetDeadline)},
			kinds: K(mediation.KindDeliver, mediation.KindCancelOrder)},
		{name: "delivery_consumer_deadline_passed", side: C, facts: func(fs *precheck.Facts) {
			fs.DeliveryDate = fairshops.Date{}
			fs.PromisedDeliveryDate = date("2026-03-10")
			fs.AdditionalDeadlineUntil = date("2026-03-24")
			fs.DesiredResolution = precheck.WantCancelOrder
		}, findings: []precheck.Finding{f(precheck.DeliveryTransitRiskOnShop), f(precheck.DeliveryOverdue),
			f(precheck.DeliveryWithdrawPossible)},
			kinds: K(mediation.KindCancelOrder, mediation.KindDeliver), amounts: []string{"64.80", "0.00"}},
		{name: "delivery_consumer_deadline_passed_still_wants_it", side: C, facts: func(fs *precheck.Facts) {
			fs.DeliveryDate = fairshops.Date{}
			fs.PromisedDeliveryDate = date("2026-03-10")
			fs.AdditionalDeadlineUntil = date("2026-03-24")
			fs.DesiredResolution = precheck.WantDelivery
		}, findings: []precheck.Finding{f(precheck.DeliveryOverdue), f(precheck.DeliveryWithdrawPossible)},
			kinds: K(mediation.KindDeliver, mediation.KindCancelOrder)},
		{name: "delivery_consumer_transit_damage", side: C, facts: func(fs *precheck.Facts) {
			fs.DamagedInTransit = true
			fs.ShopRejectedLateNotice = true
			fs.DesiredResolution = precheck.WantReplacement
		}, findings: []precheck.Finding{f(precheck.DeliveryTransitRiskOnShop), f(precheck.DefenceLateNoticeInvalid)},
			kinds: K(mediation.KindReplacement, mediation.KindRefundOnReturn)},
		{name: "delivery_consumer_transit_damage_refund", side: C, facts: func(fs *precheck.Facts) {
			fs.DamagedInTransit = true
			fs.DesiredResolution = precheck.WantRefund
		}, findings: []precheck.Finding{f(precheck.DeliveryTransitRiskOnShop)},
			kinds: K(mediation.KindRefundOnReturn, mediation.KindReplacement)},
		{name: "delivery_shop_missing_part_after_years", side: S, facts: func(fs *precheck.Facts) {
			fs.DeliveryDate = date("2023-02-01")
			fs.DefectNoticedOn = date("2026-03-15")
		}, findings: []precheck.Finding{f(precheck.WarrantyExpired)}, defences: mediation.Defences{LimitationInvoked: true},
			offer: want(mediation.KindReplacement, ""), kinds: K(mediation.KindReplacement)},
		{name: "delivery_doubtful_not_yet_due", side: D, facts: func(fs *precheck.Facts) {
			fs.DeliveryDate = fairshops.Date{}
			fs.PromisedDeliveryDate = date("2026-04-03")
		}, claim: want(mediation.KindPartialRefund, "30.00"), offer: want(mediation.KindVoucher, "5.00"),
			kinds: K(mediation.KindPartialRefund), amounts: []string{"17.50"}},
		// warranty
		{name: "warranty_consumer_repair_wanted", side: C, facts: defect(precheck.WantRepair),
			findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery)},
			kinds:    K(mediation.KindRepair, mediation.KindReplacement)},
		{name: "warranty_consumer_replacement_wanted", side: C, facts: defect(precheck.WantReplacement),
			findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery)},
			kinds:    K(mediation.KindReplacement, mediation.KindRepair)},
		{name: "warranty_consumer_cure_comes_first", side: C, facts: defect(precheck.WantRefund),
			findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery),
				f(precheck.WarrantyCureFirst)},
			kinds: K(mediation.KindReplacement, mediation.KindRepair)},
		{name: "warranty_consumer_cure_failed", side: C, facts: func(fs *precheck.Facts) {
			defect(precheck.WantRefund)(fs)
			fs.CureRequestedOn = date("2026-03-19")
			fs.AdditionalDeadlineUntil = date("2026-03-30")
		}, findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery),
			f(precheck.WarrantyCureOverdue)},
			kinds: K(mediation.KindRefundOnReturn, mediation.KindPriceReduction), amounts: []string{"64.80", "11.98"}},
		{name: "warranty_consumer_cure_failed_reduction_claimed", side: C, facts: func(fs *precheck.Facts) {
			defect(precheck.WantPriceReduction)(fs)
			fs.CureRequestedOn = date("2026-03-19")
		}, findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery),
			f(precheck.WarrantyCureOverdue)},
			claim: want(mediation.KindPriceReduction, "15.00"),
			kinds: K(mediation.KindPriceReduction, mediation.KindRefundOnReturn), amounts: []string{"15.00", "64.80"}},
		{name: "warranty_consumer_due_over_christmas", side: C, on: "2026-12-11", facts: defect(precheck.WantRepair),
			findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery)},
			kinds:    K(mediation.KindRepair, mediation.KindReplacement)},
		{name: "warranty_shop_expired", side: S, facts: func(fs *precheck.Facts) {
			fs.DeliveryDate = date("2024-01-05")
			defect(precheck.WantRepair)(fs)
		}, findings: []precheck.Finding{f(precheck.WarrantyExpired)}, defences: mediation.Defences{LimitationInvoked: true},
			kinds: K(mediation.KindVoucher), amounts: []string{"5.99"}},
		{name: "warranty_doubtful_burden_on_consumer", side: D, facts: func(fs *precheck.Facts) {
			fs.DeliveryDate = date("2025-01-10")
			defect(precheck.WantReplacement)(fs)
		}, findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyBurdenOnConsumer)},
			offer: want(mediation.KindRepair, ""), kinds: K(mediation.KindPartialRefund, mediation.KindRepair),
			amounts: []string{"29.95", "0.00"}},
		// not as described
		{name: "not_as_described_consumer", side: C, facts: func(fs *precheck.Facts) {
			defect(precheck.WantReplacement)(fs)
			fs.ShopRejectedLateNotice = true
		}, findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery),
			f(precheck.DefenceLateNoticeInvalid)},
			kinds: K(mediation.KindReplacement, mediation.KindRepair)},
		{name: "not_as_described_shop_voucher_offer", side: S, facts: func(fs *precheck.Facts) {
			fs.DeliveryDate = date("2023-11-20")
			defect(precheck.WantPriceReduction)(fs)
		}, findings: []precheck.Finding{f(precheck.WarrantyExpired)}, defences: mediation.Defences{LimitationInvoked: true},
			offer: want(mediation.KindVoucher, "20.00"), kinds: K(mediation.KindVoucher), amounts: []string{"20.00"}},
		{name: "not_as_described_doubtful_reduction", side: D, facts: func(fs *precheck.Facts) {
			fs.DeliveryDate = date("2025-01-10")
			defect(precheck.WantPriceReduction)(fs)
		}, findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyBurdenOnConsumer)},
			claim: want(mediation.KindPriceReduction, "20.00"), offer: want(mediation.KindPartialRefund, "5.00"),
			kinds: K(mediation.KindPartialRefund), amounts: []string{"12.50"}},
		// not ordered
		{name: "not_ordered_consumer_unsolicited", side: C, facts: func(fs *precheck.Facts) {
			fs.OrderDate = fairshops.Date{}
			fs.DesiredResolution = precheck.WantCancelOrder
		}, findings: []precheck.Finding{f(precheck.OrderUnsolicited)},
			kinds: K(mediation.KindCancelOrder), amounts: []string{"0.00"}},
		{name: "not_ordered_doubtful_quantity", side: D, facts: func(fs *precheck.Facts) {
			fs.DesiredResolution = precheck.WantCancelOrder
		}, findings: []precheck.Finding{f(precheck.OrderUnsolicited, precheck.FavoursDoubtful)},
			kinds: K(mediation.KindPartialRefund), amounts: []string{"32.40"}},
		{name: "not_ordered_shop_late_return", side: S, facts: withdrawn,
			findings: []precheck.Finding{f(precheck.WithdrawalExpired), f(precheck.RefundMayBeWithheld)},
			kinds:    K(mediation.KindVoucher)},
		// revision 2: facts and defences from the statements
		{name: "return_consumer_value_loss_contested", side: C, facts: returned,
			findings:  []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.RefundOverdue)},
			defences:  mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("20.00")}},
			contested: []string{mediation.DefenceReturnedDamaged},
			kinds:     K(mediation.KindRefund, mediation.KindPartialRefund, mediation.KindPartialRefund),
			amounts:   []string{"64.80", "44.80", "54.80"}},
		{name: "return_consumer_value_loss_admitted", side: C, facts: returned,
			findings: []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.RefundOverdue)},
			defences: mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("20.00")}},
			admitted: mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("20.00")}},
			kinds:    K(mediation.KindPartialRefund), amounts: []string{"44.80"}},
		{name: "return_consumer_value_loss_not_informed", side: C, facts: func(fs *precheck.Facts) {
			returned(fs)
			fs.InformedAboutWithdrawal = ptr(false)
		}, findings: []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.WithdrawalPeriodExtended),
			f(precheck.RefundOverdue)},
			defences:  mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("20.00")}},
			contested: []string{mediation.DefenceReturnedDamaged},
			kinds:     K(mediation.KindRefund), amounts: []string{"64.80"}},
		{name: "warranty_consumer_minor_defect_admitted", side: C, facts: func(fs *precheck.Facts) {
			defect(precheck.WantRefund)(fs)
			fs.CureRequestedOn = date("2026-03-19")
			fs.AdditionalDeadlineUntil = date("2026-03-30")
		}, findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery),
			f(precheck.WarrantyCureOverdue)},
			defences: mediation.Defences{DefectMinor: true}, admitted: mediation.Defences{DefectMinor: true},
			kinds: K(mediation.KindPriceReduction), amounts: []string{"11.98"}},
		{name: "warranty_consumer_minor_defect_contested", side: C, facts: func(fs *precheck.Facts) {
			defect(precheck.WantRefund)(fs)
			fs.CureRequestedOn = date("2026-03-19")
			fs.AdditionalDeadlineUntil = date("2026-03-30")
		}, findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery),
			f(precheck.WarrantyCureOverdue)},
			defences: mediation.Defences{DefectMinor: true}, contested: []string{mediation.DefenceDefectMinor},
			kinds: K(mediation.KindRefundOnReturn, mediation.KindPriceReduction), amounts: []string{"64.80", "11.98"}},
		{name: "warranty_consumer_cure_offered_in_time", side: C, facts: func(fs *precheck.Facts) {
			defect(precheck.WantRefund)(fs)
			fs.CureRequestedOn = date("2026-03-19")
			fs.AdditionalDeadlineUntil = date("2026-03-30")
		}, findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery),
			f(precheck.WarrantyCureOverdue)},
			defences: mediation.Defences{CureOfferedOn: date("2026-03-25")},
			kinds:    K(mediation.KindRefundOnReturn, mediation.KindPriceReduction, mediation.KindRepair)},
		{name: "warranty_consumer_reduction_by_value", side: C, facts: func(fs *precheck.Facts) {
			defect(precheck.WantPriceReduction)(fs)
			fs.CureRequestedOn = date("2026-03-19")
		}, findings: []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyPresumedAtDelivery),
			f(precheck.WarrantyCureOverdue)},
			valueWithDefect: "44.925", // three quarters of 59.90: §441(3) gives 25 percent
			kinds:           K(mediation.KindPriceReduction, mediation.KindRefundOnReturn), amounts: []string{"14.98", "64.80"}},
		{name: "warranty_doubtful_expired_not_invoked", side: D, findingsSide: S, facts: func(fs *precheck.Facts) {
			fs.DeliveryDate = date("2024-01-05")
			defect(precheck.WantRepair)(fs)
		}, findings: []precheck.Finding{f(precheck.WarrantyExpired)},
			offer: want(mediation.KindVoucher, "10.00"), kinds: K(mediation.KindPartialRefund), amounts: []string{"34.95"}},
		// data
		{name: "data_consumer_request_overdue", side: C, facts: func(fs *precheck.Facts) {
			fs.DataRequestOn = date("2026-02-10")
			fs.DesiredResolution = precheck.WantDataErasure
		}, findings: []precheck.Finding{f(precheck.DataRequestOverdue)},
			kinds: K(mediation.KindApology)},
		{name: "data_doubtful_request_pending", side: D, facts: func(fs *precheck.Facts) {
			fs.DataRequestOn = date("2026-03-20")
			fs.DesiredResolution = precheck.WantDataErasure
		}, findings: []precheck.Finding{f(precheck.DataRequestPending)},
			kinds: K(mediation.KindApology)},
		{name: "data_shop_and_a_late_withdrawal", side: S, facts: func(fs *precheck.Facts) {
			withdrawn(fs)
			fs.WithdrawalDeclaredOn = date("2026-03-25")
			fs.DataRequestOn = date("2026-03-25")
		}, findings: []precheck.Finding{f(precheck.WithdrawalExpired), f(precheck.DataRequestPending)},
			kinds: K(mediation.KindVoucher)},
		// other
		{name: "other_displeasure", side: D, facts: func(fs *precheck.Facts) {
			fs.ContactedShopOn = fairshops.Date{}
			fs.DesiredResolution = precheck.WantApology
		}, findings: []precheck.Finding{f(precheck.ContactShopFirst), f(precheck.OtherDispleasure)},
			kinds: K(mediation.KindApology)},
		{name: "other_consumer_claim_in_full", side: C, facts: func(fs *precheck.Facts) {
			fs.OrderDate = date("2026-07-01")
			fs.WithdrawalFunctionMissing = true
		}, findings: []precheck.Finding{f(precheck.WithdrawalButtonMissing)},
			claim: want(mediation.KindPartialRefund, "10.00"), kinds: K(mediation.KindPartialRefund), amounts: []string{"10.00"}},
		{name: "other_doubtful_claim_above_limit", side: D,
			claim: want(mediation.KindRefund, "100.00"), offer: want(mediation.KindVoucher, "15.00"),
			kinds: K(mediation.KindPartialRefund), amounts: []string{"39.90"}},
		{name: "other_doubtful_offer_covers_claim", side: D,
			claim: want(mediation.KindPartialRefund, "12.00"), offer: want(mediation.KindPartialRefund, "15.00"),
			kinds: K(mediation.KindPartialRefund), amounts: []string{"12.00"}},
		{name: "other_shop_tiny_order", side: S, facts: func(fs *precheck.Facts) {
			withdrawn(fs)
			fs.OrderValue = eur("0.05")
			fs.DeliveryCost = nil
		}, findings: []precheck.Finding{f(precheck.WithdrawalExpired)},
			kinds: K(mediation.KindVoucher), amounts: []string{"0.01"}},
	}
}

func (tc engineCase) input() (mediation.ProposalInput, mediation.EngineConfig) {
	cat := precheck.Other
	for _, c := range precheck.Categories() {
		if strings.HasPrefix(tc.name, string(c)+"_") {
			cat = c
		}
	}
	facts := engineFacts(cat)
	if tc.facts != nil {
		tc.facts(&facts)
	}
	on := date("2026-04-01")
	if tc.on != "" {
		on = date(tc.on)
	}
	res := precheck.Result{AsOf: on, Category: cat, Clarity: clarityOf(tc.findings), Findings: tc.findings}
	claim := tc.claim
	cfg := mediation.DefaultEngineConfig()
	if tc.cfg != nil {
		tc.cfg(&cfg)
	}
	in := mediation.ProposalInput{Facts: facts, Precheck: res, Claim: claim, Offer: tc.offer, On: on,
		Defences: tc.defences, Admitted: tc.admitted, Contested: tc.contested}
	if tc.valueWithDefect != "" {
		v := fairshops.MustMoney(tc.valueWithDefect, facts.OrderValue.Currency)
		in.ValueWithDefect = &v
	}
	return in, cfg
}

func describe(in mediation.ProposalInput) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# category: %s, order value: %s, delivery: ", in.Facts.Category, in.Facts.OrderValue)
	if in.Facts.DeliveryCost != nil {
		b.WriteString(in.Facts.DeliveryCost.String())
	} else {
		b.WriteString("none")
	}
	fmt.Fprintf(&b, ", desired: %s, proposal date: %s\n", in.Facts.DesiredResolution, in.On)
	var rules []string
	for _, f := range in.Precheck.Findings {
		rules = append(rules, string(f.Rule)+"="+string(f.Favours))
	}
	fmt.Fprintf(&b, "# findings (%s): %s\n", in.Precheck.Clarity, strings.Join(rules, ", "))
	w := func(x mediation.Want) string {
		if x.Kind == "" && x.Amount == nil {
			return "none"
		}
		s := string(x.Kind)
		if x.Amount != nil {
			s += " " + x.Amount.String()
		}
		return s
	}
	fmt.Fprintf(&b, "# claim: %s, offer: %s\n", w(in.Claim), w(in.Offer))
	if !in.Defences.IsZero() || !in.Admitted.IsZero() || len(in.Contested) > 0 || in.ValueWithDefect != nil {
		d, _ := json.Marshal(in.Defences)
		a, _ := json.Marshal(in.Admitted)
		fmt.Fprintf(&b, "# defences: %s, admitted: %s, contested: %v", d, a, in.Contested)
		if in.ValueWithDefect != nil {
			fmt.Fprintf(&b, ", value with defect: %s", in.ValueWithDefect)
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	return b.String()
}

func TestProposeCases(t *testing.T) {
	cases := engineCases()
	require.GreaterOrEqual(t, len(cases), 30)
	covered := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in, cfg := tc.input()
			covered[string(in.Facts.Category)+"/"+string(tc.side)] = true
			d := mediation.Propose(in, cfg)
			require.Equal(t, tc.side, d.Side)
			findingsSide := tc.side
			if tc.findingsSide != "" {
				findingsSide = tc.findingsSide
			}
			require.Equal(t, findingsSide, mediation.SideOf(in.Precheck))
			var kinds []mediation.Kind
			for _, o := range d.Options {
				kinds = append(kinds, o.Kind)
			}
			require.Equal(t, tc.kinds, kinds)
			for i, a := range tc.amounts {
				require.Equal(t, a, d.Options[i].Amount.Amount.StringFixed(in.Facts.OrderValue.Currency.Scale()), "option %d", i)
			}
			require.NoError(t, d.Validate(), "the engine's draft passes the moderator's checks")
			for _, o := range d.Options {
				require.False(t, o.Amount.Amount.GreaterThan(d.Limits.Max.Amount), "never above order value plus delivery")
				require.NotEmpty(t, o.Rationale.Key)
			}
			again := mediation.Propose(in, cfg)
			require.Empty(t, cmp.Diff(d, again), "deterministic")
			for _, lang := range fairshops.Languages() {
				text := d.Render(lang)
				require.NotContains(t, text, "rationale.", "every rationale has a text")
				require.NotContains(t, text, "%!", "no formatting errors")
				golden(t, tc.name+"."+string(lang)+".txt", describe(in)+text)
			}
		})
	}
	for _, cat := range precheck.Categories() {
		for _, side := range []mediation.Side{mediation.SideConsumer, mediation.SideShop, mediation.SideDoubtful} {
			require.True(t, covered[string(cat)+"/"+string(side)], "no case for %s x %s", cat, side)
		}
	}
}

// TestProposeOnRealPrechecks runs the real pre-check on a few complaints
// and checks that the engine reads its findings as the engine cases assume.
func TestProposeOnRealPrechecks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		facts func(f *precheck.Facts)
		side  mediation.Side
		kind  mediation.Kind
	}{
		{"withdrawal in time, goods not back", func(fs *precheck.Facts) {
			fs.Category = precheck.Withdrawal
			fs.WithdrawalDeclaredOn = date("2026-03-12")
		}, mediation.SideConsumer, mediation.KindRefundOnReturn},
		{"withdrawal in time, goods back, no refund", func(fs *precheck.Facts) {
			fs.Category = precheck.Return
			fs.WithdrawalDeclaredOn = date("2026-03-06")
			fs.GoodsReturnedOn = date("2026-03-08")
		}, mediation.SideConsumer, mediation.KindRefund},
		{"defect in the first year, repair wanted", func(fs *precheck.Facts) {
			fs.Category = precheck.Warranty
			fs.DefectNoticedOn = date("2026-03-18")
			fs.DesiredResolution = precheck.WantRepair
		}, mediation.SideConsumer, mediation.KindRepair},
		{"unsolicited goods", func(fs *precheck.Facts) {
			fs.Category = precheck.NotOrdered
			fs.OrderDate = fairshops.Date{}
		}, mediation.SideConsumer, mediation.KindCancelOrder},
		{"withdrawal far too late", func(fs *precheck.Facts) {
			fs.Category = precheck.Withdrawal
			fs.WithdrawalDeclaredOn = date("2026-03-30")
			fs.InformedAboutWithdrawal = ptr(true)
		}, mediation.SideShop, mediation.KindVoucher},
	} {
		t.Run(tc.name, func(t *testing.T) {
			facts := engineFacts(precheck.Other)
			tc.facts(&facts)
			res := precheck.Check(facts, date("2026-04-01"), precheck.Options{})
			d := mediation.Propose(mediation.ProposalInput{Facts: facts, Precheck: res, On: date("2026-04-01")},
				mediation.DefaultEngineConfig())
			require.Equal(t, tc.side, d.Side, "findings: %v", res.RuleIDs())
			require.Equal(t, tc.kind, d.Options[0].Kind, "findings: %v", res.RuleIDs())
			require.NoError(t, d.Validate())
		})
	}
}

func TestSideOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		fs   []precheck.Finding
		want mediation.Side
	}{
		{"nothing", nil, mediation.SideDoubtful},
		{"neither only", []precheck.Finding{f(precheck.ContactShopFirst), f(precheck.DeliverySetDeadline)}, mediation.SideDoubtful},
		{"consumer", []precheck.Finding{f(precheck.WithdrawalInPeriod)}, mediation.SideConsumer},
		{"shop", []precheck.Finding{f(precheck.WarrantyExpired)}, mediation.SideShop},
		{"both", []precheck.Finding{f(precheck.WithdrawalExpired), f(precheck.WarrantyInPeriod)}, mediation.SideDoubtful},
		{"a doubtful one", []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.WithdrawalExceptionClaimed)}, mediation.SideDoubtful},
		{"withheld refund shapes a valid withdrawal", []precheck.Finding{f(precheck.WithdrawalInPeriod), f(precheck.RefundMayBeWithheld)}, mediation.SideConsumer},
		{"withheld refund alone favours the shop", []precheck.Finding{f(precheck.RefundMayBeWithheld)}, mediation.SideShop},
		{"cure first shapes a warranty claim", []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyCureFirst)}, mediation.SideConsumer},
		{"cure first with the burden on the consumer", []precheck.Finding{f(precheck.WarrantyInPeriod), f(precheck.WarrantyBurdenOnConsumer), f(precheck.WarrantyCureFirst)}, mediation.SideDoubtful},
		{"an extended period that lapsed", []precheck.Finding{f(precheck.WithdrawalPeriodExtended), f(precheck.WithdrawalExpired)}, mediation.SideShop},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, mediation.SideOf(precheck.Result{Findings: tc.fs}))
		})
	}
}

func TestEngineConfigDefaults(t *testing.T) {
	in, _ := engineCases()[0].input()
	zero := mediation.Propose(in, mediation.EngineConfig{})
	def := mediation.Propose(in, mediation.DefaultEngineConfig())
	require.Empty(t, cmp.Diff(def, zero), "zero day counts fall back to the defaults")

	shop := engineCases()[3]
	in, _ = shop.input()
	require.Equal(t, mediation.KindNotUpheld, mediation.Propose(in, mediation.EngineConfig{}).Options[0].Kind,
		"a zero goodwill share proposes no gesture")
	cfg := mediation.DefaultEngineConfig()
	cfg.GoodwillShare = decimal.RequireFromString("0.5")
	require.Equal(t, "29.95", mediation.Propose(in, cfg).Options[0].Amount.Amount.StringFixed(2))
}

func BenchmarkPropose(b *testing.B) {
	in, cfg := engineCases()[4].input() // a doubtful withdrawal: midpoint with split
	b.ReportAllocs()
	for b.Loop() {
		mediation.Propose(in, cfg)
	}
}

func BenchmarkProposeConsumer(b *testing.B) {
	in, cfg := engineCases()[0].input() // a valid withdrawal: refund on return
	b.ReportAllocs()
	for b.Loop() {
		mediation.Propose(in, cfg)
	}
}
