package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The headers of a webhook delivery.
const (
	HeaderEventID   = "Konfliktservice-Event-Id"
	HeaderTimestamp = "Konfliktservice-Timestamp" // unix seconds, decimal
	HeaderSignature = "Konfliktservice-Signature" // "v1=<hex HMAC-SHA256>", several during a key rotation
)

// DefaultTolerance is how far a delivery's timestamp may lie from the
// receiver's clock, in either direction, before Verify rejects it.
const DefaultTolerance = 5 * time.Minute

// Limits of the signature header, so that a hostile header costs little.
const (
	maxSignatureHeader = 1024
	maxSignatures      = 8
	maxTimestampDigits = 18 // < 2^63 and far beyond any real clock
)

// The reasons Verify rejects a delivery; match them with errors.Is. Each comes
// wrapped in a *fairshops.Error of kind Invalid (malformed headers) or
// Forbidden (everything else), so errors.Is(err, fairshops.ErrForbidden)
// holds as well.
var (
	ErrMalformed = errors.New("webhook headers malformed")
	ErrSignature = errors.New("webhook signature does not match")
	ErrTimestamp = errors.New("webhook timestamp outside the tolerance")
	ErrReplay    = errors.New("webhook delivery seen before")
)

// Headers holds the values of the three webhook headers of one delivery.
type Headers struct {
	EventID   string
	Timestamp string
	Signature string
}

// HeadersOf reads the webhook headers from an HTTP header.
func HeadersOf(h http.Header) Headers {
	return Headers{
		EventID:   h.Get(HeaderEventID),
		Timestamp: h.Get(HeaderTimestamp),
		Signature: h.Get(HeaderSignature),
	}
}

// Apply sets the webhook headers on h.
func (hs Headers) Apply(h http.Header) {
	h.Set(HeaderEventID, hs.EventID)
	h.Set(HeaderTimestamp, hs.Timestamp)
	h.Set(HeaderSignature, hs.Signature)
}

// Sign signs a delivery of body, the JSON of event eventID, at time at: the
// signature is the hex HMAC-SHA256 under secret of the unix timestamp in
// decimal, a dot, and the body, exactly as sent.
func Sign(secret Secret, eventID string, at time.Time, body []byte) Headers {
	ts := strconv.FormatInt(at.Unix(), 10)
	return Headers{EventID: eventID, Timestamp: ts, Signature: FormatSignature(mac(secret, ts, body))}
}

// SignAll signs a delivery as Sign does, once per secret: the header then
// holds one v1 signature per secret, in the order given (the current
// secret first, the previous one during a rotation's grace period). Zero
// secrets are skipped.
func SignAll(secrets []Secret, eventID string, at time.Time, body []byte) Headers {
	ts := strconv.FormatInt(at.Unix(), 10)
	macs := make([][]byte, 0, len(secrets))
	for _, s := range secrets {
		if !s.IsZero() {
			macs = append(macs, mac(s, ts, body))
		}
	}
	return Headers{EventID: eventID, Timestamp: ts, Signature: FormatSignature(macs...)}
}

// mac computes HMAC-SHA256(secret, timestamp + "." + body).
func mac(secret Secret, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(secret.Reveal()))
	h.Write([]byte(timestamp))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// FormatSignature renders MACs as a signature header value: "v1=<hex>",
// comma-separated when there are several (one per secret while a secret is
// being rotated).
func FormatSignature(macs ...[]byte) string {
	parts := make([]string, len(macs))
	for i, m := range macs {
		parts[i] = "v1=" + hex.EncodeToString(m)
	}
	return strings.Join(parts, ",")
}

// ParseSignature reads a signature header value: comma-separated
// "scheme=value" items; it returns the MACs of the "v1" items (32 bytes
// each, from 64 hex digits) and skips items of unknown schemes, so a later
// scheme can be added next to v1. It fails on a malformed item, on a header
// longer than 1 KiB or with more than 8 items, and when no v1 item is present.
func ParseSignature(value string) ([][]byte, error) {
	if len(value) > maxSignatureHeader {
		return nil, malformed("signature header too long")
	}
	items := strings.Split(value, ",")
	if len(items) > maxSignatures {
		return nil, malformed("too many signatures")
	}
	var macs [][]byte
	for _, item := range items {
		scheme, v, ok := strings.Cut(strings.Trim(item, " \t"), "=")
		if !ok || scheme == "" || v == "" {
			return nil, malformed("signature item is not scheme=value")
		}
		if scheme != "v1" {
			continue
		}
		if len(v) != 2*sha256.Size {
			return nil, malformed("v1 signature is not 64 hex digits")
		}
		m, err := hex.DecodeString(v)
		if err != nil {
			return nil, malformed("v1 signature is not 64 hex digits")
		}
		macs = append(macs, m)
	}
	if len(macs) == 0 {
		return nil, malformed("no v1 signature")
	}
	return macs, nil
}

// ParseTimestamp reads a timestamp header value: unix seconds as plain
// decimal digits (no sign, no spaces).
func ParseTimestamp(value string) (time.Time, error) {
	if value == "" || len(value) > maxTimestampDigits {
		return time.Time{}, malformed("timestamp is not unix seconds")
	}
	for i := 0; i < len(value); i++ {
		if value[i] < '0' || value[i] > '9' {
			return time.Time{}, malformed("timestamp is not unix seconds")
		}
	}
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return time.Time{}, malformed("timestamp is not unix seconds")
	}
	return time.Unix(n, 0).UTC(), nil
}

// Verify checks a webhook delivery for a receiver: the signature must match
// body under secret, the timestamp must lie within tolerance of now in either
// direction (DefaultTolerance when tolerance is not positive), and the
// Event-Id header must name the event in the signed body, so that the header
// can be trusted as a key to drop duplicates. Verify remembers nothing: to
// reject replays within the tolerance use a Verifier with a ReplayCache.
func Verify(secret Secret, h Headers, body []byte, now time.Time, tolerance time.Duration) error {
	return verify([]Secret{secret}, h, body, now, tolerance)
}

func verify(secrets []Secret, h Headers, body []byte, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	if h.EventID == "" {
		return malformed("no event id")
	}
	at, err := ParseTimestamp(h.Timestamp)
	if err != nil {
		return err
	}
	macs, err := ParseSignature(h.Signature)
	if err != nil {
		return err
	}
	if !anyMatch(secrets, h.Timestamp, body, macs) {
		return fairshops.E("notify.Verify", fairshops.Forbidden, h.EventID, "", ErrSignature)
	}
	if d := now.Sub(at); d > tolerance || d < -tolerance {
		return fairshops.E("notify.Verify", fairshops.Forbidden, h.EventID, "", ErrTimestamp)
	}
	var p struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &p); err != nil || p.ID != h.EventID {
		return fairshops.E("notify.Verify", fairshops.Forbidden, h.EventID, "event id header does not match the body", ErrSignature)
	}
	return nil
}

// anyMatch reports whether one of macs is the MAC of the delivery under one
// of secrets, comparing in constant time.
func anyMatch(secrets []Secret, timestamp string, body []byte, macs [][]byte) bool {
	for _, s := range secrets {
		if s.IsZero() {
			continue
		}
		want := mac(s, timestamp, body)
		for _, m := range macs {
			if hmac.Equal(want, m) {
				return true
			}
		}
	}
	return false
}

func malformed(detail string) error {
	return fairshops.E("notify.Verify", fairshops.Invalid, "", detail, ErrMalformed)
}
