package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func fixedNow() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }

func TestGolden(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
	}{
		{name: "array_jsonl", args: []string{"testdata/shops.json"}, code: exitBad},
		{name: "array_table_en", args: []string{"-format", "table", "-lang", "en", "testdata/shops.json"}, code: exitBad},
		{name: "array_table_de", args: []string{"-format", "table", "testdata/shops.json"}, code: exitBad},
		{name: "lines_jsonl_en", args: []string{"-lang", "en", "testdata/shops.jsonl"}, code: exitBad},
		{name: "lines_jsonl", args: []string{"testdata/shops.jsonl"}, code: exitBad},
		{name: "lines_stdin_table", args: []string{"-format", "table", "-as-of", "2026-06-01"}, stdin: "testdata/shops.jsonl", code: exitBad},
		{name: "imported_catalogue", args: []string{"-catalogue", "testdata/catalogue.json", "testdata/shops.jsonl"}, code: exitBad},
		{name: "broken_array", args: []string{"testdata/broken.json"}, code: exitFail},
		{name: "empty_input", args: []string{"-"}, code: exitOK},
		{name: "bad_flag", args: []string{"-format", "xml"}, code: exitFail},
		{name: "bad_catalogue", args: []string{"-catalogue", "testdata/shops.json"}, code: exitFail},
		{name: "missing_file", args: []string{"testdata/nope.json"}, code: exitFail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdin io.Reader = strings.NewReader("")
			if tt.stdin != "" {
				f, err := os.Open(tt.stdin)
				require.NoError(t, err)
				defer f.Close()
				stdin = f
			}
			var out, errs bytes.Buffer
			code := run(tt.args, stdin, &out, &errs, fixedNow)
			require.Equal(t, tt.code, code, "exit code; stderr:\n%s", errs.String())
			golden(t, tt.name+".out", out.Bytes())
			golden(t, tt.name+".err", errs.Bytes())
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	require.Equal(t, string(want), string(got), "output differs from %s", path)
}

func TestGenerateThenScore(t *testing.T) {
	var gen bytes.Buffer
	require.Equal(t, exitOK, run([]string{"-generate", "500"}, nil, &gen, io.Discard, fixedNow))
	require.Equal(t, 500, bytes.Count(gen.Bytes(), []byte("\n")))
	var out, errs bytes.Buffer
	require.Equal(t, exitOK, run(nil, &gen, &out, &errs, fixedNow), errs.String())
	require.Equal(t, 500, bytes.Count(out.Bytes(), []byte("\n")))
}

// BenchmarkScoring pipes generated shops through the command, as a user
// would with a file of JSON lines. b.N shops per run; see README for the
// 1M-shop run with peak RSS.
func BenchmarkScoring(b *testing.B) {
	var gen bytes.Buffer
	if code := run([]string{"-generate", "100000"}, nil, &gen, io.Discard, fixedNow); code != exitOK {
		b.Fatal("generate failed")
	}
	data := gen.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if code := run(nil, bytes.NewReader(data), io.Discard, io.Discard, fixedNow); code != exitOK {
			b.Fatal("scoring failed")
		}
	}
	b.ReportMetric(float64(100000*b.N)/b.Elapsed().Seconds(), "shops/s")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
}
