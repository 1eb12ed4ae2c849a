package notify

import (
	"container/heap"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// DefaultMaxBody is the largest webhook body VerifyRequest reads.
const DefaultMaxBody = 1 << 20

// Verifier checks webhook deliveries for a receiver: signature, timestamp
// and, with Replays, that the same delivery is not accepted twice. It is
// safe for concurrent use when its fields are not changed.
type Verifier struct {
	// Secrets are the shop's current signing secrets; a delivery signed with
	// any of them is accepted (more than one while a secret is rotated).
	Secrets []Secret
	// Tolerance is how far a timestamp may lie from now, both ways;
	// DefaultTolerance when zero.
	Tolerance time.Duration
	// Clock tells the receiver's time; the system clock when nil.
	Clock fairshops.Clock
	// Replays remembers accepted deliveries by event ID and timestamp; nil
	// turns the replay check off.
	Replays *ReplayCache
	// MaxBody limits the body VerifyRequest reads; DefaultMaxBody when zero.
	MaxBody int64
}

// Verify checks one delivery: its headers and its body as received.
// The replay check comes last, so only authentic deliveries are remembered.
func (v *Verifier) Verify(h Headers, body []byte) error {
	now := v.now()
	if err := verify(v.Secrets, h, body, now, v.Tolerance); err != nil {
		return err
	}
	if v.Replays != nil {
		at, _ := ParseTimestamp(h.Timestamp) // checked by verify
		return v.Replays.Check(h.EventID, at, now)
	}
	return nil
}

// VerifyRequest reads the body of r (up to MaxBody) and verifies the
// delivery; it returns the body for the receiver to decode.
func (v *Verifier) VerifyRequest(r *http.Request) ([]byte, error) {
	limit := v.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read webhook body: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, fairshops.E("notify.Verify", fairshops.Invalid, "", "body too large", ErrMalformed)
	}
	if err := v.Verify(HeadersOf(r.Header), body); err != nil {
		return nil, err
	}
	return body, nil
}

func (v *Verifier) now() time.Time {
	if v.Clock == nil {
		return time.Now()
	}
	return v.Clock.Now()
}

// ReplayCache remembers the deliveries a receiver accepted, by event ID and
// timestamp, for as long as their timestamps are within the tolerance (an
// older delivery fails the timestamp check anyway). It holds at most a fixed
// number of entries; when full it forgets the oldest one first, so size it
// for the deliveries of two tolerance windows. It is safe for concurrent use.
//
// A retry by the sender is a new delivery (same event ID, new timestamp) and
// passes: dropping duplicate events by ID is the receiver's own business.
type ReplayCache struct {
	mu        sync.Mutex
	capacity  int
	tolerance time.Duration
	seen      map[replayKey]struct{}
	byAge     replayHeap
}

type replayKey struct {
	eventID string
	unix    int64
}

// NewReplayCache returns a cache of at most capacity entries (at least 1)
// that remembers a delivery while its timestamp is within tolerance of now
// (DefaultTolerance when not positive).
func NewReplayCache(capacity int, tolerance time.Duration) *ReplayCache {
	if capacity < 1 {
		capacity = 1
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	return &ReplayCache{capacity: capacity, tolerance: tolerance, seen: map[replayKey]struct{}{}}
}

// Check records the delivery of eventID at timestamp at, seen at now, and
// fails with ErrReplay (kind Conflict) when it was recorded before.
func (c *ReplayCache) Check(eventID string, at, now time.Time) error {
	key := replayKey{eventID: eventID, unix: at.Unix()}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(now)
	if _, ok := c.seen[key]; ok {
		return fairshops.E("notify.Verify", fairshops.Conflict, eventID, "", ErrReplay)
	}
	for len(c.byAge) >= c.capacity {
		old := heap.Pop(&c.byAge).(replayKey)
		delete(c.seen, old)
	}
	c.seen[key] = struct{}{}
	heap.Push(&c.byAge, key)
	return nil
}

// Len reports how many deliveries the cache remembers.
func (c *ReplayCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}

// expire forgets the deliveries whose timestamps fell out of the tolerance.
func (c *ReplayCache) expire(now time.Time) {
	oldest := now.Add(-c.tolerance).Unix()
	for len(c.byAge) > 0 && c.byAge[0].unix < oldest {
		old := heap.Pop(&c.byAge).(replayKey)
		delete(c.seen, old)
	}
}

// replayHeap orders remembered deliveries by timestamp, oldest first.
type replayHeap []replayKey

func (h replayHeap) Len() int           { return len(h) }
func (h replayHeap) Less(i, j int) bool { return h[i].unix < h[j].unix }
func (h replayHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *replayHeap) Push(x any)        { *h = append(*h, x.(replayKey)) }
func (h *replayHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
