package mediation_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/fairshops/konfliktservice/internal/jsonin"
	"github.com/fairshops/konfliktservice/mediation"
)

// jacketFacts is the stained-jacket complaint of domain/mediation.md: a
// jacket of 89.90 EUR plus 4.90 EUR delivery, delivered on 2026-10-15,
// withdrawn in time on 2026-10-20; the consumer wants the 94.80 EUR back.
func jacketFacts() precheck.Facts {
	return precheck.Facts{Category: precheck.Return, OrderDate: date("2026-10-12"),
		DeliveryDate: date("2026-10-15"), OrderValue: eur("89.90"), DeliveryCost: ptr(eur("4.90")),
		ContactedShopOn: date("2026-11-02"), WithdrawalDeclaredOn: date("2026-10-20"),
		DesiredResolution: precheck.WantRefund, Description: "Die Jacke passt nicht, ich habe sie zurückgeschickt."}
}

// jacketFixture opens a case on the stained-jacket complaint on 2026-11-20.
func jacketFixture(t *testing.T) (*fixture, *mediation.Case) {
	f := newFixture(t, fairshops.ConsumerMode)
	f.at("2026-11-20")
	facts := jacketFacts()
	info := f.complaints.get(complaintID)
	info.Facts = facts
	info.Precheck = precheck.Check(facts, date("2026-11-10"), precheck.Options{})
	f.complaints.set(info)
	return f, f.open()
}

func decoded(t *testing.T, s string) map[string]any {
	t.Helper()
	v, err := jsonin.Decode([]byte(s))
	require.NoError(t, err)
	return v.(map[string]any)
}

// TestStainedJacket is the golden case of the mediation page: the
// withdrawal is valid, the shop says the jacket came back stained and
// offers 60 of 94.80 EUR. The draft must show more than one option and
// name BGB §357a(1).
func TestStainedJacket(t *testing.T) {
	f, c := jacketFixture(t)
	f.must(f.svc.AddStatement(f.ctx, f.consumer, c.ID, mediation.StatementInput{
		Text:  "Ich habe die Jacke nur anprobiert und am 29.10. zurückgeschickt.",
		Facts: decoded(t, `{"goods_returned_on": "2026-10-29"}`)}))
	c = f.must(f.svc.AddStatement(f.ctx, f.shop, c.ID, mediation.StatementInput{
		Text:     "Die Jacke kam mit Flecken zurück; wir erstatten 60 Euro.",
		Want:     &mediation.Want{Kind: mediation.KindPartialRefund, Amount: ptr(eur("60.00"))},
		Facts:    decoded(t, `{"goods_returned_on": "2026-10-29"}`),
		Defences: &mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("34.80")}}}))
	require.NotNil(t, c.Merged)
	require.Equal(t, []string{mediation.DefenceReturnedDamaged}, c.Merged.Contested)
	require.JSONEq(t, `"2026-10-29"`, string(c.Merged.Settled["goods_returned_on"]), "both state it alike")

	c = f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
	d := c.Draft
	require.Greater(t, len(d.Options), 1, "contested facts give more than one option")
	var kinds, amounts []string
	cites := false
	for _, o := range d.Options {
		kinds = append(kinds, string(o.Kind))
		amounts = append(amounts, o.Amount.String())
		cites = cites || slices.Contains(o.Basis, "BGB §357a(1)")
		require.NotNil(t, o.Basis)
	}
	require.True(t, cites, "an option names §357a(1)")
	require.Equal(t, []string{"refund", "partial_refund", "partial_refund"}, kinds)
	require.Equal(t, []string{"94.80 EUR", "60.00 EUR", "77.40 EUR"}, amounts)
	require.NoError(t, d.Validate())

	facts, err := json.MarshalIndent(map[string]any{"settled": c.Merged.Settled, "contested": c.Merged.Contested}, "", "  ")
	require.NoError(t, err)
	for _, lang := range fairshops.Languages() {
		golden(t, "stained_jacket."+string(lang)+".txt", string(facts)+"\n\n"+d.Render(lang))
	}
}

// TestMergeFacts checks the merge rule: contested when the two sides give
// different values, settled otherwise.
func TestMergeFacts(t *testing.T) {
	st := func(party fairshops.Role, facts string, d *mediation.Defences) mediation.Statement {
		s := mediation.Statement{Party: party, Text: "x", Defences: d}
		if facts != "" {
			s.Facts = map[string]json.RawMessage{}
			require.NoError(t, json.Unmarshal([]byte(facts), &s.Facts))
		}
		return s
	}
	for _, tc := range []struct {
		name      string
		sts       []mediation.Statement
		contested []string
		settled   map[string]string
		rechecked bool
	}{
		{name: "no statement facts: the filing stands", sts: []mediation.Statement{st(fairshops.RoleConsumer, "", nil)},
			contested: []string{}, settled: map[string]string{"withdrawal_declared_on": `"2026-10-20"`}},
		{name: "one side states, the other is silent: settled",
			sts:       []mediation.Statement{st(fairshops.RoleShop, `{"goods_returned_on": "2026-10-30"}`, nil)},
			contested: []string{}, settled: map[string]string{"goods_returned_on": `"2026-10-30"`}, rechecked: true},
		{name: "both alike: settled", sts: []mediation.Statement{
			st(fairshops.RoleConsumer, `{"goods_returned_on": "2026-10-29"}`, nil),
			st(fairshops.RoleShop, `{"goods_returned_on": "2026-10-29"}`, nil)},
			contested: []string{}, settled: map[string]string{"goods_returned_on": `"2026-10-29"`}, rechecked: true},
		{name: "different values: contested", sts: []mediation.Statement{
			st(fairshops.RoleConsumer, `{"goods_returned_on": "2026-10-29"}`, nil),
			st(fairshops.RoleShop, `{"goods_returned_on": "2026-11-09"}`, nil)},
			contested: []string{"goods_returned_on"}, settled: map[string]string{}, rechecked: true},
		{name: "the shop contradicts the complaint", sts: []mediation.Statement{
			st(fairshops.RoleShop, `{"withdrawal_declared_on": "2026-11-05"}`, nil)},
			contested: []string{"withdrawal_declared_on"}, settled: map[string]string{}, rechecked: true},
		{name: "a later statement corrects an earlier one", sts: []mediation.Statement{
			st(fairshops.RoleConsumer, `{"goods_returned_on": "2026-10-28"}`, nil),
			st(fairshops.RoleShop, `{"goods_returned_on": "2026-10-29"}`, nil),
			st(fairshops.RoleConsumer, `{"goods_returned_on": "2026-10-29"}`, nil)},
			contested: []string{}, settled: map[string]string{"goods_returned_on": `"2026-10-29"`}, rechecked: true},
		{name: "refund paid against the complaint's no: contested", sts: []mediation.Statement{
			st(fairshops.RoleShop, "", &mediation.Defences{RefundPaidOn: date("2026-11-03")})},
			contested: []string{"refund_received"}, settled: map[string]string{}, rechecked: true},
		{name: "refund paid, admitted", sts: []mediation.Statement{
			st(fairshops.RoleShop, "", &mediation.Defences{RefundPaidOn: date("2026-11-03")}),
			st(fairshops.RoleConsumer, "", &mediation.Defences{RefundPaidOn: date("2026-11-03")})},
			contested: []string{},
			settled:   map[string]string{"refund_received": "true", "refund_paid_on": `"2026-11-03"`}, rechecked: true},
		{name: "not received back against the consumer's date: contested", sts: []mediation.Statement{
			st(fairshops.RoleConsumer, `{"goods_returned_on": "2026-10-29"}`, nil),
			st(fairshops.RoleShop, "", &mediation.Defences{NotReceivedBack: true})},
			contested: []string{"goods_returned_on"}, settled: map[string]string{}, rechecked: true},
		{name: "loss in value: contested until admitted", sts: []mediation.Statement{
			st(fairshops.RoleShop, "", &mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("34.80")}})},
			contested: []string{"returned_damaged"}, settled: map[string]string{}, rechecked: true},
		{name: "loss in value admitted", sts: []mediation.Statement{
			st(fairshops.RoleShop, "", &mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("34.80")}}),
			st(fairshops.RoleConsumer, "", &mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("34.80")}})},
			contested: []string{},
			settled:   map[string]string{"returned_damaged": `{"loss":{"amount":"34.8","currency":"EUR"}}`}, rechecked: true},
		{name: "a smaller loss admitted: still contested", sts: []mediation.Statement{
			st(fairshops.RoleShop, "", &mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("34.80")}}),
			st(fairshops.RoleConsumer, "", &mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("10.00")}})},
			contested: []string{"returned_damaged"}, settled: map[string]string{}, rechecked: true},
		{name: "minor defect claimed: contested", sts: []mediation.Statement{
			st(fairshops.RoleShop, "", &mediation.Defences{DefectMinor: true, LimitationInvoked: true})},
			contested: []string{"defect_minor"}, settled: map[string]string{"limitation_invoked": "true"}, rechecked: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			facts := jacketFacts()
			cf := mediation.MergeFacts(mediation.MergeInput{Facts: facts, Statements: tc.sts, On: date("2026-11-20"),
				RequestedOn: date("2026-11-20"), Precheck: precheck.Check(facts, date("2026-11-10"), precheck.Options{})})
			require.Equal(t, tc.contested, cf.Contested)
			require.Equal(t, tc.rechecked, cf.Rechecked)
			for k, v := range tc.settled {
				require.JSONEq(t, v, string(cf.Settled[k]), k)
			}
			for _, k := range cf.Contested {
				require.NotContains(t, cf.Settled, k, "a contested fact is never settled")
			}
			require.Equal(t, "89.90", decimalOf(t, cf.Settled["order_value"]), "the complaint's facts stay settled")
		})
	}
}

func decimalOf(t *testing.T, raw json.RawMessage) string {
	var m fairshops.Money
	require.NoError(t, json.Unmarshal(raw, &m))
	return m.Amount.StringFixed(2)
}

// TestContestedFactMakesFindingDoubtful: a finding that rests on a
// contested fact is doubtful, whatever it was at filing.
func TestContestedFactMakesFindingDoubtful(t *testing.T) {
	facts := jacketFacts()
	facts.GoodsReturnedOn = date("2026-10-29")
	filing := precheck.Check(facts, date("2026-11-20"), precheck.Options{})
	require.Equal(t, precheck.FavoursConsumer, favours(filing, precheck.RefundOverdue))
	cf := mediation.MergeFacts(mediation.MergeInput{Facts: facts, On: date("2026-11-20"), Precheck: filing,
		Statements: []mediation.Statement{{Party: fairshops.RoleShop, Text: "x",
			Defences: &mediation.Defences{NotReceivedBack: true}}}})
	require.Equal(t, []string{"goods_returned_on"}, cf.Contested)
	require.Equal(t, precheck.FavoursDoubtful, favours(cf.Precheck, precheck.RefundOverdue))
	require.Equal(t, precheck.Doubtful, cf.Precheck.Clarity)
}

func favours(r precheck.Result, id precheck.RuleID) precheck.Favours {
	for _, f := range r.Findings {
		if f.Rule == id {
			return f.Favours
		}
	}
	return ""
}

// TestStatementFactsValidation: every bad member gets a typed field error.
func TestStatementFactsValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		who   string
		facts string
		d     *mediation.Defences
		want  []string
	}{
		{name: "unknown fact", who: "shop", facts: `{"goods_stained": true}`,
			want: []string{"facts.goods_stained:unknown_field"}},
		{name: "check date and description are the case's", who: "consumer",
			facts: `{"as_of": "2026-11-01", "description": "x"}`,
			want:  []string{"facts.as_of:not_allowed", "facts.description:not_allowed"}},
		{name: "malformed date", who: "consumer", facts: `{"goods_returned_on": "29.10.2026"}`,
			want: []string{"facts.goods_returned_on:invalid_date"}},
		{name: "wrong type", who: "shop", facts: `{"refund_received": "yes"}`,
			want: []string{"facts.refund_received:wrong_type"}},
		{name: "date in the future", who: "shop", facts: `{"goods_returned_on": "2026-12-01"}`,
			want: []string{"facts.goods_returned_on:in_future"}},
		{name: "the consumer may not plead the shop's defences", who: "consumer",
			d: &mediation.Defences{NotReceivedBack: true, CureOfferedOn: date("2026-11-01"), LimitationInvoked: true},
			want: []string{"defences.cure_offered_on:not_allowed", "defences.limitation_invoked:not_allowed",
				"defences.not_received_back:not_allowed"}},
		{name: "a loss in another currency", who: "shop",
			d:    &mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: fairshops.MustMoney("5", "USD")}},
			want: []string{"defences.returned_damaged.loss.currency:mismatch"}},
		{name: "a loss above the order", who: "shop",
			d:    &mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("200.00")}},
			want: []string{"defences.returned_damaged.loss:too_large"}},
		{name: "a zero loss", who: "shop",
			d:    &mediation.Defences{ReturnedDamaged: &mediation.ValueLoss{Loss: eur("0")}},
			want: []string{"defences.returned_damaged.loss:too_small"}},
		{name: "a refund paid in the future", who: "shop", d: &mediation.Defences{RefundPaidOn: date("2026-12-24")},
			want: []string{"defences.refund_paid_on:in_future"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c := jacketFixture(t)
			in := mediation.StatementInput{Text: "Stellungnahme", Defences: tc.d}
			if tc.facts != "" {
				in.Facts = decoded(t, tc.facts)
			}
			p := f.consumer
			if tc.who == "shop" {
				p = f.shop
			}
			_, err := f.svc.AddStatement(f.ctx, p, c.ID, in)
			require.ErrorIs(t, err, fairshops.ErrInvalid)
			got := fieldCodes(t, err)
			slices.Sort(got)
			require.Equal(t, tc.want, got)
		})
	}
}

// TestTimeBarred: limitation is the shop's defence (BGB §214). A request
// goes on without the plea; with it, and a warranty.expired that is not
// doubtful, the case may be declined or the proposal does not uphold the
// claim.
func TestTimeBarred(t *testing.T) {
	expired := func(f *fixture, favours precheck.Favours) {
		info := f.complaints.get(complaintID)
		info.Precheck = result(precheck.Warranty, precheck.Clear, finding(precheck.WarrantyExpired, favours))
		f.complaints.set(info)
	}
	t.Run("the request goes on without the plea", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		expired(f, precheck.FavoursShop)
		c := f.requested()
		require.Equal(t, mediation.Requested, c.State)
	})
	t.Run("the shop declines pleading limitation", func(t *testing.T) {
		f := newFixture(t, fairshops.ShopDiscretion)
		expired(f, precheck.FavoursShop)
		c := f.requested()
		c = f.must(f.svc.DeclineRequest(f.ctx, f.shop, c.ID, mediation.ReasonTimeBarred))
		require.Equal(t, mediation.ReasonTimeBarred, c.Reason)
	})
	t.Run("not on a doubtful warranty.expired", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		expired(f, precheck.FavoursDoubtful)
		c := f.requested()
		_, err := f.svc.DeclineRequest(f.ctx, f.operator, c.ID, mediation.ReasonTimeBarred)
		require.Equal(t, []string{"reason:not_allowed"}, fieldCodes(t, err))
	})
	t.Run("not on a lapsed withdrawal", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		info := f.complaints.get(complaintID)
		info.Precheck = result(precheck.Withdrawal, precheck.Clear, finding(precheck.WithdrawalExpired))
		f.complaints.set(info)
		c := f.requested()
		_, err := f.svc.DeclineRequest(f.ctx, f.operator, c.ID, mediation.ReasonTimeBarred)
		require.Equal(t, []string{"reason:not_allowed"}, fieldCodes(t, err))
	})
	t.Run("the plea in a statement: not upheld", func(t *testing.T) {
		f := newFixture(t, fairshops.ConsumerMode)
		info := f.complaints.get(complaintID)
		info.Facts.DeliveryDate = date("2023-12-01")
		info.Facts.OrderDate = date("2023-11-28")
		info.Facts.DefectNoticedOn = date("2026-03-01")
		info.Facts.ContactedShopOn = date("2026-03-02")
		info.Precheck = precheck.Check(info.Facts, date("2026-03-30"), precheck.Options{})
		f.complaints.set(info)
		require.Equal(t, precheck.FavoursShop, favours(info.Precheck, precheck.WarrantyExpired))
		c := f.open()
		f.must(f.svc.AddStatement(f.ctx, f.consumer, c.ID, mediation.StatementInput{Text: "Der Kocher ist kaputt."}))
		c = f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
		require.NotEqual(t, mediation.SideShop, c.Draft.Side, "without the plea the claim is judged on its merits")
		f.must(f.svc.AddStatement(f.ctx, f.shop, c.ID, mediation.StatementInput{Text: "Verjährt.",
			Defences: &mediation.Defences{LimitationInvoked: true}}))
		c = f.must(f.svc.GenerateDraft(f.ctx, f.operator, c.ID))
		require.Equal(t, mediation.SideShop, c.Draft.Side)
		o := c.Draft.Options[0]
		require.Contains(t, o.Basis, "BGB §214(1)")
		require.Contains(t, []mediation.Kind{mediation.KindNotUpheld, mediation.KindVoucher}, o.Kind)
	})
}

// TestNoticeConfigured: the failure notice names the configured ADR body,
// the suspension of limitation and, where the facts allow, the day the
// claim becomes time-barred without it.
func TestNoticeConfigured(t *testing.T) {
	f := newFixture(t, fairshops.ConsumerMode)
	adr := mediation.ADRBody{Name: "Schlichtungsstelle X", Operator: "Verein Y", Address: "Hauptstraße 1, 10115 Berlin",
		Web: "www.example.org", Min: eur("50"), Max: eur("10000")}
	svc, err := mediation.NewService(mediation.Config{Store: f.db.Cases(), Complaints: f.complaints, Shops: f.shops,
		Clock: f.clock, ADR: &adr})
	require.NoError(t, err)
	c := &mediation.Case{State: mediation.Failed, Facts: baseFacts()}
	for lang, want := range map[fairshops.Language][]string{
		fairshops.German: {"Schlichtungsstelle X (Verein Y, Hauptstraße 1, 10115 Berlin, www.example.org) für Streitwerte von 50 EUR bis 10.000 EUR",
			"§ 203 BGB", "§ 204 Abs. 1 Nr. 4 b BGB", "Verlassen Sie sich nicht darauf",
			"mit Ablauf des 14.01.2028", "Europäische Verbraucherzentrum Deutschland"},
		fairshops.English: {"Schlichtungsstelle X (Verein Y, Hauptstraße 1, 10115 Berlin, www.example.org) for disputes worth 50 EUR to 10,000 EUR",
			"BGB §203", "§204(1) no. 4 b", "Do not rely on it", "at the end of 14 January 2028", "European Consumer Centre"},
	} {
		text := svc.Notice(c, lang)
		for _, w := range want {
			require.Contains(t, text, w, lang)
		}
		require.NotContains(t, strings.ToLower(text), "odr", "the EU ODR platform closed in 2025")
	}

	bad := mediation.ADRBody{Min: eur("10"), Max: eur("5")}
	_, err = mediation.NewService(mediation.Config{Store: f.db.Cases(), Complaints: f.complaints, Shops: f.shops, ADR: &bad})
	require.Equal(t, []string{"adr.name:required", "adr.address:required", "adr.max:too_small"}, fieldCodes(t, err))
}

// TestLimitationEnd checks the day a claim becomes time-barred without
// suspension, at the boundaries of §438, §475e(3) and §193.
func TestLimitationEnd(t *testing.T) {
	for _, tc := range []struct {
		name  string
		facts func(f *precheck.Facts)
		want  string
	}{
		{"two years from delivery, a Friday", func(f *precheck.Facts) {}, "2028-01-14"},
		{"§193: the end on a Saturday moves to Monday", func(f *precheck.Facts) {
			f.DeliveryDate = date("2026-01-15") // 2028-01-15 is a Saturday
		}, "2028-01-17"},
		{"§475e(3): four months after a defect shown late in the period", func(f *precheck.Facts) {
			f.DefectNoticedOn = date("2027-12-01")
		}, "2028-04-03"}, // 2028-04-01 is a Saturday
		{"§475e(3) not for contracts before 2022", func(f *precheck.Facts) {
			f.OrderDate, f.DeliveryDate, f.DefectNoticedOn = date("2021-11-02"), date("2021-11-05"), date("2023-10-20")
		}, "2023-11-06"}, // 2023-11-05 is a Sunday
		{"§475e(3) not for a defect shown after the period", func(f *precheck.Facts) {
			f.DefectNoticedOn = date("2028-02-01")
		}, "2028-01-14"},
		{"a refund after withdrawal: three years from the end of the year", func(f *precheck.Facts) {
			*f = jacketFacts()
		}, "2029-12-31"},
		{"nothing to tell", func(f *precheck.Facts) { *f = precheck.Facts{Category: precheck.Other} }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			facts := baseFacts()
			tc.facts(&facts)
			end, ok := mediation.LimitationEnd(facts, calendar.National)
			if tc.want == "" {
				require.False(t, ok)
				return
			}
			require.True(t, ok)
			require.Equal(t, tc.want, end.String())
		})
	}
}
