package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Webhook endpoints are named by shops, so a webhook could be turned on the
// service's own network (server-side request forgery): a shop that registers
// http://127.0.0.1:5432/ or the cloud metadata address would make the relay
// connect there, and the error it records would tell which ports answer.
// Two rules prevent it:
//
//   - The address is checked when the connection is made (net.Dialer's
//     Control sees the resolved IP, after DNS, so a name that resolves to a
//     private address, or changes to one, is caught): loopback, private
//     (RFC 1918, fc00::/7), link-local (169.254.0.0/16, which holds the
//     metadata address 169.254.169.254, and fe80::/10), shared (100.64.0.0/10),
//     multicast, unspecified, broadcast and reserved addresses are refused,
//     unless Webhooks.AllowNetworks names them (the operator's allow-list, for
//     a receiver on the same host). No proxy from the environment is used:
//     the check would then see the proxy's address, not the endpoint's.
//     Redirects are never followed, so no answer can send the request on.
//   - A failed delivery records a short class of error (ErrorClass), never
//     the dial error with its address, port and reason.

// BlockedAddressError is the refusal of an endpoint's address.
type BlockedAddressError struct{ Addr netip.Addr }

func (e *BlockedAddressError) Error() string {
	return "webhook address not allowed: not a public address"
}

// blockedNetworks are the networks no webhook may reach without an
// allow-list entry, besides what netip.Addr's predicates cover.
var blockedNetworks = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),          // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),      // shared address space (carrier-grade NAT)
	netip.MustParsePrefix("192.0.0.0/24"),       // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),      // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),        // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b::/96"),       // NAT64: an IPv4 address in disguise
	netip.MustParsePrefix("64:ff9b:1::/48"),     // local-use NAT64
	netip.MustParsePrefix("2001::/32"),          // Teredo: an IPv4 address in disguise
	netip.MustParsePrefix("2002::/16"),          // 6to4: an IPv4 address in disguise
	netip.MustParsePrefix("fec0::/10"),          // site-local (deprecated)
	netip.MustParsePrefix("100::/64"),           // discard-only
	netip.MustParsePrefix("fd00:ec2::254/128"),  // the IPv6 metadata address (also in fc00::/7)
	netip.MustParsePrefix("169.254.169.254/32"), // the metadata address (also link-local)
}

// PublicAddress reports whether a webhook may connect to addr without an
// allow-list entry.
func PublicAddress(addr netip.Addr) bool {
	addr = addr.Unmap()
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() ||
		addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() || addr.IsMulticast() || addr.IsUnspecified() {
		return false
	}
	for _, p := range blockedNetworks {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// allowed reports whether a webhook may connect to addr.
func (w *Webhooks) allowed(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range w.AllowNetworks {
		if p.Contains(addr) {
			return true
		}
	}
	return PublicAddress(addr)
}

// control is the dialer's check of every address it connects to.
func (w *Webhooks) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &BlockedAddressError{}
	}
	if !w.allowed(ap.Addr()) {
		return &BlockedAddressError{Addr: ap.Addr()}
	}
	return nil
}

// guardedClient is the configured client (or a plain one) with the address
// check in its dialer, no proxy, and redirects never followed. A client
// whose Transport is no *http.Transport is used as it is: its owner
// controls where it connects.
func (w *Webhooks) guardedClient() *http.Client {
	var c http.Client
	if w.Client != nil {
		c = *w.Client
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	var t *http.Transport
	switch rt := c.Transport.(type) {
	case nil:
		t = http.DefaultTransport.(*http.Transport).Clone()
	case *http.Transport:
		t = rt.Clone()
	default:
		return &c
	}
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: w.control}
	t.DialContext = d.DialContext
	t.DialTLSContext = nil
	t.Proxy = nil
	c.Transport = t
	return &c
}

// deliveryError is a failed connection or request as the relay records it:
// its message is the class (ErrorClass), the cause stays reachable for
// errors.Is and errors.As.
type deliveryError struct {
	class string
	cause error
}

func (e *deliveryError) Error() string { return e.class }
func (e *deliveryError) Unwrap() error { return e.cause }

// ErrorClass names the kind of a failed webhook request in a few words
// that reveal nothing of the network behind the endpoint: "address not
// allowed", "timeout", "name not resolved", "TLS failed", "connection
// failed".
func ErrorClass(err error) string {
	var blocked *BlockedAddressError
	var dns *net.DNSError
	var ne net.Error
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var recordErr tls.RecordHeaderError
	switch {
	case errors.As(err, &blocked):
		return "address not allowed"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.As(err, &dns):
		return "name not resolved"
	case errors.As(err, &certErr), errors.As(err, &unknownAuthority), errors.As(err, &hostname), errors.As(err, &recordErr):
		return "TLS failed"
	}
	return "connection failed"
}
