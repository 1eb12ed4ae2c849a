package notify_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fairshops/konfliktservice/adapters/notify"
)

// FuzzParseSignature attacks the parser of the signature header, which
// receivers feed with whatever arrives. The seed corpus is kept under
// testdata/fuzz/FuzzParseSignature.
func FuzzParseSignature(f *testing.F) {
	hex64 := strings.Repeat("0f", 32)
	for _, seed := range []string{
		"v1=" + hex64,
		"v1=" + hex64 + ",v1=" + strings.ToUpper(hex64),
		" v2=x , v1=" + hex64 + " ",
		"v1=",
		"=",
		",,,",
		"v1=" + hex64[:63] + "g",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		macs, err := notify.ParseSignature(value)
		if err != nil {
			if !errors.Is(err, notify.ErrMalformed) {
				t.Fatalf("ParseSignature(%q) = %v, want ErrMalformed", value, err)
			}
			if macs != nil {
				t.Fatalf("ParseSignature(%q) returned MACs with an error", value)
			}
			return
		}
		if len(macs) == 0 || len(macs) > 8 {
			t.Fatalf("ParseSignature(%q) = %d MACs", value, len(macs))
		}
		for _, m := range macs {
			if len(m) != sha256.Size {
				t.Fatalf("ParseSignature(%q): MAC of %d bytes", value, len(m))
			}
		}
		again, err := notify.ParseSignature(notify.FormatSignature(macs...))
		if err != nil {
			t.Fatalf("round trip of %q: %v", value, err)
		}
		if diff := cmp.Diff(macs, again); diff != "" {
			t.Fatalf("round trip of %q (-first +again):\n%s", value, diff)
		}
	})
}

// FuzzVerify feeds Verify arbitrary headers and bodies: it must never panic,
// fail only with its own reasons, and accept only a delivery whose signature
// really is the MAC of timestamp and body under the secret.
func FuzzVerify(f *testing.F) {
	secret := notify.NewSecret("whsec_fuzz")
	body := []byte(`{"id":"ev_1"}`)
	good := notify.Sign(secret, "ev_1", sigT0, body)
	f.Add(good.EventID, good.Timestamp, good.Signature, body)
	f.Add("ev_1", "01767225600", good.Signature, body)
	f.Add("ev_2", good.Timestamp, good.Signature, []byte(`{"id":"ev_2"}`))
	f.Add("", "", "", []byte(nil))
	f.Fuzz(func(t *testing.T, eventID, timestamp, signature string, body []byte) {
		err := notify.Verify(secret, notify.Headers{EventID: eventID, Timestamp: timestamp, Signature: signature}, body, sigT0, 0)
		if err != nil {
			for _, reason := range []error{notify.ErrMalformed, notify.ErrSignature, notify.ErrTimestamp} {
				if errors.Is(err, reason) {
					return
				}
			}
			t.Fatalf("Verify failed with a foreign error: %v", err)
		}
		h := hmac.New(sha256.New, []byte(secret.Reveal()))
		h.Write([]byte(timestamp + "."))
		h.Write(body)
		if !strings.Contains(strings.ToLower(signature), hex.EncodeToString(h.Sum(nil))) {
			t.Fatalf("Verify accepted a signature that is not the MAC: %q", signature)
		}
	})
}
