package precheck

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// problems lists the field errors of err as "field code args...".
func problems(t testing.TB, err error) []string {
	t.Helper()
	if err == nil {
		return []string{}
	}
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve), "want a *ValidationError, got %T: %v", err, err)
	require.ErrorIs(t, err, fairshops.ErrInvalid)
	out := []string{}
	for _, f := range ve.Fields {
		s := f.Field + " " + f.Code
		for _, a := range f.Args {
			s += " " + fmt.Sprint(a)
		}
		out = append(out, s)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func TestValidateEveryFieldAtOnce(t *testing.T) {
	t.Parallel()
	d := fairshops.MustDate
	f := Facts{
		Category:                "complaint",
		OrderDate:               d("2025-06-10"),
		DeliveryDate:            d("2025-06-01"), // before the order
		PromisedDeliveryDate:    d("2025-06-09"), // before the order
		OrderValue:              fairshops.Money{Amount: fairshops.MustMoney("-1", "EUR").Amount, Currency: "eur"},
		DeliveryCost:            ptr(fairshops.MustMoney("4.90", "USD")),
		ContactedShopOn:         d("2025-06-09"), // before the order
		WithdrawalDeclaredOn:    d("2025-07-20"), // after as_of
		GoodsReturnedOn:         d("2025-06-05"), // before delivery? no: delivery is 06-01; before the withdrawal
		DefectNoticedOn:         d("2025-05-30"), // before delivery
		CureRequestedOn:         d("2025-05-29"), // before the defect
		AdditionalDeadlineUntil: d("2025-05-28"), // before the cure request
		WithdrawalException:     "cheap",
		DataRequestOn:           d("1969-12-31"),
		DesiredResolution:       "revenge",
		Description:             "<b>bold</b>\x00",
	}
	got := problems(t, f.Validate(d("2025-07-01")))
	want := []string{
		"category unknown_value complaint not_as_described, not_ordered, delivery, return, payment, withdrawal, warranty, data, other",
		"withdrawal_declared_on in_future",
		"data_request_on before 1970-01-01",
		"delivery_date before order_date",
		"promised_delivery_date before order_date",
		"contacted_shop_on before order_date",
		"goods_returned_on before withdrawal_declared_on",
		"defect_noticed_on before delivery_date",
		"cure_requested_on before defect_noticed_on",
		"additional_deadline_until before cure_requested_on",
		"order_value.amount negative",
		"order_value.currency currency eur",
		"withdrawal_exception unknown_value cheap custom_made, perishable, sealed_hygiene, sealed_media, newspaper, other",
		"desired_resolution unknown_value revenge refund, replacement, repair, price_reduction, delivery, cancel_order, data_erasure, apology, other",
		"description control_chars",
		"description markup",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("problems (-want +got):\n%s", diff)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	d := fairshops.MustDate
	valid := func() Facts {
		return Facts{Category: Delivery, OrderDate: d("2025-06-01"), OrderValue: fairshops.MustMoney("10", "EUR")}
	}
	tests := []struct {
		name   string
		change func(f *Facts)
		asOf   string
		want   []string
	}{
		{"valid", func(f *Facts) {}, "2025-07-01", []string{}},
		{"zero facts", func(f *Facts) { *f = Facts{} }, "", []string{"category required", "order_date required", "order_value required"}},
		{"not ordered needs no order date", func(f *Facts) { f.Category = NotOrdered; f.OrderDate = fairshops.Date{} }, "", []string{}},
		{"not ordered needs no order value", func(f *Facts) {
			f.Category, f.OrderDate, f.OrderValue = NotOrdered, fairshops.Date{}, fairshops.Money{}
		}, "", []string{}},
		{"data request needs no order", func(f *Facts) {
			f.Category, f.OrderDate, f.OrderValue = Data, fairshops.Date{}, fairshops.Money{}
		}, "", []string{}},
		{"data request: a value given is still checked", func(f *Facts) {
			f.Category, f.OrderDate, f.OrderValue = Data, fairshops.Date{}, fairshops.MustMoney("-1", "EUR")
		}, "", []string{"order_value.amount negative"}},
		{"other needs the order", func(f *Facts) { f.Category, f.OrderDate, f.OrderValue = Other, fairshops.Date{}, fairshops.Money{} }, "",
			[]string{"order_date required", "order_value required"}},
		{"zero amount is fine", func(f *Facts) { f.OrderValue = fairshops.MustMoney("0", "EUR") }, "", []string{}},
		{"amount without currency", func(f *Facts) { f.OrderValue = fairshops.Money{Amount: fairshops.MustMoney("3", "EUR").Amount} }, "",
			[]string{"order_value.currency required"}},
		{"unknown currency", func(f *Facts) { f.OrderValue.Currency = "EUX" }, "", []string{"order_value.currency currency EUX"}},
		{"five decimals", func(f *Facts) { f.OrderValue = fairshops.MustMoney("1.00001", "EUR") }, "",
			[]string{"order_value.amount invalid_format at most 4 decimal places"}},
		{"too large", func(f *Facts) { f.OrderValue = fairshops.MustMoney("1000000000001", "EUR") }, "",
			[]string{"order_value.amount too_large 1000000000000"}},
		{"delivery cost in another currency", func(f *Facts) { f.DeliveryCost = ptr(fairshops.MustMoney("1", "CHF")) }, "",
			[]string{"delivery_cost.currency mismatch order_value.currency"}},
		{"negative delivery cost", func(f *Facts) { f.DeliveryCost = ptr(fairshops.MustMoney("-1", "EUR")) }, "",
			[]string{"delivery_cost.amount negative"}},
		{"the order in the future", func(f *Facts) {}, "2025-05-31", []string{"order_date in_future"}},
		{"the order on the check date", func(f *Facts) {}, "2025-06-01", []string{}},
		{"a promised date and a deadline may lie ahead", func(f *Facts) {
			f.PromisedDeliveryDate = d("2025-08-01")
			f.AdditionalDeadlineUntil = d("2025-09-01")
		}, "2025-07-01", []string{}},
		{"every past event in the future", func(f *Facts) {
			f.DeliveryDate, f.ContactedShopOn, f.WithdrawalDeclaredOn = d("2025-08-01"), d("2025-08-01"), d("2025-08-01")
			f.GoodsReturnedOn, f.DefectNoticedOn, f.CureRequestedOn, f.DataRequestOn = d("2025-08-01"), d("2025-08-01"), d("2025-08-01"), d("2025-08-01")
		}, "2025-07-01", []string{
			"delivery_date in_future", "contacted_shop_on in_future", "withdrawal_declared_on in_future",
			"goods_returned_on in_future", "defect_noticed_on in_future", "cure_requested_on in_future", "data_request_on in_future",
		}},
		{"the facts' as_of when no check date is given", func(f *Facts) { f.AsOf = d("2025-05-01") }, "", []string{"order_date in_future"}},
		{"no check date at all: no future check", func(f *Facts) { f.OrderDate = d("2999-01-01") }, "", []string{}},
		{"withdrawal before delivery is fine", func(f *Facts) {
			f.DeliveryDate, f.WithdrawalDeclaredOn = d("2025-06-10"), d("2025-06-05")
		}, "", []string{}},
		{"withdrawal before the order", func(f *Facts) { f.WithdrawalDeclaredOn = d("2025-05-31") }, "", []string{"withdrawal_declared_on before order_date"}},
		{"return before the delivery is reported against the delivery", func(f *Facts) {
			f.DeliveryDate, f.WithdrawalDeclaredOn, f.GoodsReturnedOn = d("2025-06-10"), d("2025-06-02"), d("2025-06-05")
		}, "", []string{"goods_returned_on before delivery_date"}},
		{"return and withdrawal on the same day", func(f *Facts) {
			f.WithdrawalDeclaredOn, f.GoodsReturnedOn = d("2025-06-05"), d("2025-06-05")
		}, "", []string{}},
		{"return before the order, no other dates", func(f *Facts) { f.GoodsReturnedOn = d("2025-05-05") }, "", []string{"goods_returned_on before order_date"}},
		{"defect before the order", func(f *Facts) { f.DefectNoticedOn = d("2025-05-05") }, "", []string{"defect_noticed_on before order_date"}},
		{"cure request before delivery", func(f *Facts) {
			f.DeliveryDate, f.CureRequestedOn = d("2025-06-05"), d("2025-06-04")
		}, "", []string{"cure_requested_on before delivery_date"}},
		{"deadline before the order", func(f *Facts) { f.AdditionalDeadlineUntil = d("2025-05-05") }, "", []string{"additional_deadline_until before order_date"}},
		{"a data request before the order is fine", func(f *Facts) { f.DataRequestOn = d("2024-05-05") }, "", []string{}},
		{"a date after 9996", func(f *Facts) { f.PromisedDeliveryDate = d("9997-01-01") }, "", []string{"promised_delivery_date after 9996-12-31"}},
		{"as_of before 1970", func(f *Facts) { f.AsOf = d("1969-01-01") }, "", []string{"as_of before 1970-01-01"}},
		{"a long description", func(f *Facts) { f.Description = strings.Repeat("ä", MaxDescription) }, "", []string{}},
		{"a description one rune too long", func(f *Facts) { f.Description = strings.Repeat("ä", MaxDescription+1) }, "",
			[]string{"description too_long 5000"}},
		{"invalid UTF-8", func(f *Facts) { f.Description = "caf\xe9" }, "", []string{"description invalid_utf8"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := valid()
			tc.change(&f)
			var asOf fairshops.Date
			if tc.asOf != "" {
				asOf = d(tc.asOf)
			}
			if diff := cmp.Diff(tc.want, problems(t, f.Validate(asOf))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTextProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []string
	}{
		{"plain", "Die Ware kam kaputt an.\nBitte um Ersatz.\tDanke", nil},
		{"CRLF line breaks from a browser", "Zeile 1\r\nZeile 2", nil},
		{"a lone CR", "Zeile 1\rZeile 2", []string{"control_chars"}},
		{"a CR at the end", "Zeile 1\r", []string{"control_chars"}},
		{"NUL", "a\x00b", []string{"control_chars"}},
		{"DEL", "a\x7fb", []string{"control_chars"}},
		{"C1 control", "a\u0085b", []string{"control_chars"}},
		{"escape", "a\x1b[31mb", []string{"control_chars"}},
		{"less-than in prose", "Preis < 20 EUR, 3<4 und <3", nil},
		{"less-than at the end", "a <", nil},
		{"a tag", "<script>alert(1)</script>", []string{"markup"}},
		{"an end tag", "a</p>", []string{"markup"}},
		{"a comment", "a <!-- x -->", []string{"markup"}},
		{"a processing instruction", "<?php echo 1; ?>", []string{"markup"}},
		{"a tag after prose with less-than", "1 < 2 <img src=x>", []string{"markup"}},
		{"a non-ASCII letter", "<ä", []string{"markup"}},
		{"everything", "\xff<b>\x01" + strings.Repeat("x", 60), []string{"invalid_utf8", "too_long", "control_chars", "markup"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, p := range TextProblems(tc.text, 60) {
				got = append(got, p.Code)
			}
			require.Equal(t, tc.want, got)
		})
	}
}
