package http

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestStatusOf pins the one kind-to-status map, every kind included, and
// that every kind has a problem title in every language.
func TestStatusOf(t *testing.T) {
	want := map[fairshops.Kind]int{
		fairshops.Internal:   http.StatusInternalServerError,
		fairshops.NotFound:   http.StatusNotFound,
		fairshops.Conflict:   http.StatusConflict,
		fairshops.Forbidden:  http.StatusForbidden,
		fairshops.Invalid:    http.StatusUnprocessableEntity,
		fairshops.NotAllowed: http.StatusConflict,
		fairshops.Canceled:   http.StatusServiceUnavailable,
	}
	for k := fairshops.Internal; k <= fairshops.Canceled; k++ {
		t.Run(k.String(), func(t *testing.T) {
			status, ok := want[k]
			require.True(t, ok, "a new kind needs a status here")
			require.Equal(t, status, statusOf(k))
			for _, lang := range fairshops.Languages() {
				require.True(t, apiMessages().Has("problem."+k.String()), "a title for %s", k)
				if k != fairshops.Internal {
					require.NotEqual(t, problemTitle(lang, fairshops.Internal), problemTitle(lang, k), "own title in %s", lang)
				}
			}
		})
	}
}
