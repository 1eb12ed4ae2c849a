package http

import (
	"net/http"
)

// The consumer's moves that end a complaint (withdraw, mark as settled)
// take two steps without any script: the case page's button is a GET form
// that leads to a confirmation page, whose POST form (with the CSRF token)
// makes the move. A move the complaint no longer allows sends the reader
// back to the case page.

// confirmData is what the confirmation page shows.
type confirmData struct {
	Heading, Text, Button string
	Action, Back          string
	Danger                bool // the move cannot be undone
}

// consumerConfirm answers GET /c/{id}/withdraw and GET /c/{id}/resolve:
// the confirmation page of the move, when the complaint allows it.
func (h *Handler) consumerConfirm(move string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := callerOf(r)
		id := r.PathValue("id")
		who := consumerOf(c)
		got, err := h.complaints.Get(r.Context(), who, id)
		if err != nil {
			h.webError(w, r, c, err)
			return
		}
		base := consumerBase(id)
		d, err := h.buildComplaintPage(r.Context(), got, who, c.lang, base)
		if err != nil {
			h.webError(w, r, c, err)
			return
		}
		allowed := map[string]bool{"withdraw": d.Can.Withdraw, "resolve": d.Can.Resolve, "erase": d.Can.Erase}
		if !allowed[move] {
			seeOther(w, r, base)
			return
		}
		p := h.newPage(w, r, c, "confirm."+move+".title")
		p.Data = confirmData{Heading: p.Title, Text: h.web.t(c.lang, "confirm."+move+".text"),
			Button: h.web.t(c.lang, "confirm."+move+".button"), Action: base + "/" + move, Back: base,
			Danger: move == "withdraw" || move == "erase"}
		h.render(w, r, http.StatusOK, "confirm", p)
	}
}
