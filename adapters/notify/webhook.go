package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// DefaultWebhookTimeout bounds one webhook request when Webhooks.Timeout is zero.
const DefaultWebhookTimeout = 10 * time.Second

// maxDrain is how much of an answer's body is read (and thrown away) so that
// the connection can be reused.
const maxDrain = 64 << 10

// Endpoint is where a shop receives its webhooks and the secret they are
// signed with. Printing it never shows the secret.
type Endpoint struct {
	URL    string
	Secret Secret
	// Previous is the secret a rotation replaced, while it still signs
	// (its grace period): a delivery then carries two v1 signatures, the
	// current secret's first, so that a receiver that knows either accepts
	// it. Zero when there is none.
	Previous Secret
}

// EndpointSource finds the webhook endpoint of a shop. It reports ok=false
// when the shop has none (the event is then delivered to nobody, which is
// no error).
type EndpointSource interface {
	Endpoint(ctx context.Context, shopID string) (ep Endpoint, ok bool, err error)
}

// EndpointFunc adapts a plain function to an EndpointSource.
type EndpointFunc func(ctx context.Context, shopID string) (Endpoint, bool, error)

// Endpoint calls f(ctx, shopID).
func (f EndpointFunc) Endpoint(ctx context.Context, shopID string) (Endpoint, bool, error) {
	return f(ctx, shopID)
}

// Payload is the JSON body of a webhook delivery: the event as it is. Data is
// the event's payload for third parties, null when the event has none.
type Payload struct {
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Subject string          `json:"subject"`
	Shop    string          `json:"shop"`
	At      time.Time       `json:"at"`
	Data    json.RawMessage `json:"data"`
}

// PayloadOf returns the webhook payload of ev. The event's Recipient hint is
// internal routing and never leaves the service.
func PayloadOf(ev fairshops.Event) Payload {
	data := ev.Data
	if len(data) == 0 {
		data = json.RawMessage("null")
	}
	return Payload{ID: ev.ID, Type: ev.Type, Subject: ev.Subject, Shop: ev.ShopID, At: ev.At.UTC(), Data: data}
}

// Webhooks is a Notifier that POSTs each event, signed, to the webhook
// endpoint of the shop concerned (see the package documentation for the
// signature scheme). A 2xx answer is a delivery; 408, 429, 5xx, timeouts and
// network errors are worth a retry; any other answer (a redirect, a 4xx) is a
// permanent failure. Redirects are never followed.
type Webhooks struct {
	// Endpoints finds a shop's endpoint and secret; required.
	Endpoints EndpointSource
	// Client sends the requests; a plain client when nil. Its CheckRedirect
	// is overridden: redirects are never followed.
	Client *http.Client
	// Clock stamps each delivery; the system clock when nil.
	Clock fairshops.Clock
	// Timeout bounds one request; DefaultWebhookTimeout when zero.
	Timeout time.Duration
	// AllowHTTP lets endpoints use plain http (tests, a receiver on the
	// same host); without it only https endpoints are called.
	AllowHTTP bool
	// AllowNetworks lists the networks an endpoint may be in although they
	// are not public (loopback, private, link-local: see PublicAddress),
	// such as 127.0.0.1/32 for a receiver on the same host. Empty: only
	// public addresses are called. The check is made on the address
	// connected to, after name resolution (see guard.go).
	AllowNetworks []netip.Prefix

	once  sync.Once
	guard *http.Client
}

// StatusError is an endpoint's answer other than 2xx. Endpoint names only
// the scheme and host: a URL's path or query may hold a secret of its own.
type StatusError struct {
	Endpoint   string
	StatusCode int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("webhook endpoint %s answered %d %s", e.Endpoint, e.StatusCode, http.StatusText(e.StatusCode))
}

// Notify delivers ev to the endpoint of ev.ShopID, if the shop has one.
func (w *Webhooks) Notify(ctx context.Context, ev fairshops.Event) error {
	const op = "notify.Webhooks"
	if w.Endpoints == nil {
		return Permanent(fairshops.E(op, fairshops.Internal, ev.ID, "webhooks have no endpoint source", nil))
	}
	if ev.ShopID == "" {
		return nil // not about a shop: nobody to call
	}
	ep, ok, err := w.Endpoints.Endpoint(ctx, ev.ShopID)
	if err != nil {
		err = fairshops.E(op, fairshops.KindOf(err), ev.ID, "look up endpoint", err)
		if errors.Is(err, fairshops.ErrNotFound) {
			return Permanent(err) // the shop is gone
		}
		return err
	}
	if !ok {
		return nil
	}
	u, err := w.checkURL(ep.URL)
	if err != nil {
		return Permanent(fairshops.E(op, fairshops.Invalid, ev.ID, "endpoint of shop "+ev.ShopID, err))
	}
	if ep.Secret.IsZero() {
		return Permanent(fairshops.E(op, fairshops.Invalid, ev.ID, "endpoint of shop "+ev.ShopID+" has no secret", nil))
	}
	body, err := json.Marshal(PayloadOf(ev))
	if err != nil {
		return Permanent(fairshops.E(op, fairshops.Internal, ev.ID, "encode payload", err))
	}
	secrets := []Secret{ep.Secret}
	if !ep.Previous.IsZero() {
		secrets = append(secrets, ep.Previous)
	}
	return w.post(ctx, op, ev.ID, u, secrets, body)
}

func (w *Webhooks) post(ctx context.Context, op, eventID string, u *url.URL, secrets []Secret, body []byte) error {
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = DefaultWebhookTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return Permanent(fairshops.E(op, fairshops.Invalid, eventID, "build request", err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Konfliktservice-Webhooks/1")
	SignAll(secrets, eventID, w.now(), body).Apply(req.Header)

	resp, err := w.client().Do(req)
	if err != nil {
		// Network trouble or the timeout: worth a retry, but for an address
		// that is not allowed. Only the class is recorded: the *url.Error
		// would repeat the full URL, the dial error the address, port and
		// reason (which would tell a shop which ports answer inside).
		derr := fairshops.E(op, fairshops.Internal, eventID, "post to "+redact(u), &deliveryError{class: ErrorClass(err), cause: err})
		var blocked *BlockedAddressError
		if errors.As(err, &blocked) {
			return Permanent(derr)
		}
		return derr
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))

	code := resp.StatusCode
	if code >= 200 && code < 300 {
		return nil
	}
	serr := fairshops.E(op, fairshops.Internal, eventID, "", &StatusError{Endpoint: redact(u), StatusCode: code})
	if retryable(code) {
		return serr
	}
	return Permanent(serr)
}

// retryable reports whether an answer other than 2xx may turn out
// differently later: server errors, a timeout, rate limiting.
func retryable(code int) bool {
	switch {
	case code == http.StatusRequestTimeout, code == http.StatusTooManyRequests:
		return true
	case code >= 500:
		return true
	case code < 200:
		return true
	}
	return false // redirects and the remaining 4xx
}

// checkURL accepts absolute https URLs, and http ones when AllowHTTP is set.
func (w *Webhooks) checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("url does not parse")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && w.AllowHTTP:
	case u.Scheme == "http":
		return nil, errors.New("url is plain http; only https is allowed")
	default:
		return nil, fmt.Errorf("url scheme %q is not https", u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, errors.New("url has no host")
	}
	if u.User != nil {
		return nil, errors.New("url must not carry credentials")
	}
	u.Fragment = ""
	return u, nil
}

// CheckURL checks a webhook URL as a delivery to it would, for a form or
// an API call that takes one: the scheme (https, or http with AllowHTTP),
// a host, no credentials, and, when the host is an IP address or
// "localhost", an address the guard allows (public, or in AllowNetworks).
// A host name is checked when a delivery connects, after name resolution
// (guard.go): the answer of a name can change after it was saved.
func (w *Webhooks) CheckURL(raw string) error {
	u, err := w.checkURL(raw)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		host = "127.0.0.1"
	}
	if addr, err := netip.ParseAddr(host); err == nil && !w.allowed(addr) {
		return &BlockedAddressError{Addr: addr}
	}
	return nil
}

// client returns the client of every request, made once: a copy of the
// configured client that checks every address it connects to and never
// follows redirects (a redirect would send the signed event somewhere the
// shop did not register, or inside).
func (w *Webhooks) client() *http.Client {
	w.once.Do(func() { w.guard = w.guardedClient() })
	return w.guard
}

func (w *Webhooks) now() time.Time {
	if w.Clock == nil {
		return time.Now()
	}
	return w.Clock.Now()
}

// redact names an endpoint by scheme and host only.
func redact(u *url.URL) string { return u.Scheme + "://" + u.Host }
