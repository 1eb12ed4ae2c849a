package http_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The accessibility test: axe-core (the engine of the browser extensions
// and of @axe-core/cli) checks every page a consumer, a shop and the
// operator meet, in German and in English, in the same Chromium as the
// browser story (browser_test.go). A serious or critical violation fails
// the test; moderate and minor ones are logged. The operator's pages and
// the shop's inbox must also work on a phone: 390 px wide without
// sideways scrolling. See docs/adr-accessibility.md.
//
// axe-core is an npm package, not a Go module: FAIRSHOPS_AXE names its
// axe.min.js (.ci/run installs the version .ci/axe/package-lock.json pins).
// Without it the test skips, unless FAIRSHOPS_REQUIRE_BROWSER=1 (CI) makes
// that a failure.

// phoneWidth is the viewport the operator's pages must fit: the 390 CSS
// pixels of an iPhone 12 to 15, a common phone width.
const phoneWidth, phoneHeight = 390, 844

// findAxe returns the source of axe.min.js, or skips the test; with
// FAIRSHOPS_REQUIRE_BROWSER=1 a missing axe fails it.
func findAxe(t *testing.T) string {
	t.Helper()
	path := os.Getenv("FAIRSHOPS_AXE")
	if path == "" {
		const how = "(cd .ci/axe && npm ci) && FAIRSHOPS_AXE=$PWD/.ci/axe/node_modules/axe-core/axe.min.js go test ./adapters/http -run TestBrowserAccessibility"
		if os.Getenv("FAIRSHOPS_REQUIRE_BROWSER") == "1" {
			t.Fatal("FAIRSHOPS_AXE is not set, and FAIRSHOPS_REQUIRE_BROWSER=1 requires the accessibility test: " + how)
		}
		t.Skip("FAIRSHOPS_AXE is not set: accessibility test skipped; to run it: " + how)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("FAIRSHOPS_AXE: %v", err)
	}
	return string(src)
}

func TestBrowserAccessibility(t *testing.T) {
	t.Parallel()
	axe := findAxe(t)
	chromium := findChromium(t)
	e := newWebEnv(t)
	for _, lang := range []string{"de", "en"} {
		t.Run(lang, func(t *testing.T) {
			// Five browsers in turn, each within browserBudget: the
			// public pages, the logged-in pages on a desktop, the same on
			// a phone, and the rest of the pages on a desktop and a phone.
			a := &axeRun{axe: axe}
			var link, id, caseURL string
			session := func(name string, pages func(s *chromiumSession)) {
				t.Helper()
				if !t.Run(name, func(t *testing.T) {
					s := startChromium(t, chromium, e.srv.URL)
					pages(s)
					for _, tab := range s.tabs {
						tab.noScriptErrors()
					}
				}) {
					t.FailNow()
				}
			}
			t.Cleanup(func() { t.Logf("axe-core violations per page (%s):\n%s", lang, a.summary()) })

			// The consumer: start page, ID page, the form empty and with
			// errors, the confirmation, the complaint's page, the portal.
			session("public", func(s *chromiumSession) {
				consumer := s.tab("consumer")
				a.canary(consumer)
				consumer.language(lang)
				a.check(consumer, "start", "/")
				a.check(consumer, "id-page", "/shops/demo-shop")
				a.check(consumer, "form", "/shops/demo-shop/complaint?category=withdrawal")
				consumer.submitStatus("form-errors", `#complaint-form button[type="submit"]`, 422)
				consumer.see("#errsummary")
				a.run(consumer, "form-errors")
				consumer.tick("f-buyer-is-consumer-0")
				consumer.do("fill the form",
					chromedp.SetValue(chromedp.ID("f-order-date"), "2026-10-01"),
					chromedp.SetValue(chromedp.ID("f-delivery-date"), "2026-10-05"),
					chromedp.SetValue(chromedp.ID("f-withdrawal-declared-on"), "2026-10-12"),
					chromedp.SetValue(chromedp.ID("f-contacted-shop-on"), "2026-10-13"),
					chromedp.SetValue(chromedp.ID("f-goods-returned-on"), "2026-10-14"),
					chromedp.SetValue(chromedp.ID("f-desired-resolution"), "refund"),
					chromedp.SetValue(chromedp.ID("f-order-value-amount"), "49"),
					chromedp.SetValue(chromedp.ID("f-description"), "Ich habe widerrufen, aber kein Geld bekommen."),
					chromedp.SetValue(chromedp.ID("f-contact-email"), "erika@example.org"),
					chromedp.SetValue(chromedp.ID("f-contact-name"), "Erika Muster"),
				)
				consumer.tick("f-informed-about-withdrawal-0")
				consumer.submit("filed", `#complaint-form button[type="submit"]`)
				consumer.see("#private-link")
				a.run(consumer, "filed")
				link = consumer.text("#private-link")
				id = link[len(e.srv.URL+"/c/"):strings.Index(link, "?t=")]
				consumer.openURL("case", link)
				a.run(consumer, "case")
				a.check(consumer, "portal-search", "/portal?q=widerruf")
				a.check(consumer, "article", "/portal/widerrufsfrist")
				a.check(consumer, "login", "/login")
			})

			// The shop's inbox and the operator's console on a desktop;
			// the shop answers, so that the consumer can ask for dispute
			// moderation and the operator's case page has a case.
			session("desktop", func(s *chromiumSession) {
				shop := s.tab("shop")
				shop.language(lang)
				shop.login(shopLogin, "/shop")
				a.run(shop, "shop-inbox")
				a.check(shop, "shop-complaint", "/shop/complaints/"+id)
				shop.do("write the answer", chromedp.SendKeys(chromedp.ID("f-body"), "Wir erstatten den Betrag."))
				shop.submit("answered", `form[action$="/messages"] button[type="submit"]`)
				consumer := s.tab("consumer")
				consumer.language(lang)
				consumer.openURL("case", link)
				consumer.submit("mediation-requested", `form[action$="/mediation"] button[type="submit"]`)
				consumer.see("#case")
				a.run(consumer, "case-mediation")
				operator := s.tab("operator")
				operator.language(lang)
				operator.login(operatorLogin, "/operator")
				a.run(operator, "operator-queue")
				a.check(operator, "operator-dashboard", "/operator/dashboard")
				a.check(operator, "operator-complaint", "/operator/complaints/"+id)
				a.check(operator, "operator-shops", "/operator/shops")
				operator.open("operator-queue", "/operator")
				operator.submit("operator-case", `a[href^="/operator/cases/"]`)
				caseURL = operator.location()
				a.run(operator, "operator-case")
			})

			// The same on a phone.
			session("phone", func(s *chromiumSession) {
				shop := s.tab("shop-phone")
				shop.phone()
				shop.language(lang)
				shop.login(shopLogin, "/shop")
				a.fits(shop, "shop-inbox")
				shop.open("shop-complaint", "/shop/complaints/"+id)
				a.fits(shop, "shop-complaint")
				operator := s.tab("operator-phone")
				operator.phone()
				operator.language(lang)
				operator.login(operatorLogin, "/operator")
				a.fits(operator, "operator-queue")
				for _, p := range []struct{ name, path string }{
					{"operator-dashboard", "/operator/dashboard"},
					{"operator-complaint", "/operator/complaints/" + id},
					{"operator-case", strings.TrimPrefix(caseURL, e.srv.URL)},
					{"operator-shops", "/operator/shops"},
					{"operator-shop", "/operator/shops/demo-shop"},
				} {
					operator.open(p.name, p.path)
					a.fits(operator, p.name)
				}
			})

			// The rest of the shop's and the operator's pages, and the
			// public pages that only show in a particular case: a shop
			// without the seal, a page that is not there.
			more := []string{"/operator/shops/demo-shop", "/operator/catalogue", "/operator/rechecks",
				"/operator/outbox", "/operator/articles", "/operator/articles/_new", "/operator/articles/widerrufsfrist"}
			session("more", func(s *chromiumSession) {
				consumer := s.tab("consumer")
				consumer.language(lang)
				a.check(consumer, "id-page-no-seal", "/shops/no-seal")
				consumer.openStatus("not-found", "/no-such-page", 404)
				a.run(consumer, "not-found")
				shop := s.tab("shop")
				shop.language(lang)
				shop.login(shopLogin, "/shop")
				for _, path := range []string{"/shop/assessment", "/shop/keys"} {
					a.check(shop, pageName(path), path)
				}
				operator := s.tab("operator")
				operator.language(lang)
				operator.login(operatorLogin, "/operator")
				for _, path := range more {
					a.check(operator, pageName(path), path)
				}
			})
			session("more-phone", func(s *chromiumSession) {
				operator := s.tab("operator-phone")
				operator.phone()
				operator.language(lang)
				operator.login(operatorLogin, "/operator")
				for _, path := range more {
					operator.open(pageName(path), path)
					operator.fits(pageName(path))
				}
			})
		})
	}
}

// pageName names a page after its path, for the log and the screenshots.
func pageName(path string) string {
	return strings.ReplaceAll(strings.Trim(path, "/"), "/", "-")
}

// openStatus loads a page of the server and expects the status.
func (b *chromiumTab) openStatus(name, path string, status int64) {
	b.s.t.Helper()
	resp := step(b, "open "+path, chromedp.NavigateResponse(b.s.base+path))
	b.shot(name)
	if resp.Status != status {
		b.fail("open %s: status %d, want %d", path, resp.Status, status)
	}
}

// language switches the tab's language with the page's own switch, which
// keeps the choice in a cookie.
func (b *chromiumTab) language(lang string) {
	b.s.t.Helper()
	b.open("lang-"+lang, "/lang/"+lang)
	if got := b.attr("html", "lang"); got != lang {
		b.fail("after /lang/%s the page is in %q", lang, got)
	}
}

// phone makes the tab's viewport a phone's.
func (b *chromiumTab) phone() {
	b.s.t.Helper()
	b.do("emulate a phone", chromedp.EmulateViewport(phoneWidth, phoneHeight))
}

// fits checks that the page needs no sideways scrolling, and names the
// elements that stick out if it does.
func (b *chromiumTab) fits(name string) {
	b.s.t.Helper()
	const check = `(() => {
		const w = window.innerWidth, d = document.documentElement;
		if (d.scrollWidth <= w) return [];
		const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
			(typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
		const out = [];
		for (const el of document.body.querySelectorAll("*")) {
			const r = el.getBoundingClientRect(), p = el.parentElement;
			if (r.right > w + 0.5 && p && p.getBoundingClientRect().right <= w + 0.5) {
				out.push(name(el) + " ends at " + Math.round(r.right) + " px");
			} else if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && getComputedStyle(el).overflowX === "visible" &&
				![...el.children].some(c => c.scrollWidth > c.clientWidth + 1)) {
				out.push(name(el) + "'s content is " + el.scrollWidth + " px wide in " + el.clientWidth + " px");
			}
		}
		return ["page " + d.scrollWidth + " px wide in a " + w + " px viewport", ...out.slice(0, 10)];
	})()`
	if problems := step(b, "measure "+name, chromedp.Evaluate[[]string](check)); len(problems) > 0 {
		b.s.t.Errorf("%s: %s scrolls sideways at %d px: %s", b.role, name, phoneWidth, strings.Join(problems, "; "))
	}
}

// fits checks that the tab's current page fits a phone and runs axe on
// it in its phone layout.
func (a *axeRun) fits(b *chromiumTab, name string) {
	b.s.t.Helper()
	b.fits(name)
	a.run(b, name+"@390")
}

// axeRun runs axe-core on pages and keeps the count of violations per
// page for the summary.
type axeRun struct {
	axe    string // axe.min.js
	counts []string
}

// axeViolation is one rule that failed, as axe.run reports it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	Nodes  []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeScript runs every rule axe-core runs by default (WCAG 2.0, 2.1 and
// 2.2 A and AA, and best practices) on the whole document. Besides the
// violations it names the rules axe could not decide (incomplete: "needs
// review", such as contrast over a background image), for the log.
const axeScript = `axe.run(document, {resultTypes: ["violations"]}).then(r => ({
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : String(t)).join(" "),
			html: n.html, summary: n.failureSummary || "",
		})),
	})),
	review: r.incomplete.map(v => v.id),
}))`

// axeResult is what axeScript returns.
type axeResult struct {
	Violations []axeViolation `json:"violations"`
	Review     []string       `json:"review"`
}

// check opens the page and runs axe on it.
func (a *axeRun) check(b *chromiumTab, name, path string) {
	b.s.t.Helper()
	b.open(name, path)
	a.run(b, name)
}

// run checks the tab's current page: serious and critical violations
// fail the test, the others are logged.
func (a *axeRun) run(b *chromiumTab, name string) {
	b.s.t.Helper()
	start := time.Now()
	res := a.violations(b, name)
	took := time.Since(start)
	vs := res.Violations
	var fail, note strings.Builder
	serious, nodes := 0, 0
	for _, v := range vs {
		nodes += len(v.Nodes)
		w := &note
		if v.Impact == "serious" || v.Impact == "critical" {
			w, serious = &fail, serious+len(v.Nodes)
		}
		fmt.Fprintf(w, "\n  %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.URL)
		for _, n := range v.Nodes {
			fmt.Fprintf(w, "\n    - %s\n      %s", n.Target, n.HTML)
			if n.Summary != "" {
				fmt.Fprintf(w, "\n      %s", strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
		}
	}
	line := fmt.Sprintf("%-34s %2d rules, %2d elements, %2d serious or critical (%.1f s)", name, len(vs), nodes, serious, took.Seconds())
	if len(res.Review) > 0 {
		line += "; needs review: " + strings.Join(res.Review, ", ")
	}
	a.counts = append(a.counts, line)
	if note.Len() > 0 {
		b.s.t.Logf("%s: %s: moderate or minor accessibility problems:%s", b.role, name, note.String())
	}
	if fail.Len() > 0 {
		b.s.t.Errorf("%s: %s (%s): serious or critical accessibility violations:%s", b.role, name, b.location(), fail.String())
	}
}

// violations injects axe into the tab's current page, unless it is there,
// and runs it.
func (a *axeRun) violations(b *chromiumTab, name string) axeResult {
	b.s.t.Helper()
	if !step(b, "look for axe", chromedp.Evaluate[bool](`typeof axe !== "undefined"`)) {
		step(b, "inject axe", chromedp.Evaluate[bool](a.axe+"\n;true"))
	}
	return step(b, "run axe on "+name, chromedp.Evaluate[axeResult](axeScript, chromedp.EvalAwaitPromise))
}

// canary proves that the check can fail: a page with known faults must
// show them as serious or critical.
func (a *axeRun) canary(b *chromiumTab) {
	b.s.t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><title>Canary</title><main><h1>Canary</h1>`+
			`<img src="data:,"><input type="text"><p style="color:#bbb">faint</p></main></html>`)
	}))
	defer srv.Close()
	b.openURL("canary", srv.URL)
	found := map[string]bool{}
	for _, v := range a.violations(b, "canary").Violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			found[v.ID] = true
		}
	}
	for _, rule := range []string{"html-has-lang", "image-alt", "label", "color-contrast"} {
		if !found[rule] {
			b.s.t.Errorf("axe finds no %s violation on a page made to have one (found %v)", rule, found)
		}
	}
}

func (a *axeRun) summary() string { return "  " + strings.Join(a.counts, "\n  ") }
