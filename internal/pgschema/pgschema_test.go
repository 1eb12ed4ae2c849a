package pgschema

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWithSearchPath(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"postgres://u@localhost/db?sslmode=disable", "postgres://u@localhost/db?search_path=s&sslmode=disable"},
		{"host=/tmp/sock user=postgres", "host=/tmp/sock user=postgres search_path=s"},
	} {
		require.Equal(t, tc.want, WithSearchPath(tc.dsn, "s"))
	}
}
