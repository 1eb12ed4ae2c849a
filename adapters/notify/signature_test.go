package notify_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
)

var sigT0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) // unix 1767225600

func TestSignKnownAnswer(t *testing.T) {
	// Computed independently: python3 hmac.new(b"whsec_test", b"1767225600." + body, sha256).
	h := notify.Sign(notify.NewSecret("whsec_test"), "ev_1", sigT0, []byte(`{"id":"ev_1"}`))
	want := notify.Headers{
		EventID:   "ev_1",
		Timestamp: "1767225600",
		Signature: "v1=c81f105408501767efbc705b457afab2a4212e911ca624b26782b84eaa0bc3b2",
	}
	if diff := cmp.Diff(want, h); diff != "" {
		t.Errorf("Sign (-want +got):\n%s", diff)
	}
}

func TestVerify(t *testing.T) {
	secret := notify.NewSecret("whsec_test")
	body := []byte(`{"id":"ev_1","type":"complaint.forwarded","data":null}`)
	good := notify.Sign(secret, "ev_1", sigT0, body)
	other := notify.Sign(notify.NewSecret("whsec_other"), "ev_1", sigT0, body)

	tests := []struct {
		name      string
		secret    *notify.Secret // nil: the right one
		h         func(h notify.Headers) notify.Headers
		body      []byte
		now       time.Time
		tolerance time.Duration
		want      error // nil, or the sentinel errors.Is must find
		kind      fairshops.Kind
	}{
		{name: "authentic", now: sigT0},
		{name: "clock 5 min ahead is within the default tolerance", now: sigT0.Add(5 * time.Minute)},
		{name: "clock 5 min behind is within the default tolerance", now: sigT0.Add(-5 * time.Minute)},
		{name: "old timestamp", now: sigT0.Add(5*time.Minute + time.Second), want: notify.ErrTimestamp, kind: fairshops.Forbidden},
		{name: "timestamp from the future", now: sigT0.Add(-6 * time.Minute), want: notify.ErrTimestamp, kind: fairshops.Forbidden},
		{name: "own tolerance", now: sigT0.Add(2 * time.Minute), tolerance: time.Minute, want: notify.ErrTimestamp, kind: fairshops.Forbidden},
		{name: "tampered body", body: []byte(`{"id":"ev_1","type":"complaint.resolved","data":null}`), now: sigT0,
			want: notify.ErrSignature, kind: fairshops.Forbidden},
		{name: "wrong secret", secret: ptr(notify.NewSecret("whsec_other")), now: sigT0, want: notify.ErrSignature, kind: fairshops.Forbidden},
		{name: "empty secret never verifies", secret: ptr(notify.NewSecret("")), now: sigT0, want: notify.ErrSignature, kind: fairshops.Forbidden},
		{name: "timestamp changed after signing", h: func(h notify.Headers) notify.Headers { h.Timestamp = "1767225601"; return h },
			now: sigT0, want: notify.ErrSignature, kind: fairshops.Forbidden},
		{name: "event id header does not match the body", h: func(h notify.Headers) notify.Headers { h.EventID = "ev_2"; return h },
			now: sigT0, want: notify.ErrSignature, kind: fairshops.Forbidden},
		{name: "rotation: one of two signatures matches", h: func(h notify.Headers) notify.Headers {
			h.Signature = other.Signature + "," + h.Signature
			return h
		}, now: sigT0},
		{name: "unknown scheme next to v1 is skipped", h: func(h notify.Headers) notify.Headers {
			h.Signature = "v0=abc, " + h.Signature
			return h
		}, now: sigT0},
		{name: "no signature", h: func(h notify.Headers) notify.Headers { h.Signature = ""; return h },
			now: sigT0, want: notify.ErrMalformed, kind: fairshops.Invalid},
		{name: "no event id", h: func(h notify.Headers) notify.Headers { h.EventID = ""; return h },
			now: sigT0, want: notify.ErrMalformed, kind: fairshops.Invalid},
		{name: "timestamp not a number", h: func(h notify.Headers) notify.Headers { h.Timestamp = "soon"; return h },
			now: sigT0, want: notify.ErrMalformed, kind: fairshops.Invalid},
		{name: "signed timestamp", h: func(h notify.Headers) notify.Headers { h.Timestamp = "+1767225600"; return h },
			now: sigT0, want: notify.ErrMalformed, kind: fairshops.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secret := secret
			if tt.secret != nil {
				secret = *tt.secret
			}
			h := good
			if tt.h != nil {
				h = tt.h(h)
			}
			b := body
			if tt.body != nil {
				b = tt.body
			}
			err := notify.Verify(secret, h, b, tt.now, tt.tolerance)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
			require.Equal(t, tt.kind, fairshops.KindOf(err), "%v", err)
			require.NotContains(t, err.Error(), "whsec_", "errors never show a secret")
		})
	}
}

func TestParseSignature(t *testing.T) {
	hex64 := strings.Repeat("ab", 32)
	tests := []struct {
		name  string
		value string
		want  int // number of v1 MACs; -1: an error
	}{
		{"one", "v1=" + hex64, 1},
		{"upper-case hex", "v1=" + strings.ToUpper(hex64), 1},
		{"two with spaces", "v1=" + hex64 + " , v1=" + hex64, 2},
		{"unknown scheme skipped", "v2=whatever,v1=" + hex64, 1},
		{"empty", "", -1},
		{"only unknown schemes", "v2=" + hex64, -1},
		{"no equals sign", "v1" + hex64, -1},
		{"empty value", "v1=", -1},
		{"empty item", "v1=" + hex64 + ",", -1},
		{"short", "v1=" + hex64[:62], -1},
		{"not hex", "v1=" + strings.Repeat("zz", 32), -1},
		{"too many items", strings.Repeat("v1="+hex64+",", 8) + "v1=" + hex64, -1},
		{"too long", "v2=" + strings.Repeat("a", 1100) + ",v1=" + hex64, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			macs, err := notify.ParseSignature(tt.value)
			if tt.want < 0 {
				require.ErrorIs(t, err, notify.ErrMalformed)
				return
			}
			require.NoError(t, err)
			require.Len(t, macs, tt.want)
			for _, m := range macs {
				require.Len(t, m, 32)
			}
		})
	}
}

func TestVerifierRejectsReplays(t *testing.T) {
	secret := notify.NewSecret("whsec_test")
	clock := fairshops.NewManualClock(sigT0)
	v := &notify.Verifier{
		Secrets: []notify.Secret{secret},
		Clock:   clock,
		Replays: notify.NewReplayCache(100, 0),
	}
	body := []byte(`{"id":"ev_1"}`)
	first := notify.Sign(secret, "ev_1", sigT0, body)
	require.NoError(t, v.Verify(first, body))

	err := v.Verify(first, body)
	require.ErrorIs(t, err, notify.ErrReplay)
	require.ErrorIs(t, err, fairshops.ErrConflict)

	// A retry of the same event is signed anew: not a replay (the receiver
	// drops it as a duplicate by ID, which is its own business).
	clock.Advance(30 * time.Second)
	retry := notify.Sign(secret, "ev_1", clock.Now(), body)
	require.NoError(t, v.Verify(retry, body))

	// A forged delivery is not remembered: the authentic one still passes.
	body2 := []byte(`{"id":"ev_2"}`)
	second := notify.Sign(secret, "ev_2", clock.Now(), body2)
	forged := second
	forged.Signature = notify.FormatSignature(make([]byte, 32))
	require.ErrorIs(t, v.Verify(forged, body2), notify.ErrSignature)
	require.NoError(t, v.Verify(second, body2))

	// Once out of the tolerance, the replay fails the timestamp check.
	clock.Advance(10 * time.Minute)
	require.ErrorIs(t, v.Verify(first, body), notify.ErrTimestamp)
}

func TestReplayCacheBounds(t *testing.T) {
	c := notify.NewReplayCache(3, time.Minute)
	at := func(s int) time.Time { return sigT0.Add(time.Duration(s) * time.Second) }
	now := at(10)
	for i, s := range []int{3, 1, 2} {
		require.NoError(t, c.Check(fmt.Sprint("ev_", i), at(s), now))
	}
	require.Equal(t, 3, c.Len())
	// Full: the oldest timestamp (ev_1 at 1s) is forgotten first.
	require.NoError(t, c.Check("ev_3", at(4), now))
	require.Equal(t, 3, c.Len())
	require.NoError(t, c.Check("ev_1", at(1), now), "the oldest was forgotten")
	require.ErrorIs(t, c.Check("ev_0", at(3), now), notify.ErrReplay, "younger ones are remembered")
	require.ErrorIs(t, c.Check("ev_3", at(4), now), notify.ErrReplay)

	// Entries whose timestamps left the tolerance expire.
	require.NoError(t, c.Check("ev_9", at(100), at(100)))
	require.Equal(t, 1, c.Len())

	tiny := notify.NewReplayCache(0, 0) // capacity below 1 is raised to 1
	require.NoError(t, tiny.Check("ev_a", at(1), now))
	require.NoError(t, tiny.Check("ev_b", at(2), now))
	require.Equal(t, 1, tiny.Len())
}

func TestReplayCacheConcurrent(t *testing.T) {
	c := notify.NewReplayCache(1000, time.Minute)
	var wg sync.WaitGroup
	accepted := make(chan string, 800)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				id := fmt.Sprint("ev_", i) // every goroutine tries the same 100 deliveries
				if c.Check(id, sigT0, sigT0) == nil {
					accepted <- fmt.Sprint(g, id)
				}
			}
		}()
	}
	wg.Wait()
	close(accepted)
	require.Len(t, accepted, 100, "each delivery is accepted exactly once")
}

func TestSecretNeverPrints(t *testing.T) {
	ep := notify.Endpoint{URL: "https://hooks.example/in", Secret: notify.NewSecret("whsec_topsecret")}
	cfg := notify.SMTPConfig{Host: "mail.example", Username: "relay", Password: notify.NewSecret("whsec_topsecret")}
	var out []string
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		out = append(out, fmt.Sprintf(format, ep), fmt.Sprintf(format, cfg), fmt.Sprintf(format, ep.Secret))
	}
	b, err := json.Marshal(ep)
	require.NoError(t, err)
	out = append(out, string(b))
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "endpoint", ep, "secret", ep.Secret, "smtp", cfg)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "endpoint", ep, "secret", ep.Secret)
	out = append(out, logged.String())
	for _, s := range out {
		require.NotContains(t, s, "topsecret")
		require.NotContains(t, s, hexOf("whsec_topsecret"))
	}
	require.Equal(t, "whsec_topsecret", ep.Secret.Reveal())
	require.Equal(t, "[secret]", ep.Secret.String())
}

func hexOf(s string) string { return fmt.Sprintf("%x", []byte(s)) }

func ptr[T any](v T) *T { return &v }
