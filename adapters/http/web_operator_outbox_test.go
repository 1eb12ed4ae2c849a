package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
)

// TestWebOperatorOutbox: the given-up events with their errors escaped,
// putting one back in the queue, paging, and the refusals.
func TestWebOperatorOutbox(t *testing.T) {
	e := newWebEnv(t)
	op := e.operator(t, "en")

	p := op.get("/operator/outbox")
	require.Equal(t, http.StatusOK, p.status)
	p.contains(t, `<a href="/operator/outbox" aria-current="page">Delivery</a>`, "complaint.submitted", "ev_dead",
		"webhook answered 410 &lt;b&gt;Gone&lt;/b&gt;", `href="/operator/complaints/c_unknown"`,
		`action="/operator/outbox/ev_dead/requeue"`)
	p.lacks(t, "<b>Gone</b>", "More events")

	p = op.post("/operator/outbox/ev_dead/requeue", withCSRF(url.Values{}, p.csrf(t)))
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Equal(t, "/operator/outbox?done=op_requeued", p.header.Get("Location"))
	p = op.get("/operator/outbox?done=op_requeued")
	p.contains(t, "The event will be delivered again.", "None: every event was delivered")
	p.lacks(t, "ev_dead")
	entries, err := e.outbox.Dead(t.Context(), 0, 10)
	require.NoError(t, err)
	require.Empty(t, entries)

	tests := []struct {
		name   string
		id     string
		status int
	}{
		{"not given up (any more)", "ev_dead", http.StatusConflict},
		{"unknown", "ev_nope", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := op.post("/operator/outbox/"+tt.id+"/requeue", withCSRF(url.Values{}, op.get("/operator/outbox").csrf(t)))
			require.Equal(t, tt.status, p.status)
		})
	}

	// More than a page: 50 shown, then the rest after the last one's position.
	for i := range 52 {
		e.outbox.add(fmt.Sprintf("ev_page%02d", i), e.clock.Now(), "timeout")
	}
	p = op.get("/operator/outbox")
	p.contains(t, "ev_page00", "ev_page49", `href="/operator/outbox?after=51"`, "More events")
	p.lacks(t, "ev_page50")
	p = op.get("/operator/outbox?after=51")
	p.contains(t, "ev_page50", "ev_page51")
	p.lacks(t, "ev_page49", "More events")

	for _, bad := range []string{"x", "-1", "1e3"} {
		p = op.get("/operator/outbox?after=" + bad)
		require.Equal(t, http.StatusUnprocessableEntity, p.status, bad)
	}
}

// TestWebOperatorWithoutOutbox: a handler without an outbox has no such
// page and no link to it.
func TestWebOperatorWithoutOutbox(t *testing.T) {
	e := newWebEnv(t, func(c *kshttp.Config) { c.Outbox = nil })
	op := e.operator(t, "de")
	p := op.get("/operator/outbox")
	require.Equal(t, http.StatusNotFound, p.status)
	p = op.get("/operator")
	require.Equal(t, http.StatusOK, p.status)
	p.lacks(t, `href="/operator/outbox"`)
}
