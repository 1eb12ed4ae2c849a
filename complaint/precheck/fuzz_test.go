package precheck

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/google/go-cmp/cmp"
)

// FuzzDecodeFacts feeds DecodeFacts any bytes: it never panics, an error is
// always a *fairshops.ValidationError whose reasons render, and accepted
// facts validate again, survive a JSON round trip and check the same twice.
// Seeds: testdata/fuzz/FuzzDecodeFacts and the golden complaints.
func FuzzDecodeFacts(f *testing.F) {
	golden, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.facts.json"))
	for _, p := range golden {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := DecodeFacts(data)
		if err != nil {
			var ve *fairshops.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) == 0 {
				t.Fatalf("want a *ValidationError with fields, got %T %v", err, err)
			}
			for _, fe := range ve.Fields {
				for _, lang := range fairshops.Languages() {
					if r := fe.Reason(lang); r == "" || strings.Contains(r, "%!") {
						t.Fatalf("reason %q of %s renders as %q", fe.Code, fe.Field, r)
					}
				}
			}
			return
		}
		if err := facts.Validate(fairshops.Date{}); err != nil {
			t.Fatalf("decoded facts do not validate: %v", err)
		}
		b, err := json.Marshal(facts)
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeFacts(b)
		if err != nil {
			t.Fatalf("round trip: %v\n%s", err, b)
		}
		if diff := cmp.Diff(facts, again); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
		checkInvariants(t, facts, facts.AsOf, Options{})
	})
}

// FuzzCheck builds facts from numbers (each date an offset in days from an
// anchor, negative for "not given") and checks the invariants of Check on
// every set of facts that validates; on the others Check must not panic.
func FuzzCheck(f *testing.F) {
	f.Fuzz(func(t *testing.T, cat, exc, res, state uint8, flags uint16, anchor uint16,
		order, delivery, promised, contacted, declared, returned, defect, cure, deadline, data, asOf int16) {
		d := func(off int16) fairshops.Date {
			if off < 0 {
				return fairshops.Date{}
			}
			return fairshops.MustDate("2015-01-01").AddDays(int(anchor)%6000 + int(off)%1500)
		}
		pick := func(n uint8, of []string) string {
			if int(n) >= len(of) {
				return ""
			}
			return of[n]
		}
		var cats, excs, ress []string
		for _, c := range Categories() {
			cats = append(cats, string(c))
		}
		for _, e := range WithdrawalExceptions() {
			excs = append(excs, string(e))
		}
		for _, r := range Resolutions() {
			ress = append(ress, string(r))
		}
		bit := func(i uint) bool { return flags&(1<<i) != 0 }
		facts := Facts{
			Category:                  Category(pick(cat%10, cats)),
			OrderDate:                 d(order),
			DeliveryDate:              d(delivery),
			PromisedDeliveryDate:      d(promised),
			OrderValue:                fairshops.MustMoney("49.90", fairshops.EUR),
			ContactedShopOn:           d(contacted),
			WithdrawalDeclaredOn:      d(declared),
			GoodsReturnedOn:           d(returned),
			RefundReceived:            bit(2),
			DefectNoticedOn:           d(defect),
			DamagedInTransit:          bit(3),
			CureRequestedOn:           d(cure),
			AdditionalDeadlineUntil:   d(deadline),
			WithdrawalException:       WithdrawalException(pick(exc%8, excs)),
			DataRequestOn:             d(data),
			DataRequestAnswered:       bit(4),
			WithdrawalFunctionMissing: bit(5),
			ShopRejectedLateNotice:    bit(6),
			DesiredResolution:         Resolution(pick(res%11, ress)),
		}
		if bit(0) {
			facts.BuyerIsConsumer = ptr(false)
		}
		if bit(1) {
			facts.InformedAboutWithdrawal = ptr(false)
		}
		if bit(7) {
			facts.DeliveryCost = ptr(fairshops.MustMoney("4.90", fairshops.EUR))
		}
		// Revision 2 facts come from the spare bits and numbers, so that the
		// corpus keeps its shape: bits 8-9, and the states from the high
		// bits of flags; the further period was set a few days before its
		// end, the late information came with the contact.
		facts.LostInTransit = bit(8)
		facts.UsedGoodsOneYear = bit(9)
		if bit(10) && !facts.AdditionalDeadlineUntil.IsZero() {
			facts.AdditionalDeadlineSetOn = facts.AdditionalDeadlineUntil.AddDays(-int(flags>>13) - 1)
		}
		if bit(11) {
			facts.InformedAboutWithdrawalOn = facts.ContactedShopOn
		}
		facts.ConsumerState = calendar.State(state / 18 % 18)
		facts.ShopState = calendar.State(flags >> 12 % 17)
		opts := Options{State: calendar.State(state % 18)}
		checkDate := d(asOf)
		if err := facts.Validate(checkDate); err != nil {
			_ = Check(facts, checkDate, opts) // must not panic
			return
		}
		checkInvariants(t, facts, checkDate, opts)
	})
}

// checkInvariants runs Check twice and checks what every Result must hold.
func checkInvariants(t *testing.T, facts Facts, asOf fairshops.Date, opts Options) {
	t.Helper()
	r := Check(facts, asOf, opts)
	if diff := cmp.Diff(r, Check(facts, asOf, opts)); diff != "" {
		t.Fatalf("not deterministic:\n%s", diff)
	}
	table := rules()
	last := -1
	displeasure := false
	for _, fd := range r.Findings {
		i := slices.IndexFunc(table, func(ri RuleInfo) bool { return ri.ID == fd.Rule })
		if i <= last {
			t.Fatalf("finding %s out of the table's order: %v", fd.Rule, summary(r))
		}
		last = i
		info := table[i]
		if !slices.Contains(info.Outcomes, fd.Favours) {
			t.Fatalf("%s favours %s, not one of %v", fd.Rule, fd.Favours, info.Outcomes)
		}
		okBasis := fd.Basis == info.Basis
		for _, e := range info.Earlier {
			okBasis = okBasis || fd.Basis == e.Basis
		}
		if !okBasis {
			t.Fatalf("%s cites %q", fd.Rule, fd.Basis)
		}
		if !slices.Equal(fd.Tags, []string{string(fd.Rule), string(facts.Category)}) {
			t.Fatalf("%s tags %v", fd.Rule, fd.Tags)
		}
		if key := "rule." + string(fd.Rule); fd.Message.Key != key && !slices.ContainsFunc(variantKeys(), func(v string) bool {
			return v == fd.Message.Key && strings.HasPrefix(v, key+".")
		}) {
			t.Fatalf("%s message key %s", fd.Rule, fd.Message.Key)
		}
		if info.ConsumerLaw && !facts.IsConsumer() {
			t.Fatalf("%s fired for a business buyer", fd.Rule)
		}
		displeasure = displeasure || fd.Rule == OtherDispleasure
	}
	if !slices.IsSorted(r.MissingFacts) || len(slices.Compact(slices.Clone(r.MissingFacts))) != len(r.MissingFacts) {
		t.Fatalf("missing facts not sorted and unique: %v", r.MissingFacts)
	}
	if !slices.IsSorted(r.StandardViolations) {
		t.Fatalf("standard violations not sorted: %v", r.StandardViolations)
	}
	if (r.Clarity == Displeasure) != displeasure {
		t.Fatalf("clarity %s with findings %v", r.Clarity, summary(r))
	}
	if r.Clarity == Clear && len(r.MissingFacts) > 0 {
		t.Fatalf("clear with missing facts %v", r.MissingFacts)
	}
	for _, lang := range fairshops.Languages() {
		text := r.Localize(lang).Text()
		if strings.Contains(text, "%!") {
			t.Fatalf("bad message arguments:\n%s", text)
		}
	}
}
