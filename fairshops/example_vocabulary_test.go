package fairshops_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	fs "github.com/fairshops/konfliktservice/fairshops"
)

// A service names its operation on an error from its store and keeps the
// store's kind; a canceled request is Canceled, not a failure.
func ExampleWrap() {
	notFound := fs.E("store.Get", fs.NotFound, "c_1", "", nil)
	err := fs.Wrap("complaint.Get", "c_1", notFound)
	fmt.Println(fs.KindOf(err), errors.Is(err, fs.ErrNotFound))

	err = fs.Wrap("complaint.Get", "c_1", context.Canceled)
	fmt.Println(fs.KindOf(err))
	// Output:
	// not_found true
	// canceled
}

// A history is appended to as things happen, and an exported copy is
// verified by anyone who knows the record's ID and its encoding.
func ExampleHistory() {
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	var h fs.History
	h.Append("c_1", fs.PlainEntries, fs.Entry{At: at, Actor: fs.Actor{Role: fs.RoleConsumer}, Action: "submitted"})
	h.Append("c_1", fs.PlainEntries, fs.Entry{At: at, Actor: fs.AsShop("shop-1").Actor(), Action: "message_added"})
	fmt.Println(len(h), h[1].Prev == h[0].Hash, h.Head() == h[1].Hash)
	fmt.Println(h.Verify("example", "c_1", fs.PlainEntries))

	h[0].Action = "withdrawn"
	fmt.Println(h.Verify("example", "c_1", fs.PlainEntries))
	// Output:
	// 2 true true
	// <nil>
	// example c_1: invalid: entry 1 was changed
}
