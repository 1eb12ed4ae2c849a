package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCaseFileKeyRotation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "casefile.key")
	t0 := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	k1, retired, written, err := loadCaseFileKey(path, false, t0)
	require.NoError(t, err)
	require.True(t, written, "made at the first start")
	require.Empty(t, retired)
	st, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	again, _, written, err := loadCaseFileKey(path, false, t0.Add(time.Hour))
	require.NoError(t, err)
	require.False(t, written)
	require.Equal(t, k1.ID, again.ID)
	require.Equal(t, k1.Private, again.Private, "the same key on every start")

	k2, retired, written, err := loadCaseFileKey(path, true, t0.Add(24*time.Hour))
	require.NoError(t, err)
	require.True(t, written)
	require.NotEqual(t, k1.ID, k2.ID)
	require.Equal(t, []string{k1.ID}, []string{retired[0].ID}, "the old key stays published")
	require.Equal(t, k1.Public().Key, retired[0].Key)

	require.NoError(t, os.WriteFile(path, []byte("{"), 0o600))
	_, _, _, err = loadCaseFileKey(path, false, t0)
	require.ErrorContains(t, err, "not a key file")
}
