package http

import (
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// TestWebOperatorMessagesComplete checks that every text of the console
// exists in German and English, and that the table defines no key of the
// other web tables.
func TestWebOperatorMessagesComplete(t *testing.T) {
	ui, err := newWebUI(webText(), webOperatorText())
	require.NoError(t, err)
	require.Empty(t, ui.msgs.Missing())
	de, en := webOperatorText()[fairshops.German], webOperatorText()[fairshops.English]
	require.Equal(t, len(de), len(en))
	for k := range de {
		require.True(t, strings.HasPrefix(k, "op.") || strings.HasPrefix(k, "done.op_"), k)
		require.NotEmpty(t, en[k], k)
	}
}

var opTemplateKey = regexp.MustCompile(`\bt "([^"]+)"`)

// TestWebOperatorTemplateKeys checks that every key the console's
// templates translate is defined, and so is every key built at run time.
func TestWebOperatorTemplateKeys(t *testing.T) {
	ui, err := newWebUI(webText(), webOperatorText())
	require.NoError(t, err)
	files, err := fs.Glob(webFiles, "web/templates/*operator*.html")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var missing []string
	for _, f := range files {
		data, err := webFiles.ReadFile(f)
		require.NoError(t, err)
		for _, m := range opTemplateKey.FindAllStringSubmatch(string(data), -1) {
			if !ui.keys[m[1]] {
				missing = append(missing, path.Base(f)+": "+m[1])
			}
		}
	}
	// Keys built from values.
	var built []string
	add := func(prefix string, values ...string) {
		for _, v := range values {
			built = append(built, prefix+v)
		}
	}
	for _, l := range fairshops.Languages() {
		add("op.lang.", string(l))
	}
	add("op.role.", "consumer", "shop", "operator", "system")
	for _, k := range []mediation.DeadlineKind{mediation.DeadlineDecision, mediation.DeadlineCost, mediation.DeadlineStatements,
		mediation.DeadlineProposal, mediation.DeadlineAnswers, mediation.DeadlineRevision} {
		add("op.deadline.", string(k))
	}
	add("op.mode.", string(fairshops.ShopDiscretion), string(fairshops.ConsumerMode), string(fairshops.OperatorAfterComplaint))
	add("op.side.", string(mediation.SideConsumer), string(mediation.SideShop), string(mediation.SideDoubtful))
	for _, m := range fairshops.Modules() {
		add("op.module.", string(m))
	}
	add("op.seal.", string(fairshops.Licensed), string(fairshops.NotLicensed), string(fairshops.NotPassed), string(fairshops.Suspended))
	add("op.purpose.", string(fairshops.ExtraTrust), string(fairshops.NeededForStandard))
	add("op.kind.", string(fairshops.Must), string(fairshops.Bonus))
	add("op.rule.", string(fairshops.Highest), string(fairshops.Sum))
	for _, a := range mediation.Actions() {
		add("op.act.", string(a))
	}
	add("op.month.", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")
	// The history's actions of complaints and cases.
	add("op.history.", "submitted", "checked", "forwarded", "message_added", "answered", "reminder", "deadline_missed",
		"resolved", "escalated", "withdrawn", "closed", "requested", "opened", "declined", "cost_requested",
		"statement_added", "file_complete", "draft_generated", "draft_edited", "proposed", "accepted", "rejected",
		"revision_requested", "revision_agreed", "settled", "failed", "expired", "erased", "settlement_erased")
	// The notices of the console's redirects.
	for _, f := range []string{"web_operator.go", "web_operator_complaint.go", "web_operator_case.go",
		"web_operator_articles.go", "web_operator_shops.go"} {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range regexp.MustCompile(`done=op_([a-z_]+)`).FindAllStringSubmatch(string(data), -1) {
			built = append(built, "done.op_"+m[1])
		}
		for _, m := range regexp.MustCompile(`opComplaintMove\("([a-z_]+)"|opCaseMove\("([a-z_]+)"`).FindAllStringSubmatch(string(data), -1) {
			built = append(built, "done.op_"+m[1]+m[2])
		}
		for _, m := range regexp.MustCompile(`done := "(op_[a-z_]+)"|done = "(op_[a-z_]+)"`).FindAllStringSubmatch(string(data), -1) {
			built = append(built, "done."+m[1]+m[2])
		}
	}
	for _, k := range built {
		if !ui.keys[k] {
			missing = append(missing, "built: "+k)
		}
	}
	sort.Strings(missing)
	require.Empty(t, missing)
}

// TestWebOperatorNoTrustedHTML checks that the console converts nothing to
// trusted HTML: the only trusted HTML it shows is an article preview,
// rendered by the portal (portal.Translation.HTML).
func TestWebOperatorNoTrustedHTML(t *testing.T) {
	files, err := fs.Glob(os.DirFS("."), "web_operator*.go")
	require.NoError(t, err)
	files = append(files, "svgchart.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, banned := range []string{"template.HTML(", "template.JS(", "template.URL(", "template.HTMLAttr(", "template.CSS("} {
			require.NotContains(t, string(data), banned, f)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"German", "12,50", "12.5", true},
		{"English", "12.50", "12.5", true},
		{"whole", " 20 ", "20", true},
		{"German grouping", "1.234,50", "1234.5", true},
		{"English grouping", "1,234.50", "1234.5", true},
		{"one mark is the decimal mark", "1.234", "1.234", true},
		{"negative", "-3,10", "-3.1", true},
		{"empty", "", "", false},
		{"words", "zwölf", "", false},
		{"exponent", "1e9", "", false},
		{"too long", strings.Repeat("1", 41), "", false},
		{"a mark at the end", "12,", "12", true},
		{"only a mark", ",", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseDecimal(tt.in)
			require.Equal(t, tt.ok, ok)
			if ok {
				require.True(t, got.Equal(decimal.RequireFromString(tt.want)), got.String())
			}
		})
	}
}

func TestFormatAmount(t *testing.T) {
	m := fairshops.MustMoney("1234.5", fairshops.EUR)
	require.Equal(t, "1234,50", formatAmount(m, fairshops.German))
	require.Equal(t, "1234.50", formatAmount(m, fairshops.English))
	d, ok := parseDecimal(formatAmount(m, fairshops.German))
	require.True(t, ok)
	require.True(t, d.Equal(m.Amount), "what the form shows reads back")
}

func TestFieldNames(t *testing.T) {
	tests := []struct{ name, in, dropped, article string }{
		{"plain", "slug", "slug", "slug"},
		{"list element", "tags[2]", "tags", "tags"},
		{"translation list", "translations.en.keywords[1]", "translations.en.keywords", "translations.en.keywords"},
		{"missing translation", "translations.de", "translations.de", "translations.de.title"},
		{"translation field", "translations.de.body", "translations.de.body", "translations.de.body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.dropped, dropIndex(tt.in))
			require.Equal(t, tt.article, articleField(tt.in))
		})
	}
}

// testCase is a case with a draft of two options, as the editor edits it.
func testCase() *mediation.Case {
	eur := func(s string) fairshops.Money { return fairshops.MustMoney(s, fairshops.EUR) }
	m20 := eur("20.00")
	return &mediation.Case{Limit: eur("24.90"),
		Facts: precheck.Facts{OrderValue: m20, DeliveryCost: &fairshops.Money{Amount: decimal.RequireFromString("4.90"), Currency: fairshops.EUR}},
		Draft: &mediation.Draft{Rationale: mediation.Rationale{Key: "rationale.claim_in_full", Rules: []precheck.RuleID{"delivery.overdue"}},
			Options: []mediation.Option{
				{ID: "o1", Kind: mediation.KindRefund, Amount: eur("24.90"),
					Parts:     []mediation.Part{{Label: mediation.PartPrice, Amount: m20}, {Label: mediation.PartDelivery, Amount: eur("4.90")}},
					Rationale: mediation.Rationale{Key: "rationale.refund_due"},
					Duties: []mediation.Duty{{Party: fairshops.RoleShop, Action: mediation.ActRefund, Amount: &fairshops.Money{
						Amount: decimal.RequireFromString("24.90"), Currency: fairshops.EUR}, Due: fairshops.MustDate("2026-12-09")}}},
				{ID: "o2", Kind: mediation.KindApology, Amount: fairshops.Zero(fairshops.EUR), Rationale: mediation.Rationale{Key: "rationale.displeasure"},
					Duties: []mediation.Duty{{Party: fairshops.RoleShop, Action: mediation.ActApologise, Due: fairshops.MustDate("2026-12-09")}}},
			}}}
}

func TestReadDraft(t *testing.T) {
	cs := testCase()
	lim := mediation.LimitsOf(cs.Facts, fairshops.MustDate("2026-11-25"))
	filled := url.Values{}
	fillDraftForm(filled, cs.Draft.Options, fairshops.German)

	t.Run("the form of a draft reads back as the draft", func(t *testing.T) {
		var p fairshops.Problems
		got, rows := readDraft(filled, cs, lim, &p)
		require.Zero(t, p.Len())
		if diff := cmp.Diff(cs.Draft.Options, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		require.Equal(t, []int{0, 1}, rows.opt)
		require.NoError(t, mediation.ValidateOptions(got, lim))
	})

	t.Run("a changed amount drops the parts, a new option takes the draft's rationale", func(t *testing.T) {
		v := cloneValues(filled)
		v.Set("options[0].amount", "20,00")
		v.Set("options[0].duties[0].amount", "20,00")
		v.Set("options[2].id", "o3")
		v.Set("options[2].kind", "voucher")
		v.Set("options[2].amount", "5")
		v.Set("options[2].duties[3].party", "shop")
		v.Set("options[2].duties[3].action", "issue_voucher")
		v.Set("options[2].duties[3].amount", "5,00")
		v.Set("options[2].duties[3].due", "2026-12-09")
		v.Set("options[1].remove", "true")
		var p fairshops.Problems
		got, rows := readDraft(v, cs, lim, &p)
		require.Zero(t, p.Len())
		require.Len(t, got, 2)
		require.Nil(t, got[0].Parts)
		require.Equal(t, "rationale.refund_due", got[0].Rationale.Key)
		require.Equal(t, "o3", got[1].ID)
		require.Equal(t, cs.Draft.Rationale.Key, got[1].Rationale.Key)
		require.Equal(t, []int{0, 2}, rows.opt)
		require.Equal(t, [][]int{{0}, {3}}, rows.duty)
		require.NoError(t, mediation.ValidateOptions(got, lim))
	})

	t.Run("a percentage gives the amount", func(t *testing.T) {
		v := url.Values{"options[0].id": {"r"}, "options[0].kind": {"price_reduction"}, "options[0].percent": {"12,5"},
			"options[0].duties[0].party": {"shop"}, "options[0].duties[0].action": {"refund"},
			"options[0].duties[0].amount": {"2,50"}, "options[0].duties[0].due": {"2026-12-09"}}
		var p fairshops.Problems
		got, _ := readDraft(v, cs, lim, &p)
		require.Zero(t, p.Len())
		require.Equal(t, "2.50 EUR", got[0].Amount.String())
		require.NoError(t, mediation.ValidateOptions(got, lim))
	})

	t.Run("what cannot be read is a problem of its field", func(t *testing.T) {
		v := url.Values{"options[1].id": {"x"}, "options[1].kind": {"refund"}, "options[1].amount": {"viel"},
			"options[1].percent": {"%"}, "options[1].duties[2].action": {"refund"}, "options[1].duties[2].amount": {"?"},
			"options[1].duties[2].due": {"morgen"}}
		var p fairshops.Problems
		readDraft(v, cs, lim, &p)
		var fields []string
		if ve, ok := opValidation(p.Err("")); ok {
			for _, f := range ve.Fields {
				fields = append(fields, f.Field)
			}
		}
		require.ElementsMatch(t, []string{"options[1].amount", "options[1].percent", "options[1].duties[2].amount",
			"options[1].duties[2].due"}, fields)
	})
}

func TestDraftRowsRename(t *testing.T) {
	rows := draftRows{opt: []int{0, 2}, duty: [][]int{{0, 1}, {3}}}
	tests := []struct{ in, want string }{
		{"options", "options"},
		{"options[0].kind", "options[0].kind"},
		{"options[1].amount", "options[2].amount"},
		{"options[1].amount.currency", "options[2].amount"},
		{"options[1].duties", "options[2].duties"},
		{"options[1].duties[0].due", "options[2].duties[3].due"},
		{"options[0].duties[1].amount.currency", "options[0].duties[1].amount"},
		{"options[1].parts", "options[2].amount"},
		{"options[1].instalments[1].due", "options[2].amount"},
		{"options[7].kind", "options[7].kind"},
		{"options[1].duties[9].due", "options[2].duties[9].due"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			require.Equal(t, tt.want, rows.rename(tt.in))
		})
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// FuzzParseDecimal checks that any text a form sends as a number is read
// without a panic, and that a number read writes back and reads again to
// the same value.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"12,50", "1.234,50", "1,234.50", "-0", ",", ".5", "1e3", "٣", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDecimal(s)
		if !ok {
			return
		}
		m := fairshops.NewMoney(d, fairshops.EUR).Round()
		for _, lang := range fairshops.Languages() {
			shown := formatAmount(m, lang)
			if len(shown) > 40 {
				continue
			}
			again, ok := parseDecimal(shown)
			if !ok || !again.Equal(m.Amount) {
				t.Fatalf("%q read as %s, shown as %q, read back as %s (%v)", s, d, shown, again, ok)
			}
		}
	})
}

// FuzzDraftForm checks that any form posted to the draft editor is read,
// checked and its errors renamed without a panic, and that every renamed
// error names a row of the form.
func FuzzDraftForm(f *testing.F) {
	f.Add("options[0].id=o1&options[0].kind=refund&options[0].amount=5&options[0].duties[0].action=refund&options[0].duties[0].amount=5&options[0].duties[0].party=shop&options[0].duties[0].due=2026-12-09")
	f.Add("options[1].kind=voucher&options[0].kind=&options[1].remove=true&options[4].kind=deliver&options[4].duties[9].action=deliver")
	f.Add("options[0].kind=price_reduction&options[0].percent=33,333&options[2].kind=x&options[2].duties[0].due=2026-02-30")
	f.Fuzz(func(t *testing.T, form string) {
		v, err := url.ParseQuery(form)
		if err != nil {
			return
		}
		cs := testCase()
		lim := mediation.LimitsOf(cs.Facts, fairshops.MustDate("2026-11-25"))
		var p fairshops.Problems
		options, rows := readDraft(v, cs, lim, &p)
		if len(options) != len(rows.opt) || len(options) != len(rows.duty) {
			t.Fatalf("%d options, %d rows", len(options), len(rows.opt))
		}
		ve, ok := opValidation(mediation.ValidateOptions(options, lim))
		if !ok {
			return
		}
		for _, fe := range ve.Fields {
			renamed := rows.rename(fe.Field)
			m := optionPath.FindStringSubmatch(renamed)
			if m == nil {
				continue
			}
			found := false
			for k := range v {
				found = found || strings.HasPrefix(k, "options["+m[1]+"]")
			}
			if !found {
				t.Fatalf("%s renamed to %s, a row the form does not have", fe.Field, renamed)
			}
		}
	})
}
