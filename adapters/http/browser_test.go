package http_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The end-to-end browser test: the whole story of a complaint in Debian's
// Chromium, driven over the DevTools protocol with chromedp, against the
// full handler (memory stores, see newWebEnv) on a loopback httptest
// server. Each role has its own browser context, so its own cookies.
//
// Screenshots of every page go to $FAIRSHOPS_ARTIFACTS/<test name>/ (or a
// temporary directory whose path the log shows); a failing step saves one
// more and prints the page's URL and visible text.
//
// Without chromium on PATH the test skips, unless FAIRSHOPS_REQUIRE_BROWSER=1
// (CI) makes that a failure.

const (
	// browserBudget bounds each browser test, browser start included: a
	// guard against a hung browser, not a speed target. The story takes
	// about 15 s alone, but the browser tests run in parallel with each
	// other and the rest of the package under -race, where a busy 2-core
	// machine stretches it several times over.
	browserBudget = 6 * time.Minute
	// stepBudget bounds one step (a page load, a click, a wait).
	stepBudget = 60 * time.Second
)

func TestBrowserStory(t *testing.T) {
	t.Parallel()
	chromium := findChromium(t)
	e := newWebEnv(t)
	s := startChromium(t, chromium, e.srv.URL)

	// 1. The consumer finds the shop's ID page and files a complaint: first
	// with mistakes, then right.
	consumer := s.tab("consumer")
	consumer.open("id-page", "/shops/demo-shop")
	consumer.see("h1", "Demo-Shop")
	consumer.see("#seal-title", "Siegel")
	consumer.do("choose the category", chromedp.Click(chromedp.CSS(`input[name="category"][value="withdrawal"]`), chromedp.NodeVisible))
	consumer.submit("complaint-form", `form[action="/shops/demo-shop/complaint"] button[type="submit"]`)
	consumer.see("h1", "Demo-Shop")
	// A consumer answers "bought as a private person": yes.
	consumer.tick("f-buyer-is-consumer-0")
	// Date controls take ISO dates, as the browser sends them; typing into
	// them depends on the browser's locale.
	consumer.do("fill the form with mistakes",
		chromedp.SetValue(chromedp.ID("f-order-date"), "2026-10-01"),
		chromedp.SetValue(chromedp.ID("f-delivery-date"), "2026-10-05"),
		chromedp.SetValue(chromedp.ID("f-withdrawal-declared-on"), "2026-10-12"),
		chromedp.SetValue(chromedp.ID("f-contacted-shop-on"), "2026-10-13"),
		chromedp.SetValue(chromedp.ID("f-goods-returned-on"), "2026-10-14"),
		chromedp.Click(chromedp.ID("f-informed-about-withdrawal-1"), chromedp.NodeVisible), // not informed
		chromedp.SendKeys(chromedp.ID("f-order-value-amount"), "-3"),
		chromedp.SetValue(chromedp.ID("f-desired-resolution"), "refund"),
		chromedp.SendKeys(chromedp.ID("f-description"), "Ich habe widerrufen und die Ware zurückgeschickt, aber kein Geld bekommen."),
		chromedp.SendKeys(chromedp.ID("f-contact-email"), "erika(at)example.org"),
		// The name is left out.
	)
	consumer.submitStatus("complaint-errors", `#complaint-form button[type="submit"]`, 422)
	consumer.see("#errsummary", "Bitte prüfen Sie Ihre Angaben")
	for _, f := range []struct{ id, reason string }{
		{"f-contact-name", "Angabe fehlt"},
		{"f-contact-email", "keine gültige E-Mail-Adresse"},
		{"f-order-value-amount", "darf nicht negativ sein"},
	} {
		consumer.fieldError(f.id, f.reason)
	}
	consumer.lacks("#f-order-date-err")
	consumer.value("f-contact-email", "erika(at)example.org")
	consumer.value("f-description", "Ich habe widerrufen und die Ware zurückgeschickt, aber kein Geld bekommen.")
	consumer.do("correct the mistakes",
		chromedp.Clear(chromedp.ID("f-contact-email")),
		chromedp.SendKeys(chromedp.ID("f-contact-email"), "erika@example.org"),
		chromedp.SendKeys(chromedp.ID("f-contact-name"), "Erika Muster"),
		chromedp.Clear(chromedp.ID("f-order-value-amount")),
		chromedp.SendKeys(chromedp.ID("f-order-value-amount"), "49,90"),
	)
	consumer.submit("filed", `#complaint-form button[type="submit"]`)
	consumer.see("h1", "Ihre Beschwerde ist eingegangen")
	link := consumer.text("#private-link")
	prefix := e.srv.URL + "/c/"
	if !strings.HasPrefix(link, prefix) || !strings.Contains(link, "?t=") {
		consumer.fail("the confirmation shows no private link: %q", link)
	}
	id := link[len(prefix):strings.Index(link, "?t=")]

	// 2. The shop logs in, finds the complaint in its inbox and answers.
	shop := s.tab("shop")
	shop.login("demo", "/shop")
	shop.see("h1", "Demo-Shop")
	shop.submit("complaint", `a[href="/shop/complaints/`+id+`"]`)
	shop.see("h1", id)
	shop.see("main", "Erika Muster", "erika@example.org", "49,90 EUR") // as corrected
	shop.do("write the answer", chromedp.SendKeys(chromedp.ID("f-body"), "Wir erstatten den Betrag, sobald die Ware geprüft ist."))
	shop.submit("answered", `form[action$="/messages"] button[type="submit"]`)
	shop.see(".thread", "Wir erstatten den Betrag")

	// 3. The consumer comes back with the private link, in a browser that
	// never saw the complaint: they click it in their webmail, another
	// site (localhost against the service's 127.0.0.1), so the browser
	// treats the navigation as cross-site. Then they ask for dispute
	// moderation.
	consumer = s.tab("consumer-link")
	consumer.openURL("webmail", webmail(t, link))
	consumer.submit("complaint", "#mail-link")
	consumer.see("h1", "Ihre Beschwerde")
	consumer.see(".thread", "Wir erstatten den Betrag")
	consumer.see("#state-title + dl", "vom Shop beantwortet")
	consumer.submit("mediation-requested", `form[action$="/mediation"] button[type="submit"]`)
	consumer.see("#case", "beantragt")

	// 4. The operator accepts the request; both sides state their view;
	// the operator generates the proposal and sends it.
	operator := s.tab("operator")
	operator.login("anna", "/operator")
	operator.submit("case", `a[href^="/operator/cases/"]`)
	operator.see("h1", "Streitfall")
	caseURL := operator.location()
	operator.submit("accepted", `form[action$="/accept"] button[type="submit"]`)
	operator.see(".notice", "Der Antrag wurde angenommen")

	consumer.open("case", "/c/"+id)
	consumer.do("write a statement", chromedp.SendKeys(chromedp.ID("f-text"), "Ich möchte den vollen Kaufpreis zurück."))
	consumer.submit("stated", `form[action$="/statement"] button[type="submit"]`)
	consumer.see("#case", "Ich möchte den vollen Kaufpreis zurück.")

	shop.open("case", "/shop/complaints/"+id)
	shop.do("write a statement", chromedp.SendKeys(chromedp.ID("f-text"), "Die Ware kam beschädigt zurück."))
	shop.submit("stated", `form[action$="/statement"] button[type="submit"]`)
	shop.see("#case", "Die Ware kam beschädigt zurück.")

	operator.openURL("file-complete", caseURL)
	operator.see("#statements + ol", "Ich möchte den vollen Kaufpreis zurück.", "Die Ware kam beschädigt zurück.")
	operator.submit("draft", `form[action$="/generate"] button[type="submit"]`)
	operator.see("#draft ~ .option", "Rechtsgrundlage")
	operator.submit("sent", `form[action$="/send"] button[type="submit"]`)
	operator.see("#proposals ~ .panel", "Vorschlag 1")

	// 5. The consumer accepts an option, the shop the same one.
	consumer.open("proposal", "/c/"+id)
	consumer.see("#case", "Vorschlag 1")
	option := consumer.attr(`#case input[name="option"]`, "value")
	consumer.do("choose an option", chromedp.Click(chromedp.CSS(`#case input[name="option"][value="`+option+`"]`), chromedp.NodeVisible))
	consumer.submit("accepted", `#case button[name="decision"][value="accept"]`)
	consumer.see("#case", "Kundin/Kunde hat Möglichkeit Erstattung")

	shop.open("proposal", "/shop/complaints/"+id)
	shop.do("choose the same option", chromedp.Click(chromedp.CSS(`#case input[name="option"][value="`+option+`"]`), chromedp.NodeVisible))
	shop.submit("accepted", `#case button[name="decision"][value="accept"]`)
	shop.see("#case .notice", "Einigung aus der Streitmoderation")

	// 6. The settlement shows on the consumer's page (and the operator's).
	consumer.open("settlement", "/c/"+id)
	consumer.see("#case .notice", "Einigung aus der Streitmoderation", "Option "+option,
		"Weil beide Seiten dieselbe Option angenommen haben, ist er jetzt für beide verbindlich.")
	operator.openURL("settled", caseURL)
	operator.see("#outcome + pre", "Einigung aus der Streitmoderation")

	for _, tab := range s.tabs {
		tab.noScriptErrors()
	}
}

// webmail serves a page on another site that links to target, as a
// webmail shows the mail with the private link, and returns its URL.
func webmail(t *testing.T, target string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="de"><title>Webmail</title><p>Ihr Link: <a id="mail-link" href="%s">Beschwerde ansehen</a></p></html>`,
			html.EscapeString(target))
	}))
	t.Cleanup(srv.Close)
	return strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
}

// findChromium returns the path of the browser, or skips the test; with
// FAIRSHOPS_REQUIRE_BROWSER=1 a missing browser fails it.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("FAIRSHOPS_REQUIRE_BROWSER") == "1" {
		t.Fatal("no chromium on PATH, and FAIRSHOPS_REQUIRE_BROWSER=1 requires the browser test: apt-get install chromium")
	}
	t.Skip("no chromium on PATH: browser test skipped (apt-get install chromium to run it)")
	return ""
}

// chromiumSession is one headless Chromium for a test, with the directory
// its screenshots go to.
type chromiumSession struct {
	t    *testing.T
	base string          // the server's URL
	ctx  context.Context // the browser's, bounded by browserBudget
	dir  string
	// keep: screenshots of every step are kept (FAIRSHOPS_ARTIFACTS is set,
	// as in CI); otherwise only the one of a failure is taken, since a
	// full-page PNG per step costs more than the step itself.
	keep   bool
	shots  int
	output *lockedBuffer // what Chromium printed
	tabs   []*chromiumTab
}

// startChromium starts the browser with the flags this machine needs (no
// sandbox as root, no GPU, and no background networking, which the closed
// network would refuse) and a fresh profile, in German.
func startChromium(t *testing.T, path, base string) *chromiumSession {
	t.Helper()
	s := &chromiumSession{t: t, base: base, dir: artifactsDir(t), output: &lockedBuffer{},
		keep: os.Getenv("FAIRSHOPS_ARTIFACTS") != ""}
	ctx, cancel := context.WithTimeout(context.Background(), browserBudget)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "de-DE"),
		chromedp.Flag("accept-lang", "de-DE,de"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(s.output),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		bcancel()
		acancel()
		cancel()
	})
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start %s: %v\n%s", path, err, s.output)
	}
	s.ctx = bctx
	return s
}

// artifactsDir is where the screenshots go: $FAIRSHOPS_ARTIFACTS/<test>,
// or a temporary directory.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if root := os.Getenv("FAIRSHOPS_ARTIFACTS"); root != "" {
		dir = filepath.Join(root, t.Name())
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatalf("artefact directory: %v", err)
		}
		// Screenshots of an earlier run would mix with this one's.
		old, err := filepath.Glob(filepath.Join(dir, "*.png"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range old {
			if err := os.Remove(f); err != nil {
				t.Fatalf("artefact directory: %v", err)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// chromiumTab is one role's tab, in a browser context of its own (its own
// cookies).
type chromiumTab struct {
	s    *chromiumSession
	role string
	ctx  context.Context

	mu      sync.Mutex
	scripts []string // uncaught script errors
}

func (s *chromiumSession) tab(role string) *chromiumTab {
	s.t.Helper()
	b := &chromiumTab{s: s, role: role}
	ctx, cancel := chromedp.NewContext(s.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(b.listen))
	s.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		s.t.Fatalf("%s: open a tab: %v\n%s", role, err, s.output)
	}
	b.ctx = ctx
	s.tabs = append(s.tabs, b)
	return b
}

// listen notes the page's uncaught script errors; it runs on chromedp's
// event loop, so it only records.
func (b *chromiumTab) listen(ev any) {
	if ex, ok := ev.(*runtime.EventExceptionThrown); ok && ex.ExceptionDetails != nil {
		d := ex.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text = d.Exception.Description
		}
		b.mu.Lock()
		b.scripts = append(b.scripts, fmt.Sprintf("%s:%d: %s", d.URL, d.LineNumber+1, text))
		b.mu.Unlock()
	}
}

func (b *chromiumTab) noScriptErrors() {
	b.s.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.scripts) > 0 {
		b.s.t.Errorf("%s: script errors:\n%s", b.role, strings.Join(b.scripts, "\n"))
	}
}

// step runs the action with a context bounded by stepBudget; an error
// fails the test with the page's text.
func step[T any](b *chromiumTab, what string, a chromedp.Action[T]) T {
	b.s.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepBudget)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.fail("%s: %v", what, err)
	}
	return v
}

// do runs actions that stay on the page.
func (b *chromiumTab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.s.t.Helper()
	step(b, what, chromedp.Steps(actions...))
}

// open loads a page of the server, expects 200 and takes a screenshot.
func (b *chromiumTab) open(name, path string) { b.s.t.Helper(); b.openURL(name, b.s.base+path) }

func (b *chromiumTab) openURL(name, url string) {
	b.s.t.Helper()
	resp := step(b, "open "+url, chromedp.NavigateResponse(url))
	b.shot(name)
	if resp.Status != 200 {
		b.fail("open %s: status %d", url, resp.Status)
	}
}

// submit clicks a button or link that loads another page, expects 200 in
// the end (after a redirect) and takes a screenshot.
func (b *chromiumTab) submit(name, selector string) {
	b.s.t.Helper()
	b.submitStatus(name, selector, 200)
}

func (b *chromiumTab) submitStatus(name, selector string, status int64) {
	b.s.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepBudget)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector), chromedp.NodeVisible))
	if err != nil {
		b.fail("click %s: %v", selector, err)
	}
	b.shot(name)
	if resp.Status != status {
		b.fail("click %s: status %d, want %d", selector, resp.Status, status)
	}
}

// login signs in on the login page and checks where it lands.
func (b *chromiumTab) login(login, landing string) {
	b.s.t.Helper()
	b.open("login", "/login")
	b.do("fill the login form",
		chromedp.SendKeys(chromedp.ID("f-login"), login),
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword))
	b.submit("logged-in", `form[action="/login"] button[type="submit"]`)
	if got := b.location(); got != b.s.base+landing {
		b.fail("after the login: at %s, want %s", got, b.s.base+landing)
	}
}

func (b *chromiumTab) location() string {
	b.s.t.Helper()
	return step(b, "location", chromedp.Location())
}

// text returns the visible text of the element.
func (b *chromiumTab) text(selector string) string {
	b.s.t.Helper()
	return strings.TrimSpace(step(b, "read "+selector, chromedp.Text(chromedp.CSS(selector), chromedp.NodeVisible)))
}

// see waits for the element to be visible and checks that its text holds
// every want.
func (b *chromiumTab) see(selector string, want ...string) {
	b.s.t.Helper()
	got := b.text(selector)
	for _, w := range want {
		if !strings.Contains(got, w) {
			b.fail("%s does not show %q; it shows %q", selector, w, got)
		}
	}
}

// lacks checks that no element matches.
func (b *chromiumTab) lacks(selector string) {
	b.s.t.Helper()
	n := step(b, "count "+selector, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", selector)))
	if n != 0 {
		b.fail("%s is on the page", selector)
	}
}

func (b *chromiumTab) attr(selector, name string) string {
	b.s.t.Helper()
	a := step(b, "read "+selector, chromedp.AttributeValue(chromedp.CSS(selector), name))
	if !a.Exists {
		b.fail("%s has no %s", selector, name)
	}
	return a.Value
}

// tick checks a checkbox with a click unless it is checked already.
func (b *chromiumTab) tick(id string) {
	b.s.t.Helper()
	if !step(b, "read #"+id, chromedp.JavascriptAttribute[bool](chromedp.ID(id), "checked")) {
		b.do("tick #"+id, chromedp.Click(chromedp.ID(id), chromedp.NodeVisible))
	}
	if !step(b, "read #"+id, chromedp.JavascriptAttribute[bool](chromedp.ID(id), "checked")) {
		b.fail("#%s stays unchecked", id)
	}
}

// value checks what a form control holds.
func (b *chromiumTab) value(id, want string) {
	b.s.t.Helper()
	if got := step(b, "value of "+id, chromedp.Value(chromedp.ID(id))); got != want {
		b.fail("#%s holds %q, want %q", id, got, want)
	}
}

// fieldError checks that the control's error is shown next to it: visible,
// in the same field as the control, tied to it with aria-describedby,
// the control marked invalid, and the error summary linking to it.
func (b *chromiumTab) fieldError(id, reason string) {
	b.s.t.Helper()
	b.see("#"+id+"-err", reason)
	check := fmt.Sprintf(`(() => {
		const c = document.getElementById(%[1]q), e = document.getElementById(%[1]q + "-err");
		const problems = [];
		if (!c || !e) return ["control or error missing"];
		if (!e.closest(".field") || e.closest(".field") !== c.closest(".field")) problems.push("error not in the control's field");
		if (!(c.getAttribute("aria-describedby") || "").split(" ").includes(e.id)) problems.push("aria-describedby lacks the error");
		if (c.getAttribute("aria-invalid") !== "true") problems.push("control not aria-invalid");
		if (!document.querySelector("#errsummary a[href='#" + c.id + "']")) problems.push("no link in the error summary");
		const ce = c.getBoundingClientRect(), er = e.getBoundingClientRect();
		if (er.height === 0 || Math.abs(er.top - ce.top) > 200) problems.push("error not shown near the control");
		return problems;
	})()`, id)
	if problems := step(b, "check the error of "+id, chromedp.Evaluate[[]string](check)); len(problems) > 0 {
		b.fail("#%s: %s", id, strings.Join(problems, "; "))
	}
}

// shot saves a screenshot of the whole page as NN-role-name.png (every
// step's when the session keeps them, else only the failure's).
func (b *chromiumTab) shot(name string) {
	b.s.t.Helper()
	b.s.shots++
	if !b.s.keep && name != "failed" {
		return
	}
	file := filepath.Join(b.s.dir, fmt.Sprintf("%02d-%s-%s.png", b.s.shots, b.role, name))
	ctx, cancel := context.WithTimeout(b.ctx, stepBudget)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.s.t.Errorf("%s: screenshot %s: %v", b.role, name, err)
		return
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.s.t.Errorf("%s: %v", b.role, err)
	}
}

// fail ends the test with the page's URL and visible text, and a last
// screenshot.
func (b *chromiumTab) fail(format string, args ...any) {
	b.s.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		url = "(unknown: " + err.Error() + ")"
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if err != nil {
		text = "(unknown: " + err.Error() + ")"
	}
	b.shot("failed")
	b.s.t.Fatalf("%s: %s\nURL: %s\npage text:\n%s", b.role, fmt.Sprintf(format, args...), url, text)
}

// lockedBuffer collects Chromium's output, written from another goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
