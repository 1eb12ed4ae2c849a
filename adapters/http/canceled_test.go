package http_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestCanceledRequests: a request whose context ends before the stores
// answer is no failure of the service. A client that went away gets no
// body (and 499 for the status-counting middleware); a deadline that passed
// gets 503 with a problem document. Neither writes an error log line.
func TestCanceledRequests(t *testing.T) {
	tests := []struct {
		name       string
		ctx        func() (context.Context, context.CancelFunc)
		wantStatus int
		wantType   string // problem type; "" for no body
	}{
		{"client went away", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, 499, ""},
		{"deadline passed", func() (context.Context, context.CancelFunc) {
			return context.WithDeadline(context.Background(), time.Unix(0, 0))
		}, http.StatusServiceUnavailable, "https://konfliktservice.example/problems/canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			w := newAPIWorld(t, apiWorldOptions{logger: slog.New(slog.NewTextHandler(&logs, nil))})
			ctx, cancel := tt.ctx()
			defer cancel()
			r := httptest.NewRequestWithContext(ctx, "GET", "/api/v1/complaints/"+w.complaintA, nil)
			w.authorize(r, asConsumer)
			rec := w.serve(r, "")
			require.Equal(t, tt.wantStatus, rec.Code, rec.Body.String())
			if tt.wantType == "" {
				require.Zero(t, rec.Body.Len(), "nobody is there to read an answer")
			} else {
				require.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
				require.Contains(t, rec.Body.String(), `"type":"`+tt.wantType+`"`)
			}
			require.NotContains(t, logs.String(), "level=ERROR")
		})
	}
}
