// Package sweep works a store's list of due items page by page, the loop
// of the retention runs (complaint.Service.ProcessRetention,
// mediation.Service.ProcessRetention): each item is handled on its own, a
// failure on one is counted and the run goes on, a canceled context or a
// failing page read ends it early.
package sweep

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Due reads the due items with list, fairshops.MaxLimit at a time after
// the ID of the last item seen (cursor paging), and calls do on each. do
// reports whether it changed the item (false: nothing to do, or another
// node did it meanwhile); a do that fails is reported to failed and
// counted, unless ctx has ended, which ends the run with the error wrapped
// in op and the item's ID. A failing list ends the run with its error
// wrapped in op. Due returns the IDs of the items done, in order, and the
// number that failed, also when it ends early.
func Due[T any](ctx context.Context, op string, list func(after string, limit int) ([]T, error),
	id func(T) string, do func(T) (bool, error), failed func(T, error)) (done []string, nfailed int, err error) {
	after := ""
	for {
		page, err := list(after, fairshops.MaxLimit)
		if err != nil {
			return done, nfailed, fairshops.Wrap(op, "", err)
		}
		for _, x := range page {
			wrote, err := do(x)
			switch {
			case err != nil && ctx.Err() != nil:
				return done, nfailed, fairshops.Wrap(op, id(x), err)
			case err != nil:
				nfailed++
				failed(x, err)
			case wrote:
				done = append(done, id(x))
			}
		}
		if len(page) < fairshops.MaxLimit {
			return done, nfailed, nil
		}
		after = id(page[len(page)-1])
	}
}
