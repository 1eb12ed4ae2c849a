package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// idleFor is how long a started server sits without requests before its
// resident memory is read: past the start-up work (migrations, demo data,
// the first timer run, the portal index).
const idleFor = 3 * time.Second

// BenchmarkIdleRSS builds the server (without -race), starts it on a fresh
// SQLite file, lets it idle, and reports its resident memory from
// /proc/<pid>/status: idle-MiB is VmRSS, anon-MiB the heap and stacks
// (RssAnon), file-MiB the mapped pages of the binary (RssFile). "first"
// is the start that migrates and seeds, "restart" a start on that file,
// the usual case of a running service. Linux only.
//
//	go test ./examples/server -run '^$' -bench IdleRSS -benchtime 1x
func BenchmarkIdleRSS(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("needs /proc/<pid>/status (Linux)")
	}
	bin := buildServer(b, false)
	for b.Loop() {
		db := filepath.Join(b.TempDir(), "k.db")
		for _, run := range []string{"first", "restart"} {
			p := startProc(b, run, bin, procEnv(), "-db", db)
			time.Sleep(idleFor)
			st, err := procStatus(p.cmd.Process.Pid)
			if err != nil {
				b.Fatal(err)
			}
			p.stop(b)
			for _, k := range []string{"VmRSS", "RssAnon", "RssFile"} {
				b.ReportMetric(st[k]/1024, run+"-"+strings.ToLower(strings.TrimPrefix(k, "Vm"))+"-MiB")
			}
		}
	}
}

// procStatus reads the kB figures of /proc/<pid>/status.
func procStatus(pid int) (map[string]float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]float64{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, ok := strings.Cut(s.Text(), ":")
		fields := strings.Fields(v)
		if !ok || len(fields) != 2 || fields[1] != "kB" {
			continue
		}
		n, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, s.Err()
}
