package main

import (
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestCSRFKeyFile reads the key that several nodes share from a file, as a
// secret store mounts it, and refuses a file that does not hold one, or a
// key from both the file and the environment, without echoing the content.
func TestCSRFKeyFile(t *testing.T) {
	t.Parallel()
	key := strings.Repeat("ab", 32)
	write := func(content string) string {
		path := filepath.Join(t.TempDir(), "csrf.key")
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	good := write(key + "\n")
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    []byte
		problem string // the field of the one expected problem; "" for none
	}{
		{name: "flag", args: []string{"-csrf-key-file", good}, want: mustHex(t, key)},
		{name: "environment", env: map[string]string{envName("csrf-key-file"): good}, want: mustHex(t, key)},
		{name: "no file", args: []string{"-csrf-key-file", filepath.Join(t.TempDir(), "none")}, problem: "-csrf-key-file"},
		{name: "not hex", args: []string{"-csrf-key-file", write("secret-but-not-hex-" + key)}, problem: "-csrf-key-file"},
		{name: "too short", args: []string{"-csrf-key-file", write(key[:62])}, problem: "-csrf-key-file"},
		{name: "and the environment", args: []string{"-csrf-key-file", good}, env: map[string]string{envCSRFKey: key},
			problem: "-csrf-key-file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := parseConfig(tc.args, env(tc.env), io.Discard)
			if tc.problem == "" {
				require.NoError(t, err)
				require.Equal(t, tc.want, cfg.csrfKey)
				return
			}
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve), "%v", err)
			require.Len(t, ve.Fields, 1, "%v", err)
			require.Equal(t, tc.problem, ve.Fields[0].Field)
			require.NotContains(t, err.Error(), key[:16], "the key stays out of the error")
		})
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}
