package http

import (
	"context"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// carrierFigure is the operator dashboard's figure of issue 17: of the
// complaints with a transit finding, how many have a claim against the
// carrier opened in time (no later than its notice deadline).
type carrierFigure struct {
	Label, Value, Share string
}

// carrierInTime counts the figure. It walks the complaints and the claims
// page by page (the transit finding is no column of the complaint store):
// cheap for one operator's numbers, and the first thing to move into the
// store's statistics when they grow (docs/adr-carrier-claims.md).
func (h *Handler) carrierInTime(ctx context.Context, p fairshops.Principal, lang fairshops.Language) (*carrierFigure, error) {
	if h.claims == nil {
		return nil, nil
	}
	transit := map[string]bool{}
	for after := ""; ; {
		page, err := h.complaints.List(ctx, p, complaint.Filter{After: after, Limit: fairshops.MaxLimit})
		if err != nil {
			return nil, err
		}
		for _, c := range page {
			if carrierclaim.Applies(c) {
				transit[c.ID] = true
			}
		}
		if len(page) < fairshops.MaxLimit {
			break
		}
		after = page[len(page)-1].ID
	}
	inTime := 0
	for after := ""; ; {
		page, err := h.claims.List(ctx, p, carrierclaim.Filter{After: after, Limit: fairshops.MaxLimit})
		if err != nil {
			return nil, err
		}
		for _, cl := range page {
			if cl.OpenedInTime && transit[cl.ComplaintID] {
				inTime++
			}
		}
		if len(page) < fairshops.MaxLimit {
			break
		}
		after = page[len(page)-1].ID
	}
	m := carrierclaim.Messages()
	f := &carrierFigure{Label: m.Render(lang, "figure.in_time"), Value: m.Render(lang, "figure.in_time.value", inTime, len(transit)),
		Share: "–"}
	if len(transit) > 0 {
		f.Share = percentText(int(int64(inTime)*1000/int64(len(transit))), lang)
	}
	return f, nil
}
