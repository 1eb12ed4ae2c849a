package dbtemplate_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/sql/internal/dbtemplate"
)

func TestCopyToBuildsOnce(t *testing.T) {
	var f dbtemplate.File
	builds := 0
	build := func(path string) error {
		builds++
		return os.WriteFile(path, []byte("migrated"), 0o600)
	}
	dir := t.TempDir()
	for _, name := range []string{"a.db", "b.db"} {
		p := filepath.Join(dir, name)
		require.NoError(t, f.CopyTo(p, build))
		got, err := os.ReadFile(p)
		require.NoError(t, err)
		require.Equal(t, "migrated", string(got))
	}
	require.Equal(t, 1, builds)
}

func TestCopyToReportsBuildErrors(t *testing.T) {
	var f dbtemplate.File
	boom := errors.New("boom")
	err := f.CopyTo(filepath.Join(t.TempDir(), "a.db"), func(string) error { return boom })
	require.ErrorIs(t, err, boom)
	// The error stays: a broken template is not retried by every test.
	err = f.CopyTo(filepath.Join(t.TempDir(), "b.db"), func(string) error { return nil })
	require.ErrorIs(t, err, boom)
}

func TestCopyToRefusesALeftOverLog(t *testing.T) {
	var f dbtemplate.File
	err := f.CopyTo(filepath.Join(t.TempDir(), "a.db"), func(path string) error {
		if err := os.WriteFile(path, []byte("db"), 0o600); err != nil {
			return err
		}
		return os.WriteFile(path+"-wal", []byte("log"), 0o600)
	})
	require.ErrorContains(t, err, "write-ahead log")
}
