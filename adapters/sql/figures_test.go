package sqlstore_test

import (
	"testing"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	figuretest "github.com/fairshops/konfliktservice/fairshops/figures/storetest"
)

// The figures in SQL against the hand-computed ones and the definition
// (figures.Compute), on every target.
func TestFigureStore(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		figuretest.Run(t, func(t *testing.T) figuretest.Harness {
			db := open(t)
			return figuretest.Harness{Figures: db.Figures(), Complaints: db.Complaints(), Cases: db.Cases()}
		})
	})
}
