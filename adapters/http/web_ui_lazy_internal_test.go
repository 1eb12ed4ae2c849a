package http

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestEveryPageParses renders nothing but parses every page of every
// language, as the first render would: pages are parsed lazily, so a
// broken page no longer fails New and would otherwise show only when
// someone opens it.
func TestEveryPageParses(t *testing.T) {
	t.Parallel()
	ui, err := newWebUI(webText(), webOperatorText())
	require.NoError(t, err)
	require.Len(t, ui.pages, len(fairshops.Languages()))
	for lang, pages := range ui.pages {
		require.NotEmpty(t, pages, lang)
		for name, page := range pages {
			tpl, err := page()
			require.NoError(t, err, "%s/%s", lang, name)
			require.NotNil(t, tpl.Lookup("layout.html"), "%s/%s", lang, name)
			require.NotNil(t, tpl.Lookup(name+".html"), "%s/%s", lang, name)
		}
	}
}

// TestFirstRendersAtOnce parses one page from many goroutines at once: the
// clones of a language's layout are serialised, and all get the same page.
func TestFirstRendersAtOnce(t *testing.T) {
	t.Parallel()
	ui, err := newWebUI(webText(), webOperatorText())
	require.NoError(t, err)
	var wg sync.WaitGroup
	for _, pages := range ui.pages {
		for _, page := range pages {
			for range 4 {
				wg.Go(func() {
					tpl, err := page()
					if err != nil || tpl == nil {
						t.Errorf("page: %v", err)
					}
				})
			}
		}
	}
	wg.Wait()
}
