package complaint

import (
	"context"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The shop's unread marker (issue 14 item 3): a complaint is unread for
// its shop when it was forwarded, or the consumer or the operator wrote in
// its thread, after the shop last opened it (its page, or the API's GET by
// the shop). Internal notes, timers and the shop's own messages never make
// it unread: the shop must not learn from the marker that something it
// cannot see happened.

// ShopReads keeps when each shop last opened each of its complaints;
// adapters implement it and pass complaint/storetest.RunShopReads.
// MarkRead keeps the later of the stored and the given time (two nodes
// may mark at once); ReadAt returns the times of the IDs that have one
// (a complaint never opened is absent).
type ShopReads interface {
	MarkRead(ctx context.Context, complaintID string, at time.Time) error
	ReadAt(ctx context.Context, complaintIDs []string) (map[string]time.Time, error)
}

// ShopNews returns when the shop last had news on c: the forwarding, or
// the latest message of the consumer or the operator; zero when the
// complaint was never forwarded.
func ShopNews(c *Complaint) time.Time {
	var news time.Time
	for _, e := range c.History {
		if e.Action == "forwarded" && e.At.After(news) {
			news = e.At
		}
	}
	if news.IsZero() {
		return time.Time{} // not the shop's yet
	}
	for _, m := range c.Messages {
		if (m.Author == fairshops.RoleConsumer || m.Author == fairshops.RoleOperator) && m.At.After(news) {
			news = m.At
		}
	}
	return news
}

// Unread reports whether c is unread for its shop, which last opened it
// at readAt (zero: never).
func Unread(c *Complaint, readAt time.Time) bool {
	news := ShopNews(c)
	return !news.IsZero() && news.After(readAt)
}
