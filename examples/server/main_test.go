package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the server's log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServerStartsServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, &out, ready) }()
	addr := <-ready

	for _, path := range []string{"/healthz", "/api/v1/catalogue", "/api/v1/shops/demo-shop"} {
		resp, err := http.Get("http://" + addr + path)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", path, body)
	}
	cancel()
	require.NoError(t, <-done)
	require.Contains(t, out.String(), "/api/v1/shops/demo-shop")
	require.Contains(t, out.String(), "shutting down")
}

func TestServerBadFlag(t *testing.T) {
	require.Error(t, run(context.Background(), []string{"-nope"}, io.Discard, nil))
}
