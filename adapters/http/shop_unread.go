package http

import (
	"net/http"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The shop's unread marker (issue 14 item 3; complaint.Unread): opening a
// complaint's page or reading it through the API as its shop marks it
// read; the inbox marks and counts the unread rows, and the API's list
// items carry "unread" for a shop.

// markShopRead records that the shop p opened the complaint c now. A
// failure is logged, not answered: the marker must not break reading.
func (h *Handler) markShopRead(r *http.Request, p fairshops.Principal, c *complaint.Complaint) {
	if h.shopReads == nil || p.Role != fairshops.RoleShop || c.ShopID != p.ShopID {
		return
	}
	if err := h.shopReads.MarkRead(r.Context(), c.ID, h.clock.Now()); err != nil {
		h.log.ErrorContext(r.Context(), "mark read", "complaint", c.ID, "err", err)
	}
}

// shopUnread reports which of the shop's complaints are unread; nil when
// the caller is no shop or there is no marker.
func (h *Handler) shopUnread(r *http.Request, p fairshops.Principal, list []*complaint.Complaint) (map[string]bool, error) {
	if h.shopReads == nil || p.Role != fairshops.RoleShop {
		return nil, nil
	}
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	read, err := h.shopReads.ReadAt(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(list))
	for _, c := range list {
		out[c.ID] = complaint.Unread(c, read[c.ID])
	}
	return out, nil
}
