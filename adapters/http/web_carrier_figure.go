package http

import (
	"context"

	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/fairshops"
)

// carrierFigure is the operator dashboard's figure of issue 17: of the
// complaints with a transit finding, how many have a claim against the
// carrier opened in time (no later than its notice deadline).
type carrierFigure struct {
	Label, Value, Share string
}

// carrierInTime counts the figure with the claim store's one query
// (carrierclaim.Store.InTime), not by walking every complaint.
func (h *Handler) carrierInTime(ctx context.Context, p fairshops.Principal, lang fairshops.Language) (*carrierFigure, error) {
	if h.claims == nil {
		return nil, nil
	}
	fig, err := h.claims.InTimeFigure(ctx, p)
	if err != nil {
		return nil, err
	}
	m := carrierclaim.Messages()
	f := &carrierFigure{Label: m.Render(lang, "figure.in_time"), Value: m.Render(lang, "figure.in_time.value", fig.InTime, fig.Transit),
		Share: "–"}
	if fig.Transit > 0 {
		f.Share = percentText(int(int64(fig.InTime)*1000/int64(fig.Transit)), lang)
	}
	return f, nil
}
