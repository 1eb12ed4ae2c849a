package portal_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/portal"
)

func TestRenderMarkdown(t *testing.T) {
	t.Parallel()
	got, err := portal.RenderMarkdown("## Worum es geht\n\nDie *Frist* beträgt [14 Tage](/portal/widerrufsfrist) (siehe <https://www.gesetze-im-internet.de/bgb/>).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
	require.NoError(t, err)
	want := `<h2>Worum es geht</h2>
<p>Die <em>Frist</em> beträgt <a href="/portal/widerrufsfrist">14 Tage</a> (siehe <a href="https://www.gesetze-im-internet.de/bgb/">https://www.gesetze-im-internet.de/bgb/</a>).</p>
<table>
<thead>
<tr>
<th>a</th>
<th>b</th>
</tr>
</thead>
<tbody>
<tr>
<td>1</td>
<td>2</td>
</tr>
</tbody>
</table>
`
	require.Equal(t, want, string(got))
}

// TestRenderMarkdownXSS feeds markup attacks to the renderer: no script,
// event handler or dangerous URL may come out unescaped.
func TestRenderMarkdownXSS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
	}{
		{"script block", "<script>alert(1)</script>\n"},
		{"script inline", "Text <script>alert(1)</script> Text\n"},
		{"script in heading", "# Titel <script>alert(1)</script>\n"},
		{"img onerror", "<img src=x onerror=alert(1)>\n"},
		{"iframe", "<iframe src=\"https://evil.example\"></iframe>\n"},
		{"svg onload", "a <svg onload=alert(1)> b\n"},
		{"javascript link", "[klick](javascript:alert(1))\n"},
		{"javascript link upper case", "[klick](JaVaScRiPt:alert(1))\n"},
		{"javascript link entity encoded", "[klick](&#106;avascript:alert(1))\n"},
		{"javascript link percent encoded scheme", "[klick](javascript%3Aalert(1))\n"},
		{"javascript link in angle brackets", "[klick](<javascript:alert(1)>)\n"},
		{"javascript link with tab", "[klick](java\tscript:alert(1))\n"},
		{"javascript autolink", "<javascript:alert(1)>\n"},
		{"javascript reference link", "[klick][x]\n\n[x]: javascript:alert(1)\n"},
		{"vbscript link", "[klick](vbscript:msgbox(1))\n"},
		{"data link", "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n"},
		{"image javascript", "![bild](javascript:alert(1))\n"},
		{"image with title quote", "![a](https://x.example/a.png \"\\\" onerror=alert(1) x=\\\"\")\n"},
		{"link title quote", "[a](https://x.example \"\\\" onmouseover=alert(1) x=\\\"\")\n"},
		{"html comment", "<!-- <script>alert(1)</script> -->\n"},
		{"code span keeps text escaped", "`<script>alert(1)</script>`\n"},
		{"fenced code", "```\n<script>alert(1)</script>\n```\n"},
		{"table cell", "| a |\n|---|\n| <script>alert(1)</script> |\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := portal.RenderMarkdown(tc.src)
			require.NoError(t, err)
			out := strings.ToLower(string(got))
			for _, bad := range []string{"<script", "<img", "<iframe", "<svg", "<a href=\"\""} {
				require.NotContains(t, out, bad)
			}
			require.NotRegexp(t, `"\s*on\w+\s*=`, out, "an attribute escaped its quotes")
			// Every emitted URL, as a browser decodes it, has a safe scheme.
			for _, m := range regexp.MustCompile(`(?:href|src)="([^"]*)"`).FindAllStringSubmatch(out, -1) {
				u := strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, html.UnescapeString(m[1]))
				for _, scheme := range []string{"javascript:", "vbscript:", "data:", "file:"} {
					require.False(t, strings.HasPrefix(u, scheme), "unsafe URL %q in %s", m[1], got)
				}
			}
		})
	}
}

func TestValidateRejectsMarkup(t *testing.T) {
	t.Parallel()
	lib := fixture(t)
	a, _ := lib.Article("porto")
	a.Translations[0].Body = "Text <b>fett</b>.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) ![bild](https://x.example/a.png)\n"
	err := portal.Validate(a, lib.Topics, nil)
	var ve *fairshops.ValidationError
	require.ErrorAs(t, err, &ve)
	var codes []string
	for _, f := range ve.Fields {
		require.Equal(t, "translations.de.body", f.Field)
		codes = append(codes, f.Code)
	}
	require.Equal(t, []string{"markup", "markup", "markup", "invalid_format", "not_allowed"}, codes)
}

func TestTranslationHTML(t *testing.T) {
	t.Parallel()
	tr := portal.Translation{Body: "Hallo <em>Welt</em> & *du*"}
	require.Equal(t, "<p>Hallo <!-- raw HTML omitted -->Welt<!-- raw HTML omitted --> &amp; <em>du</em></p>\n", string(tr.HTML()))
}
