package http

import (
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// TestRecordErased: the call the erasure flow makes records one
// complaint.erased entry for the operator who erased.
func TestRecordErased(t *testing.T) {
	db := memory.New()
	h := &Handler{audit: audit.NewRecorder(db.Audit(), fairshops.NewManualClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))), log: slog.Default()}
	r := withCaller(httptest.NewRequest("POST", "/operator/complaints/c_1/erase", nil),
		caller{account: &account.Identity{Role: account.Operator, Login: "anna"}})
	h.recordErased(r, "c_1", "request")
	got, err := db.Audit().List(context.Background(), audit.Filter{})
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, audit.ComplaintErased, got[0].Action)
	require.Equal(t, audit.Operator("anna"), got[0].Actor)
	require.Equal(t, audit.Complaint("c_1"), got[0].Subject)
	require.Equal(t, "request", got[0].Detail)
}

// failingLog refuses every append.
type failingLog struct{ audit.Log }

func (failingLog) Append(context.Context, *audit.Entry) error { return errors.New("disk full") }

// TestRecordFailureIsLogged: a log that cannot be written does not stop
// the request; the failure goes to the error log, naming the action.
func TestRecordFailureIsLogged(t *testing.T) {
	var out strings.Builder
	h := &Handler{audit: audit.NewRecorder(failingLog{}, nil), log: slog.New(slog.NewTextHandler(&out, nil))}
	r := withCaller(httptest.NewRequest("GET", "/", nil), caller{})
	h.record(r, audit.QueueExported, audit.Queue(), "csv")
	require.Contains(t, out.String(), "audit log not written")
	require.Contains(t, out.String(), "export.queue")

	var none Handler // no audit log: nothing happens
	none.record(r, audit.QueueExported, audit.Queue(), "csv")
}
