package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/fairshops"
)

// TestWebShopSettingsContact: a shop edits its own contact for complaints
// on /shop/settings (the inbox links it); a wrong one comes back with the
// errors next to the fields and nothing saved; another shop's data is never
// touched; anonymous callers are sent to the login.
func TestWebShopSettingsContact(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	b := e.browser(t, "en")
	b.login(shopLogin, "/shop")
	b.get("/shop").contains(t, `<a href="/shop/settings">`)
	tests := []struct {
		name   string
		form   url.Values
		status int
		want   fairshops.ComplaintContact
		errors []string
	}{
		{"set", url.Values{"complaint_contact.email": {"hilfe@demo.example"}, "complaint_contact.hours": {"Mo–Fr 9–17"}},
			http.StatusSeeOther, fairshops.ComplaintContact{Email: "hilfe@demo.example", Hours: "Mo–Fr 9–17"}, nil},
		{"wrong", url.Values{"complaint_contact.email": {"nope"}}, http.StatusUnprocessableEntity,
			fairshops.ComplaintContact{Email: "hilfe@demo.example", Hours: "Mo–Fr 9–17"}, []string{"f-complaint-contact-email-err"}},
		{"clear", url.Values{}, http.StatusSeeOther, fairshops.ComplaintContact{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := b.get("/shop/settings")
			require.Equal(t, http.StatusOK, page.status)
			s, err := e.reg.Shop(ctx, "demo-shop")
			require.NoError(t, err)
			if s.ComplaintContact.Email != "" {
				page.contains(t, `value="`+s.ComplaintContact.Email+`"`)
			}
			form := withCSRF(tt.form, page.csrf(t))
			form.Set("version", strconv.Itoa(s.Version))
			p := b.post("/shop/settings/contact", form)
			require.Equal(t, tt.status, p.status, p.body)
			for _, id := range tt.errors {
				p.contains(t, `id="`+id+`"`)
			}
			s, err = e.reg.Shop(ctx, "demo-shop")
			require.NoError(t, err)
			require.Equal(t, tt.want, s.ComplaintContact)
		})
	}
	other, err := e.reg.Shop(ctx, "other-shop")
	require.NoError(t, err)
	require.True(t, other.ComplaintContact.IsZero())
	p := e.browser(t, "en").get("/shop/settings")
	require.Equal(t, http.StatusSeeOther, p.status)
}
