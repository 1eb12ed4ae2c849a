package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
)

var hookT0 = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// receiver is a webhook receiver as a shop would write it: it verifies each
// delivery with a Verifier and answers 204, or 400/401/409 with the reason.
type receiver struct {
	v *notify.Verifier

	mu       sync.Mutex
	accepted []notify.Payload
	requests []capturedRequest
}

// capturedRequest is a delivery as it arrived, and how the receiver judged it.
type capturedRequest struct {
	Header http.Header
	Body   []byte
	Err    error
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(raw))
	body, err := rc.v.VerifyRequest(r)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.requests = append(rc.requests, capturedRequest{Header: r.Header.Clone(), Body: raw, Err: err})
	switch {
	case err == nil:
		var p notify.Payload
		if json.Unmarshal(body, &p) != nil {
			http.Error(w, "bad payload", http.StatusBadRequest)
			return
		}
		rc.accepted = append(rc.accepted, p)
		w.WriteHeader(http.StatusNoContent)
	case errors.Is(err, notify.ErrReplay):
		http.Error(w, "replay", http.StatusConflict)
	case errors.Is(err, notify.ErrMalformed):
		http.Error(w, "malformed", http.StatusBadRequest)
	default:
		http.Error(w, "unauthorised", http.StatusUnauthorized)
	}
}

func (rc *receiver) last() capturedRequest {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.requests[len(rc.requests)-1]
}

func fixedEndpoint(url, secret string) notify.EndpointSource {
	return notify.EndpointFunc(func(_ context.Context, shopID string) (notify.Endpoint, bool, error) {
		if shopID != "s_shop" {
			return notify.Endpoint{}, false, nil
		}
		return notify.Endpoint{URL: url, Secret: notify.NewSecret(secret)}, true, nil
	})
}

func hookEvent() fairshops.Event {
	return fairshops.Event{
		ID: "ev_0001", Type: "complaint.forwarded", Subject: "c_abc", ShopID: "s_shop",
		At: time.Date(2026, 3, 2, 10, 30, 0, 0, time.FixedZone("CET", 3600)), Recipient: notify.RoleShop,
		Data: json.RawMessage(`{"complaint":"c_abc","deadline":"2026-03-10","state":"forwarded"}`),
	}
}

func TestWebhookRealDeliveryAndRejections(t *testing.T) {
	const secret = "whsec_shop"
	clock := fairshops.NewManualClock(hookT0)
	rc := &receiver{v: &notify.Verifier{
		Secrets: []notify.Secret{notify.NewSecret(secret)},
		Clock:   clock,
		Replays: notify.NewReplayCache(1000, 0),
	}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	hooks := func(secret string, clock fairshops.Clock) *notify.Webhooks {
		return &notify.Webhooks{Endpoints: fixedEndpoint(srv.URL+"/hooks/konflikt", secret), Clock: clock, AllowHTTP: true, AllowNetworks: loopback}
	}
	ctx := context.Background()

	// A real delivery is accepted.
	require.NoError(t, hooks(secret, clock).Notify(ctx, hookEvent()))
	want := notify.Payload{
		ID: "ev_0001", Type: "complaint.forwarded", Subject: "c_abc", Shop: "s_shop",
		At:   time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC),
		Data: json.RawMessage(`{"complaint":"c_abc","deadline":"2026-03-10","state":"forwarded"}`),
	}
	require.Len(t, rc.accepted, 1)
	if diff := cmp.Diff(want, rc.accepted[0]); diff != "" {
		t.Errorf("payload (-want +got):\n%s", diff)
	}
	delivery := rc.last()
	require.Equal(t, "application/json", delivery.Header.Get("Content-Type"))
	require.Equal(t, "ev_0001", delivery.Header.Get(notify.HeaderEventID))
	require.Equal(t, "1772443800", delivery.Header.Get(notify.HeaderTimestamp))
	var keys map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(delivery.Body, &keys))
	require.Equal(t, []string{"at", "data", "id", "shop", "subject", "type"}, slices.Sorted(maps.Keys(keys)),
		"the body is the event as it is; the internal recipient hint stays inside")

	resend := func(h http.Header, body []byte) (int, error) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/hooks/konflikt", bytes.NewReader(body))
		require.NoError(t, err)
		req.Header = h.Clone()
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode, rc.last().Err
	}

	t.Run("replay of the same delivery", func(t *testing.T) {
		code, err := resend(delivery.Header, delivery.Body)
		require.Equal(t, http.StatusConflict, code)
		require.ErrorIs(t, err, notify.ErrReplay)
	})
	t.Run("tampered body", func(t *testing.T) {
		tampered := bytes.Replace(delivery.Body, []byte("2026-03-10"), []byte("2026-04-10"), 1)
		require.NotEqual(t, delivery.Body, tampered)
		code, err := resend(delivery.Header, tampered)
		require.Equal(t, http.StatusUnauthorized, code)
		require.ErrorIs(t, err, notify.ErrSignature)
	})
	t.Run("wrong secret", func(t *testing.T) {
		err := hooks("whsec_wrong", clock).Notify(ctx, hookEvent())
		require.Error(t, err)
		require.True(t, notify.IsPermanent(err), "401 is permanent: %v", err)
		require.ErrorIs(t, rc.last().Err, notify.ErrSignature)
		require.NotContains(t, err.Error(), "whsec_")
	})
	t.Run("old timestamp", func(t *testing.T) {
		err := hooks(secret, fairshops.NewManualClock(hookT0.Add(-10*time.Minute))).Notify(ctx, hookEvent())
		require.Error(t, err)
		require.ErrorIs(t, rc.last().Err, notify.ErrTimestamp)
	})
	t.Run("a retry is signed anew and accepted", func(t *testing.T) {
		clock.Advance(time.Minute)
		require.NoError(t, hooks(secret, clock).Notify(ctx, hookEvent()))
		require.Len(t, rc.accepted, 2)
		require.Equal(t, rc.accepted[0].ID, rc.accepted[1].ID, "the receiver dedupes by event ID")
	})
}

func TestWebhookOverTLS(t *testing.T) {
	const secret = "whsec_tls"
	rc := &receiver{v: &notify.Verifier{Secrets: []notify.Secret{notify.NewSecret(secret)}, Clock: fairshops.NewManualClock(hookT0)}}
	srv := httptest.NewTLSServer(rc)
	defer srv.Close()
	hooks := &notify.Webhooks{Endpoints: fixedEndpoint(srv.URL, secret), Client: srv.Client(), AllowNetworks: loopback, Clock: fairshops.NewManualClock(hookT0)}
	require.NoError(t, hooks.Notify(context.Background(), hookEvent()))
	require.Len(t, rc.accepted, 1)
}

func TestWebhookRetryClassification(t *testing.T) {
	tests := []struct {
		code      int
		wantErr   bool
		permanent bool
	}{
		{http.StatusOK, false, false},
		{http.StatusAccepted, false, false},
		{http.StatusNoContent, false, false},
		{http.StatusMovedPermanently, true, true},
		{http.StatusTemporaryRedirect, true, true},
		{http.StatusBadRequest, true, true},
		{http.StatusUnauthorized, true, true},
		{http.StatusNotFound, true, true},
		{http.StatusGone, true, true},
		{http.StatusUnprocessableEntity, true, true},
		{http.StatusRequestTimeout, true, false},
		{http.StatusTooManyRequests, true, false},
		{http.StatusInternalServerError, true, false},
		{http.StatusBadGateway, true, false},
		{http.StatusServiceUnavailable, true, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			var redirected atomic.Bool
			mux := http.NewServeMux()
			mux.HandleFunc("/hook", func(w http.ResponseWriter, r *http.Request) {
				if tt.code >= 300 && tt.code < 400 {
					w.Header().Set("Location", "/elsewhere")
				}
				w.WriteHeader(tt.code)
			})
			mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) { redirected.Store(true) })
			srv := httptest.NewServer(mux)
			defer srv.Close()
			hooks := &notify.Webhooks{Endpoints: fixedEndpoint(srv.URL+"/hook?token=path-secret", "whsec_x"), AllowHTTP: true, AllowNetworks: loopback}
			err := hooks.Notify(context.Background(), hookEvent())
			require.False(t, redirected.Load(), "redirects are never followed")
			if !tt.wantErr {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			require.Equal(t, tt.permanent, notify.IsPermanent(err), "permanent? %v", err)
			var se *notify.StatusError
			require.ErrorAs(t, err, &se)
			require.Equal(t, tt.code, se.StatusCode)
			require.Equal(t, srv.URL, se.Endpoint)
			require.NotContains(t, err.Error(), "path-secret", "errors name the host only")
			require.NotContains(t, err.Error(), "/hook")
		})
	}
}

func TestWebhookTimeoutAndNetworkErrorsRetry(t *testing.T) {
	t.Run("timeout", func(t *testing.T) {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body) // lets the server notice the client hanging up
			select {                           // hang until the client gives up
			case <-r.Context().Done():
			case <-release:
			}
		}))
		defer srv.Close()
		defer close(release) // runs first: never leave the handler hanging
		hooks := &notify.Webhooks{Endpoints: fixedEndpoint(srv.URL, "whsec_x"), AllowHTTP: true, AllowNetworks: loopback, Timeout: 50 * time.Millisecond}
		err := hooks.Notify(context.Background(), hookEvent())
		require.Error(t, err)
		require.False(t, notify.IsPermanent(err))
		require.ErrorIs(t, err, context.DeadlineExceeded)
	})
	t.Run("connection refused", func(t *testing.T) {
		url := fmt.Sprintf("http://127.0.0.1:%d/hook?token=path-secret", closedPort(t))
		hooks := &notify.Webhooks{Endpoints: fixedEndpoint(url, "whsec_x"), AllowHTTP: true, AllowNetworks: loopback}
		err := hooks.Notify(context.Background(), hookEvent())
		require.Error(t, err)
		require.False(t, notify.IsPermanent(err))
		require.NotContains(t, err.Error(), "path-secret")
	})
}

func TestWebhookEndpoints(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	source := func(ep notify.Endpoint, ok bool, err error) notify.EndpointSource {
		return notify.EndpointFunc(func(context.Context, string) (notify.Endpoint, bool, error) { return ep, ok, err })
	}
	secret := notify.NewSecret("whsec_x")
	tests := []struct {
		name      string
		source    notify.EndpointSource
		allowHTTP bool
		shopID    string
		wantErr   bool
		permanent bool
		hit       bool
	}{
		{name: "http allowed", source: source(notify.Endpoint{URL: srv.URL, Secret: secret}, true, nil), allowHTTP: true, hit: true},
		{name: "shop without an endpoint", source: source(notify.Endpoint{}, false, nil)},
		{name: "event without a shop", source: source(notify.Endpoint{URL: srv.URL, Secret: secret}, true, nil), allowHTTP: true, shopID: "-"},
		{name: "endpoint store down", source: source(notify.Endpoint{}, false, errors.New("db down")), wantErr: true},
		{name: "shop gone", source: source(notify.Endpoint{}, false, fairshops.E("shops", fairshops.NotFound, "s_shop", "", nil)),
			wantErr: true, permanent: true},
		{name: "plain http not allowed", source: source(notify.Endpoint{URL: srv.URL, Secret: secret}, true, nil), wantErr: true, permanent: true},
		{name: "other scheme", source: source(notify.Endpoint{URL: "ftp://127.0.0.1/hook", Secret: secret}, true, nil),
			allowHTTP: true, wantErr: true, permanent: true},
		{name: "credentials in the URL", source: source(notify.Endpoint{URL: "https://user:pw@127.0.0.1/hook", Secret: secret}, true, nil),
			wantErr: true, permanent: true},
		{name: "no host", source: source(notify.Endpoint{URL: "https:///hook", Secret: secret}, true, nil), wantErr: true, permanent: true},
		{name: "does not parse", source: source(notify.Endpoint{URL: "https://[::1", Secret: secret}, true, nil), wantErr: true, permanent: true},
		{name: "no secret", source: source(notify.Endpoint{URL: srv.URL}, true, nil), allowHTTP: true, wantErr: true, permanent: true},
		{name: "no endpoint source is a wiring mistake", wantErr: true, permanent: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := hits.Load()
			hooks := &notify.Webhooks{Endpoints: tt.source, AllowHTTP: tt.allowHTTP, AllowNetworks: loopback}
			ev := hookEvent()
			if tt.shopID == "-" {
				ev.ShopID = ""
			}
			err := hooks.Notify(context.Background(), ev)
			if tt.wantErr {
				require.Error(t, err)
				require.Equal(t, tt.permanent, notify.IsPermanent(err), "permanent? %v", err)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, tt.hit, hits.Load() > before)
		})
	}
}

func TestPayloadOfEventWithoutData(t *testing.T) {
	b, err := json.Marshal(notify.PayloadOf(fairshops.Event{ID: "ev_1", Type: "shop.registered", Subject: "s", ShopID: "s", At: hookT0}))
	require.NoError(t, err)
	require.JSONEq(t, `{"id":"ev_1","type":"shop.registered","subject":"s","shop":"s","at":"2026-03-02T09:30:00Z","data":null}`, string(b))
}
