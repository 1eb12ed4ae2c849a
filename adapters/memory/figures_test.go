package memory_test

import (
	"testing"

	"github.com/fairshops/konfliktservice/adapters/memory"
	figuretest "github.com/fairshops/konfliktservice/fairshops/figures/storetest"
)

func TestFigureStore(t *testing.T) {
	figuretest.Run(t, func(t *testing.T) figuretest.Harness {
		db := memory.New()
		return figuretest.Harness{Figures: db.Figures(), Complaints: db.Complaints(), Cases: db.Cases()}
	})
}
