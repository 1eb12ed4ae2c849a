package http

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// OutboxAdmin is what the operator console needs of the transactional
// outbox: the events relays gave up, page by page in write order, and
// putting one back in the queue once its cause is fixed. The outbox of
// adapters/sql implements it (db.Outbox(): Dead, Requeue).
type OutboxAdmin interface {
	Dead(ctx context.Context, after int64, limit int) ([]fairshops.OutboxEntry, error)
	Requeue(ctx context.Context, id string, now time.Time) error
}

// complaintEventPrefix starts the type of every event of package complaint
// (complaint.EventSubmitted, ...), whose subject is the complaint's ID; IDs
// themselves are opaque.
const complaintEventPrefix = "complaint."

// opOutboxPage is how many events the outbox page shows at once.
const opOutboxPage = 50

// opOutboxData is the outbox page: the given-up events and, when there are
// more, the position to page on from.
type opOutboxData struct {
	Events []opDeadEvent
	Next   int64 // 0: no more
}

type opDeadEvent struct {
	ID, Type, Subject, Shop string
	At, DeadAt              time.Time
	Attempts                int
	LastError               string // a receiver's answer or a network error: escaped like all text
	ComplaintLink           bool   // a complaint's event: Subject is the complaint, which the console can show
}

// opOutbox lists the events the relays gave up (GET /operator/outbox,
// ?after=<position> pages on).
func (h *Handler) opOutbox(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	var after int64
	if s := r.URL.Query().Get("after"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			var p fairshops.Problems
			p.Add("after", fairshops.ReasonInvalidFormat, "a whole number >= 0")
			h.webError(w, r, c, p.Err("web.opOutbox"))
			return
		}
		after = n
	}
	entries, err := h.outbox.Dead(r.Context(), after, opOutboxPage+1)
	if err != nil {
		h.webError(w, r, c, err)
		return
	}
	var d opOutboxData
	if len(entries) > opOutboxPage {
		entries = entries[:opOutboxPage]
		d.Next = entries[len(entries)-1].Seq
	}
	for _, e := range entries {
		d.Events = append(d.Events, opDeadEvent{ID: e.Event.ID, Type: e.Event.Type, Subject: e.Event.Subject,
			Shop: e.Event.ShopID, At: e.Event.At, DeadAt: e.DeadAt, Attempts: e.Attempts, LastError: e.LastError,
			ComplaintLink: h.complaints != nil && strings.HasPrefix(e.Event.Type, complaintEventPrefix)})
	}
	p := h.newPage(w, r, c, "op.outbox.title")
	p.Data = d
	h.render(w, r, http.StatusOK, "operator_outbox", p)
}

// opRequeue puts a given-up event back in the queue
// (POST /operator/outbox/{id}/requeue).
func (h *Handler) opRequeue(w http.ResponseWriter, r *http.Request) {
	c := callerOf(r)
	if err := h.outbox.Requeue(r.Context(), r.PathValue("id"), h.clock.Now()); err != nil {
		h.webError(w, r, c, err)
		return
	}
	h.record(r, audit.EventRequeued, audit.Event(r.PathValue("id")), "")
	seeOther(w, r, "/operator/outbox?done=op_requeued")
}
