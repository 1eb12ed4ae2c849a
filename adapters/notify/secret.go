package notify

import (
	"fmt"
	"io"
	"log/slog"
)

// Secret is a shared secret: a webhook signing key or an SMTP password. It
// prints as "[secret]" with every fmt verb, in slog and in JSON, so a
// configuration struct logged by mistake leaks nothing; only Reveal returns
// the value, for the one place that uses it.
type Secret struct{ value string }

// NewSecret wraps a secret value.
func NewSecret(value string) Secret { return Secret{value: value} }

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return s.value }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.value == "" }

// String hides the secret.
func (s Secret) String() string { return "[secret]" }

// GoString hides the secret from %#v.
func (s Secret) GoString() string { return "notify.Secret([redacted])" }

// Format hides the secret from every fmt verb, %d and %x included.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	_, _ = io.WriteString(f, s.String())
}

// LogValue hides the secret from log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue("[secret]") }

// MarshalText hides the secret from encoders (JSON, YAML) as well.
func (s Secret) MarshalText() ([]byte, error) { return []byte("[secret]"), nil }
