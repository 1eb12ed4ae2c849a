package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/casefile"
)

func write(t *testing.T, dir, name string, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, b, 0o600))
	return p
}

func TestVerify(t *testing.T) {
	dir := t.TempDir()
	k, err := casefile.NewKey("ks-1", bytes.Repeat([]byte{9}, 32))
	require.NoError(t, err)
	var h fairshops.History
	for range 3 {
		h.Append("c_1", fairshops.PlainEntries, fairshops.Entry{At: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), Action: "filed",
			Actor: fairshops.Actor{Role: fairshops.RoleConsumer}})
	}
	doc, err := json.Marshal(map[string]any{"id": "c_1", "history": h})
	require.NoError(t, err)
	f, err := casefile.Seal(k, "c_1", time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC),
		[]casefile.Part{{Name: "complaint", Type: casefile.TypeComplaint, Data: doc}})
	require.NoError(t, err)
	keys := write(t, dir, "keys.json", casefile.KeySet{Keys: []casefile.PublicKey{k.Public()}})

	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-keys", keys, write(t, dir, "ok.json", f)}, &out, &errOut), errOut.String())
	require.Contains(t, out.String(), "intact: case file of c_1")

	// An entry's action rewritten: the part and the entry are named.
	var d map[string]any
	require.NoError(t, json.Unmarshal(f.Parts[0].Data, &d))
	d["history"].([]any)[1].(map[string]any)["action"] = "withdrawn"
	f.Parts[0].Data, err = json.Marshal(d)
	require.NoError(t, err)
	out.Reset()
	require.Equal(t, 1, run([]string{"-keys", keys, write(t, dir, "bad.json", f)}, &out, &errOut))
	require.Contains(t, out.String(), "CHANGED")
	require.Contains(t, out.String(), "complaint: content changed")
	require.Contains(t, out.String(), "complaint: history: entry 2")

	require.Equal(t, 2, run([]string{"-keys", keys}, &out, &errOut))
	require.Equal(t, 2, run([]string{"-keys", filepath.Join(dir, "none.json"), "x"}, &out, &errOut))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "junk.json"), []byte("junk"), 0o600))
	errOut.Reset()
	require.Equal(t, 2, run([]string{"-keys", keys, filepath.Join(dir, "junk.json")}, &out, &errOut))
	require.True(t, strings.Contains(errOut.String(), "not a case file"))
}
