package http

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestAPIMessagesComplete checks the JSON API's catalogue: every key in
// German and English, and a title for every error kind.
func TestAPIMessagesComplete(t *testing.T) {
	t.Parallel()
	require.Empty(t, apiMessages().Missing(), "every key in de and en")
	for k := fairshops.Kind(0); !strings.HasPrefix(k.String(), "kind("); k++ {
		require.True(t, apiMessages().Has("problem."+k.String()), "a title for the kind %s", k)
		for _, lang := range fairshops.Languages() {
			require.NotEmpty(t, problemTitle(lang, k))
		}
	}
	require.Equal(t, "Nicht gefunden", problemTitle(fairshops.German, fairshops.NotFound))
	require.Equal(t, "Internal error", problemTitle(fairshops.English, fairshops.Kind(200)), "an unknown kind")
}

// TestTooManyCountsSeconds checks the rate limit's answer in both
// languages and both plural forms.
func TestTooManyCountsSeconds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang   fairshops.Language
		wait   time.Duration
		title  string
		detail string
	}{
		{fairshops.German, 0, "Zu viele Anfragen", "Bitte warten Sie 1 Sekunde."},
		{fairshops.German, 1500 * time.Millisecond, "Zu viele Anfragen", "Bitte warten Sie 2 Sekunden."},
		{fairshops.English, 0, "Too many requests", "Please wait 1 second."},
		{fairshops.English, 1500 * time.Millisecond, "Too many requests", "Please wait 2 seconds."},
	}
	for _, tt := range tests {
		w := httptest.NewRecorder()
		tooMany(w, tt.lang, tt.wait)
		var p Problem
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &p))
		require.Equal(t, tt.title, p.Title)
		require.Equal(t, tt.detail, p.Detail)
	}
}
