package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// buildServer compiles this command into a temporary directory, for the
// tests that need it as a process of its own (kill -9, resident memory).
func buildServer(t testing.TB, race bool) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to build the server with")
	}
	bin := filepath.Join(t.TempDir(), "server")
	args := []string{"build", "-o", bin}
	if race {
		args = append(args, "-race")
	}
	cmd := exec.Command(goTool, append(args, ".")...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// proc is one server process.
type proc struct {
	name   string
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:port
	out    *syncBuffer
	exited chan struct{}
}

var listeningLine = regexp.MustCompile(`Konfliktservice listening on (\S+) `)

// startProc starts bin on a free loopback port with args and the
// environment env, waits until it listens, and stops it (SIGTERM) when
// the test ends unless it was killed before.
func startProc(t testing.TB, name, bin string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, out: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	p.cmd.Env = env
	p.cmd.Stderr = p.out
	stdout, err := p.cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, p.cmd.Start())
	addr := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stdout)
		for s.Scan() {
			line := s.Text()
			_, _ = io.WriteString(p.out, line+"\n")
			if m := listeningLine.FindStringSubmatch(line); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(p.out, stdout)
		_ = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() { p.stop(t) })
	select {
	case a := <-addr:
		p.base = "http://" + a
	case <-p.exited:
		t.Fatalf("%s did not start:\n%s", name, p.out)
	case <-time.After(2 * time.Minute):
		t.Fatalf("%s did not listen within 2 minutes:\n%s", name, p.out)
	}
	return p
}

// stop ends the process with SIGTERM (a clean shutdown) and waits for it;
// a process that does not end in 30s is killed and the test fails.
func (p *proc) stop(t testing.TB) {
	t.Helper()
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
		t.Errorf("%s did not shut down within 30s:\n%s", p.name, p.out)
	}
}

// kill ends the process with SIGKILL, as a crash or an OOM killer would,
// and waits until it is gone.
func (p *proc) kill(t testing.TB) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Kill())
	<-p.exited
}

// procEnv is this process's environment with vars added.
func procEnv(vars ...string) []string {
	return append(os.Environ(), vars...)
}
