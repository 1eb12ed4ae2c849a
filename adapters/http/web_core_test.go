package http

import (
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// TestWebMessagesComplete checks that every UI text exists in German and
// English, in every table of the web UI.
func TestWebMessagesComplete(t *testing.T) {
	ui, err := newWebUI(webText())
	require.NoError(t, err)
	require.Empty(t, ui.msgs.Missing())
	for _, lang := range fairshops.Languages() {
		require.NotEmpty(t, webText()[lang], lang)
	}
}

// TestWebMessagesNoDuplicates checks that two tables defining one key are
// refused.
func TestWebMessagesNoDuplicates(t *testing.T) {
	_, err := newWebUI(webText(), map[fairshops.Language]map[string]string{fairshops.German: {"site.name": "x"}})
	require.ErrorContains(t, err, "site.name")
}

var templateKey = regexp.MustCompile(`\bt "([^"]+)"`)

// TestWebTemplateKeys checks that every key a template translates with
// {{t "key"}} is defined, so that no page shows a raw key.
func TestWebTemplateKeys(t *testing.T) {
	ui, err := newWebUI(webText())
	require.NoError(t, err)
	files, err := fs.Glob(webFiles, "web/templates/*.html")
	require.NoError(t, err)
	var missing []string
	for _, f := range files {
		if strings.Contains(path.Base(f), "operator") {
			continue // the operator console checks its own table
		}
		data, err := webFiles.ReadFile(f)
		require.NoError(t, err)
		for _, m := range templateKey.FindAllStringSubmatch(string(data), -1) {
			if !ui.keys[m[1]] {
				missing = append(missing, f+": "+m[1])
			}
		}
	}
	sort.Strings(missing)
	require.Empty(t, missing)
	// Keys built at run time.
	var dynamic []string
	for _, st := range complaint.States() {
		dynamic = append(dynamic, "complaint.state."+string(st), "consumer.explain."+string(st))
	}
	for _, r := range fairshops.Roles() {
		dynamic = append(dynamic, "role."+string(r))
	}
	for _, m := range fairshops.Modules() {
		dynamic = append(dynamic, "module."+string(m))
	}
	for _, m := range []fairshops.MediationMode{fairshops.ShopDiscretion, fairshops.ConsumerMode, fairshops.OperatorAfterComplaint} {
		dynamic = append(dynamic, "mode."+string(m))
	}
	for _, p := range []fairshops.Purpose{fairshops.ExtraTrust, fairshops.NeededForStandard} {
		dynamic = append(dynamic, "purpose."+string(p))
	}
	for _, k := range []fairshops.CriterionKind{fairshops.Must, fairshops.Bonus} {
		dynamic = append(dynamic, "assessment.kind."+string(k))
	}
	for _, c := range []precheck.Clarity{precheck.Clear, precheck.Doubtful, precheck.Displeasure} {
		dynamic = append(dynamic, "precheck.clarity."+string(c))
	}
	for _, d := range []mediation.DeadlineKind{mediation.DeadlineDecision, mediation.DeadlineCost, mediation.DeadlineStatements,
		mediation.DeadlineProposal, mediation.DeadlineAnswers, mediation.DeadlineRevision} {
		dynamic = append(dynamic, "case.deadline."+string(d))
	}
	for f := range inboxFilters() {
		dynamic = append(dynamic, "inbox.filter."+f)
	}
	for _, k := range []string{"logout", "message", "withdrawn", "resolved", "closed", "mediation", "case", "key_issued", "key_revoked"} {
		dynamic = append(dynamic, "done."+k)
	}
	for _, k := range dynamic {
		require.True(t, ui.keys[k], k)
	}
}

func TestLocalPath(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "/"},
		{"root", "/", "/"},
		{"path with query", "/portal?q=widerruf", "/portal?q=widerruf"},
		{"absolute URL", "https://evil.example/", "/"},
		{"scheme-relative", "//evil.example/", "/"},
		{"backslash", "/\\evil.example", "/"},
		{"header injection", "/x\r\nSet-Cookie: a=b", "/"},
		{"relative", "portal", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, localPath(tt.in))
		})
	}
}

func TestFieldID(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "description", "f-description"},
		{"path", "contact.email", "f-contact-email"},
		{"index", "options[0].amount", "f-options-0--amount"},
		{"no markup", `"><x`, "f----x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, fieldID(tt.in))
		})
	}
}

// TestOneTemplateHTML checks that the web UI converts to template.HTML in
// exactly one place: the portal article body (web_public.go).
func TestOneTemplateHTML(t *testing.T) {
	count := 0
	for _, f := range webGoFiles(t) {
		count += strings.Count(f, "template.HTML")
	}
	require.Equal(t, 1, count, "template.HTML may appear once, for the article body")
}

// webGoFiles returns the code of this helper's web files, comment lines
// left out.
func webGoFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, name := range []string{"web_ui.go", "web_form.go", "web_request.go", "web_public.go", "web_consumer.go", "web_login.go", "web_shop.go", "web_messages.go"} {
		data, err := os.ReadFile(name)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		var code []string
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(strings.TrimSpace(line), "//") {
				code = append(code, line)
			}
		}
		out = append(out, strings.Join(code, "\n"))
	}
	return out
}

var inlineCode = regexp.MustCompile(`(?i)\sstyle=|<style|<script>|<script [^>]*>[^<]|\son[a-z]+=|javascript:`)

// TestWebNoInlineCode checks that no template has inline styles or
// scripts, which the Content-Security-Policy (script-src 'self', style-src
// 'self') would block anyway: pages must look and work as designed.
func TestWebNoInlineCode(t *testing.T) {
	files, err := fs.Glob(webFiles, "web/templates/*.html")
	require.NoError(t, err)
	for _, f := range files {
		data, err := webFiles.ReadFile(f)
		require.NoError(t, err)
		require.False(t, inlineCode.Match(data), "%s: %s", f, inlineCode.Find(data))
	}
}
