package notify_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
)

// loopback is the allow-list of the tests whose receivers run on loopback.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// TestWebhookNeverReachesLoopback: a webhook that names a loopback listener
// (by address or by a name resolving to it) never connects to it without
// an allow-list entry; the error is permanent and says only "address not
// allowed". With the entry, the same endpoint is called.
func TestWebhookNeverReachesLoopback(t *testing.T) {
	var accepted atomic.Int32
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }),
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				accepted.Add(1)
			}
		}}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	port := ln.Addr().(*net.TCPAddr).Port

	for _, u := range []string{
		"http://127.0.0.1:" + strconv.Itoa(port) + "/hook",
		"http://localhost:" + strconv.Itoa(port) + "/hook",
		"http://[::ffff:127.0.0.1]:" + strconv.Itoa(port) + "/hook",
	} {
		t.Run(u, func(t *testing.T) {
			hooks := &notify.Webhooks{Endpoints: fixedEndpoint(u, "whsec_x"), AllowHTTP: true}
			err := hooks.Notify(context.Background(), hookEvent())
			require.Error(t, err)
			require.True(t, notify.IsPermanent(err), "a private address is no passing trouble")
			require.Contains(t, err.Error(), "address not allowed")
			require.NotContains(t, err.Error(), "refused")
			require.NotContains(t, err.Error(), "dial")
			var blocked *notify.BlockedAddressError
			require.True(t, errors.As(err, &blocked))
		})
	}
	require.Zero(t, accepted.Load(), "no connection reached the listener")

	allowed := &notify.Webhooks{Endpoints: fixedEndpoint("http://127.0.0.1:"+strconv.Itoa(port)+"/hook", "whsec_x"), AllowHTTP: true, AllowNetworks: loopback}
	require.NoError(t, allowed.Notify(context.Background(), hookEvent()))
	require.Equal(t, int32(1), accepted.Load())
}

// TestWebhookErrorClass: a failed connection is recorded by its class, not
// by the dial error (which told which ports answer).
func TestWebhookErrorClass(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now: connection refused
	hooks := &notify.Webhooks{Endpoints: fixedEndpoint("http://"+addr+"/hook", "whsec_x"), AllowHTTP: true, AllowNetworks: loopback}
	err = hooks.Notify(context.Background(), hookEvent())
	require.Error(t, err)
	require.False(t, notify.IsPermanent(err))
	require.Contains(t, err.Error(), "connection failed")
	require.NotContains(t, err.Error(), "refused")
	require.NotContains(t, err.Error(), "dial")

	// A TLS endpoint whose certificate nobody vouches for.
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	hooks = &notify.Webhooks{Endpoints: fixedEndpoint(srv.URL, "whsec_x"), AllowNetworks: loopback}
	err = hooks.Notify(context.Background(), hookEvent())
	require.Error(t, err)
	require.Contains(t, err.Error(), "TLS failed")
}

func TestPublicAddress(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"93.184.216.34", true}, {"2606:2800:220:1:248:1893:25c8:1946", true}, {"8.8.8.8", true},
		{"127.0.0.1", false}, {"127.255.0.1", false}, {"::1", false},
		{"10.1.2.3", false}, {"172.16.0.1", false}, {"192.168.1.1", false}, {"fd12::1", false},
		{"169.254.169.254", false}, {"fe80::1", false}, {"fd00:ec2::254", false},
		{"100.64.0.1", false}, {"0.0.0.0", false}, {"::", false}, {"255.255.255.255", false},
		{"224.0.0.1", false}, {"ff02::1", false}, {"::ffff:10.0.0.1", false}, {"64:ff9b::a00:1", false},
		{"2002:a00:1::", false}, {"198.18.0.1", false},
	} {
		require.Equal(t, tc.want, notify.PublicAddress(netip.MustParseAddr(tc.addr)), tc.addr)
	}
}
