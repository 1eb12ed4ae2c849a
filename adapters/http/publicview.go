package http

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The public view of a shop (GET /api/v1/shops/{shop}) and its ID page
// (GET /shops/{shop}) are what every visitor of every sealed shop opens: the
// seal in the shop's footer links there. They are served from a small cache
// of encoded views with an ETag that is a digest of the public view only, so
// a revalidation (If-None-Match) costs a map lookup and a 304.
// docs/adr-public-view-cache.md argues the choices:
//   - an entry is the view of one shop on one day (the view depends on the
//     day: bookings and the seal's validity run out);
//   - a change made through this process's Registry (a booking, the seal,
//     the name, anything) makes every entry stale at once (Registry.Changes),
//     so this node never serves a view older than its own last change;
//   - a change made by another node on the shared database shows after at
//     most viewTTL, when the entry is read again from the store;
//   - at most viewCacheSize entries, the least recently used go first.

const (
	viewTTL       = time.Second
	viewCacheSize = 4096
	// viewCacheControl: a visitor's browser and any shared cache keep the
	// answer but revalidate it every time (the seal's status is a claim
	// the operator must be able to withdraw at once); the 304 is cheap.
	viewCacheControl = "public, no-cache"
)

// viewKey names an entry: a shop on a day.
type viewKey struct {
	shop string
	day  fairshops.Date
}

// viewEntry is the public view of a shop on a day, encoded.
type viewEntry struct {
	key  viewKey
	view fairshops.View // read-only: shared by every request
	body []byte         // the JSON answer, as writeJSON writes it
	etag string         // a strong ETag: a digest of body
	// etagHeader is etag as a header value; nobody may write into it.
	etagHeader []string
	changes    uint64    // Registry.Changes when the view was read
	read       time.Time // when it was read from the store
}

// viewCache is a bounded LRU of viewEntry, safe for concurrent use.
type viewCache struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	order *list.List // of *viewEntry, most recently used first
	items map[viewKey]*list.Element
}

func newViewCache(max int, ttl time.Duration) *viewCache {
	return &viewCache{max: max, ttl: ttl, order: list.New(), items: map[viewKey]*list.Element{}}
}

// view returns the shop's public view today, from the cache when its entry
// is fresh: no change through reg since it was read, and younger than the
// TTL. Otherwise it reads the view from the store and keeps it.
func (c *viewCache) view(ctx context.Context, reg *fairshops.Registry, now time.Time, id string) (*viewEntry, error) {
	key := viewKey{shop: id, day: reg.Today()}
	changes := reg.Changes() // before the read: a change during it makes the entry stale
	if e := c.fresh(key, changes, now); e != nil {
		return e, nil
	}

	v, err := reg.View(ctx, id)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	body = append(body, '\n')
	etag := strongETag(body)
	e := &viewEntry{key: key, view: v, body: body, etag: etag, etagHeader: []string{etag}, changes: changes, read: now}

	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		// Another request read it meanwhile: keep the newer read.
		if old := el.Value.(*viewEntry); old.changes > e.changes {
			return e, nil
		}
		el.Value = e
		c.order.MoveToFront(el)
		return e, nil
	}
	c.items[key] = c.order.PushFront(e)
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*viewEntry).key)
	}
	return e, nil
}

// fresh returns the entry of key when it is fresh (no change through the
// registry since its read, younger than the TTL), else nil.
func (c *viewCache) fresh(key viewKey, changes uint64, now time.Time) *viewEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		e := el.Value.(*viewEntry)
		if e.changes == changes && now.Sub(e.read) < c.ttl && !now.Before(e.read) {
			c.order.MoveToFront(el)
			return e
		}
	}
	return nil
}

// publicViewPrefix is the path of the public views without the shop.
const publicViewPrefix = "/api/v1/shops/"

// cachedView returns the fresh cache entry of the shop when r is a plain
// GET /api/v1/shops/{shop} (no query, no escaped path, one segment) and
// the route allows answering it before routing (fastView: registered for
// anyone, no parameters), else nil. For such a request the route's guard
// reads nothing (no credential; the lang parameter is absent), so the
// entry's answer is the route's answer.
func (h *Handler) cachedView(r *http.Request) *viewEntry {
	if !h.fastView || r.Method != http.MethodGet || r.URL.RawQuery != "" ||
		r.URL.RawPath != "" || !strings.HasPrefix(r.URL.Path, publicViewPrefix) {
		return nil
	}
	id := r.URL.Path[len(publicViewPrefix):]
	if id == "" || strings.ContainsAny(id, "/%") || id == "." || id == ".." {
		return nil
	}
	return h.views.fresh(viewKey{shop: id, day: h.reg.Today()}, h.reg.Changes(), h.clock.Now())
}

// revalidated answers a revalidation of a shop's public view with 304
// before any other work (no route matching, no guard, no store, not even
// the security headers of a body): when r is a plain GET
// /api/v1/shops/{shop} whose If-None-Match names the ETag of a fresh cache
// entry. It answers what h.shop would answer, and reports whether it did;
// anything else goes the usual way.
func (h *Handler) revalidated(w http.ResponseWriter, r *http.Request) bool {
	if len(r.Header["If-None-Match"]) == 0 {
		return false
	}
	e := h.cachedView(r)
	if e == nil || !notModified(r, e.etag) {
		return false
	}
	r.Pattern = fastViewRoute // as routing would set it (access logs, metrics)
	h.notModifiedView(w, e)
	return true
}

// servedView answers a plain GET of a shop's public view from a fresh
// cache entry before routing (the 200: with every header of an answer
// with a body), and reports whether it did.
func (h *Handler) servedView(w http.ResponseWriter, r *http.Request) bool {
	e := h.cachedView(r)
	if e == nil {
		return false
	}
	r.Pattern = fastViewRoute // as routing would set it (access logs, metrics)
	h.defaultHeaders(w)
	writeView(w, e)
	return true
}

// writeView writes the 200 of the public view e.
func writeView(w http.ResponseWriter, e *viewEntry) {
	hd := w.Header()
	hd["Etag"] = e.etagHeader // canonical keys, slices built once per entry
	hd["Cache-Control"] = viewCacheControlHeader
	hd["Content-Type"] = jsonContentType
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(e.body)
}

// notModifiedView answers 304 for the public view e, with exactly the
// headers such a 304 carries (docs/adr-public-view-cache.md, "What a 304
// carries"): the validator and the cache directives of the 200 (ETag,
// Cache-Control; the 200 sends no Vary, Content-Location or Expires), and
// Strict-Transport-Security, a policy of the host rather than of a body.
// The other security headers (CSP, nosniff, frame, referrer, opener,
// resource and permissions policies) govern a body, and a 304 has none:
// the client applies the stored 200's, which carried them. They are
// removed when ServeHTTP set them already (the route's own 304), so both
// ways answer alike.
func (h *Handler) notModifiedView(w http.ResponseWriter, e *viewEntry) {
	hd := w.Header()
	for _, kv := range securityHeaderValues {
		delete(hd, kv.key)
	}
	hd["Etag"] = e.etagHeader // canonical keys, slices built once
	hd["Cache-Control"] = viewCacheControlHeader
	if !h.insecureCookies {
		hd["Strict-Transport-Security"] = hstsValue
	}
	w.WriteHeader(http.StatusNotModified)
}

// fastViewRoute is the route revalidated and servedView answer before
// routing; it must be registered for anyone (no credential read), or the
// early answers are off.
const fastViewRoute = "GET /api/v1/shops/{shop}"

// fastViewAllowed reports whether the route table registers fastViewRoute
// for anyone without query parameters: only then may its answers skip
// routing and the guard.
func fastViewAllowed(table []route) bool {
	for _, rt := range table {
		if rt.String() == fastViewRoute {
			return rt.access == anyone && len(rt.params) == 0
		}
	}
	return false
}

// Header values shared by every answer of the view (len = cap = 1: an
// Add copies them).
var (
	viewCacheControlHeader = []string{viewCacheControl}
	jsonContentType        = []string{"application/json; charset=utf-8"}
)

// len is the number of entries (for tests).
func (c *viewCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// strongETag is a quoted digest of b.
func strongETag(b ...[]byte) string {
	h := sha256.New()
	for _, p := range b {
		h.Write(p)
		h.Write([]byte{0})
	}
	return `"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18]) + `"`
}

// notModified reports whether the request's If-None-Match names etag (or
// is "*"); weak and strong forms compare equal, as RFC 9110 asks for GET.
func notModified(r *http.Request, etag string) bool {
	inm := r.Header.Get("If-None-Match")
	if inm == "" {
		return false
	}
	if inm == etag { // what a revalidating client sends: no splitting
		return true
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(inm, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// shop answers GET /api/v1/shops/{shop}: the public view, from the cache,
// with its ETag; 304 when the client holds it.
func (h *Handler) shop(w http.ResponseWriter, r *http.Request) {
	e, err := h.views.view(r.Context(), h.reg, h.clock.Now(), r.PathValue("shop"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if notModified(r, e.etag) {
		h.notModifiedView(w, e)
		return
	}
	writeView(w, e)
}

// shopPage answers GET /shops/{shop}: the shop's ID page. For a visitor who
// is not logged in the page depends only on the public view, the language
// and the address (the language switch links back to it), and the build of
// the templates: its weak ETag is a digest of those, and a revalidation gets
// a 304 without rendering. A logged-in caller's page names them and is
// neither cached nor tagged.
func (h *Handler) shopPage(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	e, err := h.views.view(r.Context(), h.reg, h.clock.Now(), r.PathValue("shop"))
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	if c.account == nil {
		etag := "W/" + strongETag(e.body, []byte(c.lang), []byte(r.URL.RequestURI()), []byte(h.web.build))
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", "private, no-cache")
		if notModified(r, etag) {
			w.Header().Add("Vary", "Accept-Language, Cookie")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	p := h.newPage(w, r, c, "shop.title", e.view.Name)
	p.Data = h.shopData(e.view, c.lang)
	h.render(w, r, http.StatusOK, "shop", p)
}
