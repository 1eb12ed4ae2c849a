package notify_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// mailTypes are the event types with mails of their own, and the recipient
// each mail is written for first.
var mailTypes = []struct{ Type, Role string }{
	{"access.filed", notify.RoleConsumer},
	{"access.resend", notify.RoleConsumer},
	{"carrier_claim.answered", notify.RoleShop},
	{"carrier_claim.closed", notify.RoleShop},
	{"carrier_claim.document_added", notify.RoleShop},
	{"carrier_claim.notified", notify.RoleShop},
	{"carrier_claim.opened", notify.RoleShop},
	{"carrier_claim.reminder", notify.RoleShop},
	{"complaint.answered", notify.RoleConsumer},
	{"complaint.clock_paused", notify.RoleConsumer},
	{"complaint.clock_resumed", notify.RoleShop},
	{"complaint.closed", notify.RoleConsumer},
	{"complaint.deadline_missed", notify.RoleShop},
	{"complaint.forwarded", notify.RoleShop},
	{"complaint.rechecked", notify.RoleConsumer},
	{"complaint.reminder", notify.RoleShop},
	{"complaint.resolved", notify.RoleConsumer},
	{"complaint.review_answered", notify.RoleConsumer},
	{"complaint.review_overdue", notify.RoleOperator},
	{"complaint.review_requested", notify.RoleOperator},
	{"complaint.submitted", notify.RoleConsumer},
	{"generic", notify.RoleConsumer},
	{"mediation.clock_paused", notify.RoleConsumer},
	{"mediation.clock_resumed", notify.RoleConsumer},
	{"mediation.failed", notify.RoleConsumer},
	{"mediation.obligation_confirmed", notify.RoleConsumer},
	{"mediation.obligation_disputed", notify.RoleOperator},
	{"mediation.obligation_missed", notify.RoleOperator},
	{"mediation.obligation_reminder", notify.RoleShop},
	{"mediation.proposed", notify.RoleShop},
	{"mediation.question", notify.RoleShop},
	{"mediation.question_answered", notify.RoleOperator},
	{"mediation.requested", notify.RoleShop},
	{"mediation.settled", notify.RoleConsumer},
}

func defaultTemplates(t *testing.T) *notify.Templates {
	t.Helper()
	tmpl, err := notify.DefaultTemplates()
	require.NoError(t, err)
	return tmpl
}

func sampleData(typ, role string) notify.TemplateData {
	ev := testEvent(typ)
	if d, ok := clockSamples[typ]; ok { // templates_clock_test.go
		ev.Data = []byte(d)
	}
	if d, ok := obligationSamples[typ]; ok { // templates_obligation_test.go
		ev.Data = []byte(d)
	}
	var data map[string]any
	_ = json.Unmarshal(ev.Data, &data)
	return notify.TemplateData{
		Event: ev, Data: data, Name: "Jürgen Müller", Role: role,
		Link: "https://konfliktservice.example/c/c_abc", Vars: map[string]string{"shop_name": "Beispiel GmbH"},
	}
}

func TestTemplatesCoverEveryEventInBothLanguages(t *testing.T) {
	tmpl := defaultTemplates(t)
	require.Empty(t, tmpl.Missing())
	var want []string
	for _, mt := range mailTypes {
		want = append(want, mt.Type)
	}
	if diff := cmp.Diff(want, tmpl.Types()); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
}

func TestTemplatesRenderEveryTypeLanguageAndRole(t *testing.T) {
	tmpl := defaultTemplates(t)
	empty := func(typ, role string) notify.TemplateData {
		return notify.TemplateData{Event: fairshops.Event{ID: "ev_1", Type: typ, Subject: "c_abc"}, Role: role}
	}
	for _, mt := range mailTypes {
		for _, lang := range fairshops.Languages() {
			for _, role := range []string{notify.RoleConsumer, notify.RoleShop, notify.RoleOperator} {
				for name, data := range map[string]notify.TemplateData{"sample": sampleData(mt.Type, role), "empty": empty(mt.Type, role)} {
					t.Run(fmt.Sprint(mt.Type, "/", lang, "/", role, "/", name), func(t *testing.T) {
						r, err := tmpl.Render(lang, data)
						require.NoError(t, err)
						require.NotEmpty(t, r.Subject)
						require.NotContains(t, r.Subject, "\n")
						require.Contains(t, r.Subject, "c_abc", "every subject names the case")
						require.True(t, strings.HasSuffix(r.Text, "\n"))
						for _, line := range strings.Split(r.Text, "\n") {
							if strings.Contains(line, " ") {
								require.LessOrEqual(t, len([]rune(line)), 76, "plain text is wrapped: %q", line)
							}
						}
						require.Contains(t, r.HTML, `<html lang="`+string(lang)+`">`)
						for _, part := range []string{r.Subject, r.Text, r.HTML} {
							for _, junk := range []string{"<no value>", "<nil>", "%!", "map["} {
								require.NotContains(t, part, junk)
							}
						}
						if name == "sample" {
							require.Contains(t, r.Text, "https://konfliktservice.example/c/c_abc")
							require.Contains(t, r.HTML, `href="https://konfliktservice.example/c/c_abc"`)
						}
					})
				}
			}
		}
	}
}

func TestTemplatesGolden(t *testing.T) {
	tmpl := defaultTemplates(t)
	for _, lang := range fairshops.Languages() {
		var b strings.Builder
		for _, mt := range mailTypes {
			r, err := tmpl.Render(lang, sampleData(mt.Type, mt.Role))
			require.NoError(t, err)
			fmt.Fprintf(&b, "=== %s (%s)\nSubject: %s\n\n%s\n--- html\n%s\n", mt.Type, mt.Role, r.Subject, r.Text, r.HTML)
		}
		path := filepath.Join("testdata", "mails."+string(lang)+".golden")
		if *update {
			require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run go test -run TestTemplatesGolden -update")
		if diff := cmp.Diff(string(want), b.String()); diff != "" {
			t.Errorf("%s (-want +got; -update rewrites):\n%s", path, diff)
		}
	}
}

func TestTemplatesWording(t *testing.T) {
	tmpl := defaultTemplates(t)
	tests := []struct {
		name   string
		lang   fairshops.Language
		data   notify.TemplateData
		text   []string
		noText []string
	}{
		{
			name: "receipt warns the consumer to keep the private link",
			lang: fairshops.German, data: sampleData("complaint.submitted", notify.RoleConsumer),
			text: []string{"Guten Tag Jürgen Müller,", "Ihre Beschwerde über Beispiel GmbH ist bei uns eingegangen", "geben Sie ihn nicht weiter"},
		},
		{
			name: "without a link the consumer is pointed to the receipt",
			lang: fairshops.English,
			data: notify.TemplateData{Event: testEvent("complaint.answered"), Role: notify.RoleConsumer},
			text: []string{"Hello,", "The shop has answered", "personal link from your confirmation of receipt"},
		},
		{
			name: "deadline in German dates",
			lang: fairshops.German, data: sampleData("complaint.reminder", notify.RoleShop),
			text: []string{"Die Frist endet am 10.03.2026."},
		},
		{
			name: "deadline in English dates",
			lang: fairshops.English, data: sampleData("complaint.deadline_missed", notify.RoleShop),
			text: []string{"ended on 10 March 2026 without an answer"},
		},
		{
			name: "failed mediation names the other ways to the consumer, never the ODR platform",
			lang: fairshops.German, data: sampleData("mediation.failed", notify.RoleConsumer),
			text: []string{"Universalschlichtungsstelle des Bundes", "Gerichten"}, noText: []string{"OS-Plattform", "ODR"},
		},
		{
			name: "failed mediation to the shop",
			lang: fairshops.English, data: sampleData("mediation.failed", notify.RoleShop),
			noText: []string{"Universalschlichtungsstelle"},
		},
		{
			name: "a case event without a reference in its data shows the one the wiring looked up",
			lang: fairshops.English,
			data: notify.TemplateData{Event: testEvent("mediation.proposed"), Role: notify.RoleShop,
				Vars: map[string]string{"reference": "KS-7KQ4-M2XD"}},
			text: []string{"KS-7KQ4-M2XD"}, noText: []string{"c_abc"},
		},
		{
			name: "unknown event type falls back to the generic mail",
			lang: fairshops.English, data: sampleData("complaint.message_added", notify.RoleShop),
			text: []string{"There is news in case c_abc."},
		},
		{
			name: "unsupported language falls back to German",
			lang: "fr", data: sampleData("generic", notify.RoleShop),
			text: []string{"im Vorgang c_abc gibt es Neuigkeiten"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tmpl.Render(tt.lang, tt.data)
			require.NoError(t, err)
			for _, s := range tt.text {
				require.Contains(t, flat(r.Text), s)
			}
			for _, s := range tt.noText {
				require.NotContains(t, flat(r.Text), s)
				require.NotContains(t, r.HTML, s)
			}
		})
	}
}

func TestTemplatesEscapeUserText(t *testing.T) {
	tmpl := defaultTemplates(t)
	data := sampleData("complaint.submitted", notify.RoleConsumer)
	data.Name = `<img src=x onerror="alert(1)">`
	data.Vars = map[string]string{"shop_name": "<b>Shop</b> & Co"}
	data.Link = "javascript:alert(1)"
	r, err := tmpl.Render(fairshops.English, data)
	require.NoError(t, err)
	require.NotContains(t, r.HTML, "<img")
	require.NotContains(t, r.HTML, "<b>Shop")
	require.NotContains(t, r.HTML, `href="javascript:`)
	require.Contains(t, r.HTML, "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;")
	require.Contains(t, r.HTML, "&lt;b&gt;Shop&lt;/b&gt; &amp; Co")
	require.Contains(t, r.HTML, `href="#ZgotmplZ"`)
}

func TestParseTemplatesRejectsBrokenSets(t *testing.T) {
	complete := func() fstest.MapFS {
		fs := fstest.MapFS{}
		for _, lang := range []string{"de", "en"} {
			fs["mail."+lang+".txt"] = &fstest.MapFile{Data: []byte(`{{define "generic/subject"}}S{{end}}{{define "generic/text"}}T{{end}}`)}
			fs["mail."+lang+".html"] = &fstest.MapFile{Data: []byte(`{{define "layout"}}{{.Body}}{{end}}{{define "generic/html"}}H{{end}}`)}
		}
		return fs
	}
	_, err := notify.ParseTemplates(complete())
	require.NoError(t, err)

	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"type only in German", func(fs fstest.MapFS) {
			fs["mail.de.txt"].Data = append(fs["mail.de.txt"].Data, `{{define "x.y/subject"}}S{{end}}{{define "x.y/text"}}T{{end}}`...)
			fs["mail.de.html"].Data = append(fs["mail.de.html"].Data, `{{define "x.y/html"}}H{{end}}`...)
		}, "en:x.y/subject, en:x.y/text, en:x.y/html"},
		{"no html part", func(fs fstest.MapFS) {
			fs["mail.en.html"].Data = []byte(`{{define "layout"}}{{.Body}}{{end}}`)
		}, "en:generic/html"},
		{"no layout", func(fs fstest.MapFS) { fs["mail.en.html"].Data = []byte(`{{define "generic/html"}}H{{end}}`) }, "no layout"},
		{"syntax error", func(fs fstest.MapFS) { fs["mail.de.txt"].Data = []byte(`{{define "generic/subject"}}`) }, "mail templates de"},
		{"file missing", func(fs fstest.MapFS) { delete(fs, "mail.en.txt") }, "mail templates en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := complete()
			tt.change(fs)
			_, err := notify.ParseTemplates(fs)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

// flat joins a wrapped text into one line, for looking up phrases.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
