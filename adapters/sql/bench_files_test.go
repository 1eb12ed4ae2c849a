package sqlstore_test

import (
	"bytes"
	"context"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	complainttest "github.com/fairshops/konfliktservice/complaint/storetest"
)

// BenchmarkFilesCreate10MB stores a 10 MB file on each target and reports
// the Go bytes allocated per stored byte (alloc/filebyte): the chunks keep
// the store's own share far below the file's size (the driver copies each
// 256 KiB chunk once).
func BenchmarkFilesCreate10MB(b *testing.B) {
	content := bytes.Repeat([]byte("0123456789abcdef"), (10<<20)/16)
	for _, tg := range sqltest.Targets() {
		b.Run(tg.Name, func(b *testing.B) {
			files := tg.Open(b).Files()
			ctx := context.Background()
			b.SetBytes(int64(len(content)))
			b.ReportAllocs()
			var from, to runtime.MemStats
			runtime.ReadMemStats(&from)
			for i := 0; b.Loop(); i++ {
				a := complainttest.SampleAttachment(complaintFileID(i), "c_bench", content, fileBenchT0)
				if err := files.Create(ctx, a, bytes.NewReader(content)); err != nil {
					b.Fatal(err)
				}
			}
			runtime.ReadMemStats(&to)
			b.ReportMetric(float64(to.TotalAlloc-from.TotalAlloc)/float64(b.N)/float64(len(content)), "alloc/filebyte")
		})
	}
}

// fileBenchT0 is the creation time of the benchmark's files.
var fileBenchT0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func complaintFileID(i int) string { return "f_bench_" + strconv.Itoa(i) }
