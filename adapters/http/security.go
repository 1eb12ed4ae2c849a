package http

import (
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/fairshops/konfliktservice/fairshops"
)

// securityHeaders are set on every answer. The CSP allows only the
// service's own scripts, styles and images (no inline script), so a text
// that escaped escaping still could not run.
func securityHeaders(w http.ResponseWriter, secure bool) {
	h := w.Header()
	// The keys are canonical and each value a slice of one (len = cap),
	// built once: setting them copies no string and allocates no slice.
	for _, kv := range securityHeaderValues {
		h[kv.key] = kv.value
	}
	if secure {
		h["Strict-Transport-Security"] = hstsValue
	}
}

// securityHeaderValues are the headers of every answer; hstsValue is sent
// over TLS only. Nobody may write into these slices (Header.Add appends
// to a full slice, which copies it).
var (
	securityHeaderValues = []struct {
		key   string
		value []string
	}{
		{"X-Content-Type-Options", []string{"nosniff"}},
		{"Referrer-Policy", []string{"no-referrer"}},
		{"X-Frame-Options", []string{"DENY"}},
		{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
		{"Cross-Origin-Resource-Policy", []string{"same-origin"}},
		{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=(), payment=()"}},
		{"Content-Security-Policy", []string{"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
			"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"}},
	}
	hstsValue = []string{"max-age=31536000; includeSubDomains"}
)

// RateLimit is a per-client token bucket: Rate requests per second on
// average, Burst at once.
type RateLimit struct {
	Rate  rate.Limit
	Burst int
}

// limiter keeps one token bucket per client key (an IP address, or a
// network for IPv6) and forgets clients that were idle for a while, so its
// memory stays bounded by the number of recently active clients.
type limiter struct {
	mu      sync.Mutex
	limit   RateLimit
	clients map[string]*clientBucket
	max     int
	now     func() time.Time
}

type clientBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(l RateLimit, now func() time.Time) *limiter {
	return &limiter{limit: l, clients: map[string]*clientBucket{}, max: 100000, now: now}
}

// allow reports whether the client may make a request now, and if not, how
// long until it may.
// off reports whether the limiter lets everything through (no limiter, or
// a Rate of 0 or rate.Inf), so that the client's key need not be computed.
func (l *limiter) off() bool {
	return l == nil || l.limit.Rate == 0 || l.limit.Rate == rate.Inf
}

func (l *limiter) allow(key string) (bool, time.Duration) {
	if l == nil || l.limit.Rate == 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.clients[key]
	if !ok {
		if len(l.clients) >= l.max {
			l.sweep(now)
		}
		b = &clientBucket{lim: rate.NewLimiter(l.limit.Rate, l.limit.Burst)}
		l.clients[key] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Second
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// sweep forgets clients idle for more than a minute, or the oldest half
// when all are active; the caller holds l.mu.
func (l *limiter) sweep(now time.Time) {
	for k, b := range l.clients {
		if now.Sub(b.seen) > time.Minute {
			delete(l.clients, k)
		}
	}
	if len(l.clients) < l.max {
		return
	}
	n := 0
	for k := range l.clients {
		delete(l.clients, k)
		if n++; n >= l.max/2 {
			break
		}
	}
}

// clientKey names the client for rate limits: its IP address, with IPv6
// addresses cut to their /64 network (one customer's many addresses).
func (h *Handler) clientKey(r *http.Request) string {
	ip := h.clientIP(r)
	if !ip.IsValid() {
		return r.RemoteAddr
	}
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// clientIP is the address of the client a request comes from. It is the
// connection's peer unless that peer is a trusted proxy (Config.TrustProxy):
// then X-Forwarded-For is read from the right, across every trusted proxy,
// and the first address not in a trusted network is the client (a client
// may send its own X-Forwarded-For; the entries left of the first address
// a trusted proxy added are never believed). Without trusted proxies the
// header is ignored.
func (h *Handler) clientIP(r *http.Request) netip.Addr {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	var ip netip.Addr
	if err == nil {
		ip = peer.Addr().Unmap()
	} else if a, err := netip.ParseAddr(r.RemoteAddr); err == nil {
		ip = a.Unmap()
	}
	if !ip.IsValid() || !h.trusted(ip) {
		return ip
	}
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		list := strings.Split(hops[i], ",")
		for j := len(list) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(list[j]))
			if err != nil {
				return ip // a hop we cannot read: the last proxy is the client
			}
			ip = a.Unmap()
			if !h.trusted(ip) {
				return ip
			}
		}
	}
	return ip
}

// trusted reports whether ip is in a network of Config.TrustProxy.
func (h *Handler) trusted(ip netip.Addr) bool {
	for _, p := range h.trustProxy {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// forwardedProto is the scheme a trusted proxy says the client used
// (X-Forwarded-Proto), "" when the peer is no trusted proxy or says nothing.
func (h *Handler) forwardedProto(r *http.Request) string {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !h.trusted(peer.Addr().Unmap()) {
		return ""
	}
	switch fwd := r.Header.Get("X-Forwarded-Proto"); fwd {
	case "http", "https":
		return fwd
	}
	return ""
}

// tooMany answers 429 with Retry-After.
func tooMany(w http.ResponseWriter, lang fairshops.Language, wait time.Duration) {
	secs := int(wait/time.Second) + 1
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeProblem(w, Problem{
		Type:   "https://konfliktservice.example/problems/too_many_requests",
		Title:  apiMessages().Render(lang, "problem.too_many_requests"),
		Status: http.StatusTooManyRequests,
		Detail: apiMessages().Render(lang, "problem.too_many_requests.detail", secs),
	})
}
