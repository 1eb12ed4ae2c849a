package notify_test

import (
	"context"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
)

// During a rotation's grace period a delivery carries the signatures of
// both secrets, so a receiver that still knows only the old secret and one
// that already knows only the new one both accept it.
func TestWebhookSignsWithPreviousSecretDuringGrace(t *testing.T) {
	clock := fairshops.NewManualClock(hookT0)
	for _, tc := range []struct {
		name     string
		receiver string
		previous string
		accepted bool
	}{
		{"receiver knows the new secret", "whsec_new", "whsec_old", true},
		{"receiver still knows the old secret", "whsec_old", "whsec_old", true},
		{"grace over: old secret no longer signs", "whsec_old", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc := &receiver{v: &notify.Verifier{Secrets: []notify.Secret{notify.NewSecret(tc.receiver)}, Clock: clock}}
			srv := httptest.NewServer(rc)
			defer srv.Close()
			ep := notify.Endpoint{URL: srv.URL + "/h", Secret: notify.NewSecret("whsec_new"), Previous: notify.NewSecret(tc.previous)}
			hooks := &notify.Webhooks{Clock: clock, AllowHTTP: true, AllowNetworks: loopback,
				Endpoints: notify.EndpointFunc(func(context.Context, string) (notify.Endpoint, bool, error) { return ep, true, nil })}
			err := hooks.Notify(context.Background(), hookEvent())
			require.Equal(t, tc.accepted, err == nil, "%v", err)
			sig := rc.last().Header.Get(notify.HeaderSignature)
			n := 1
			if tc.previous != "" {
				n = 2
			}
			require.Equal(t, n, strings.Count(sig, "v1="), sig)
		})
	}
}

func TestWebhookCheckURL(t *testing.T) {
	strict := &notify.Webhooks{}
	local := &notify.Webhooks{AllowHTTP: true, AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	for _, tc := range []struct {
		raw           string
		strict, local bool
	}{
		{"https://shop.example/hooks", true, true},
		{"https://93.184.216.34/hooks", true, true},
		{"http://shop.example/hooks", false, true},
		{"https://127.0.0.1:8443/h", false, true},
		{"https://localhost/h", false, true},
		{"https://10.1.2.3/h", false, false},
		{"https://169.254.169.254/latest", false, false},
		{"https://[::1]/h", false, false},
		{"https://user:pw@shop.example/h", false, false},
		{"ftp://shop.example/h", false, false},
	} {
		require.Equal(t, tc.strict, strict.CheckURL(tc.raw) == nil, "strict %s", tc.raw)
		require.Equal(t, tc.local, local.CheckURL(tc.raw) == nil, "local %s", tc.raw)
	}
}
