package http_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestShopContactAPI: the operator registers a shop with its contact for
// complaints; the public view carries it (and still no private data); a
// wrong contact is refused with every wrong field.
func TestShopContactAPI(t *testing.T) {
	w := newAPIWorld(t, apiWorldOptions{})
	tests := []struct {
		name   string
		body   string
		status int
		fields []string
	}{
		{"with a contact", `{"id":"kontakt","name":"Kontakt","domain":"kontakt.example","seal":{"status":"licensed"},
			"complaint_contact":{"email":"hilfe@kontakt.example","phone":"+49 89 123456","hours":"Mo–Fr 9–17"}}`, 201, nil},
		{"wrong contact", `{"id":"k2","name":"K2","domain":"k2.example","seal":{"status":"licensed"},
			"complaint_contact":{"email":"nope","phone":"ruf an","fax":"1"}}`, 422,
			[]string{"complaint_contact.fax", "complaint_contact.email", "complaint_contact.phone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := w.must(asOperator, "POST", "/api/v1/shops", tt.body, tt.status)
			if tt.fields == nil {
				require.Equal(t, map[string]any{"email": "hilfe@kontakt.example", "phone": "+49 89 123456", "hours": "Mo–Fr 9–17"},
					got["complaint_contact"])
				return
			}
			var fields []string
			for _, e := range got["errors"].([]any) {
				fields = append(fields, e.(map[string]any)["field"].(string))
			}
			require.ElementsMatch(t, tt.fields, fields)
		})
	}
	view := w.must(asAnonymous, "GET", "/api/v1/shops/kontakt", "", 200)
	require.Equal(t, map[string]any{"email": "hilfe@kontakt.example", "phone": "+49 89 123456", "hours": "Mo–Fr 9–17"},
		view["complaint_contact"])
	require.NotContains(t, view, "bookings")
}
