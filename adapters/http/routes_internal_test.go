package http

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTableRefuses checks that the table refuses what no guard could
// enforce: a route without an access rule, a rule of the other face, a
// route without a handler, one registered twice; routes of a group whose
// condition does not hold are checked too, though not registered.
func TestTableRefuses(t *testing.T) {
	ok := func(http.ResponseWriter, *http.Request) {}
	tests := []struct {
		name   string
		groups []group
		want   string
	}{
		{"no access rule", []group{{when: true, routes: []route{r("GET /operator/secrets", ok)}}},
			"GET /operator/secrets: no access rule"},
		{"no rule, switched off", []group{{when: false, routes: []route{r("GET /operator/secrets", ok)}}},
			"GET /operator/secrets: no access rule"},
		{"a web rule on the API", []group{{access: consumer, when: true, routes: []route{r("GET /api/v1/x", ok)}}},
			"GET /api/v1/x: access consumer is no rule of the API"},
		{"an API rule on a page", []group{{access: party, when: true, routes: []route{r("GET /x", ok)}}},
			"GET /x: access party is no rule of the web UI"},
		{"no handler", []group{{access: anyone, when: true, routes: []route{r("GET /x", nil)}}},
			"GET /x: no handler"},
		{"twice", []group{{access: anyone, when: true, routes: []route{r("GET /x", ok)}},
			{access: operatorOnly, when: true, routes: []route{r("GET /x", ok)}}},
			"GET /x: registered twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := table(tt.groups)
			require.ErrorContains(t, err, tt.want)
			require.Nil(t, rs)
		})
	}
	rs, err := table([]group{{access: operatorOnly, when: true, routes: []route{r("GET /operator", ok)}},
		{access: shopOnly, when: false, routes: []route{r("GET /shop", ok)}}})
	require.NoError(t, err)
	require.Len(t, rs, 1, "a switched-off group is not registered")
	require.Equal(t, operatorOnly, rs[0].access)
}
