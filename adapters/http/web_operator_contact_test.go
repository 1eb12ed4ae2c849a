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

// TestWebOperatorShopContact: the operator registers a shop with its
// contact for complaints, changes and clears it on the shop's page; a
// wrong contact comes back with errors next to its fields, nothing saved.
func TestWebOperatorShopContact(t *testing.T) {
	e := newWebEnv(t)
	ctx := context.Background()
	b := e.operator(t, "en")
	p := b.submit("/operator/shops", "/operator/shops", url.Values{"id": {"kontakt"}, "name": {"Kontakt-Shop"},
		"domain": {"kontakt.example"}, "seal.status": {"licensed"}, "complaint_contact.email": {"hilfe@kontakt.example"},
		"complaint_contact.phone": {"+49 89 123456"}, "complaint_contact.hours": {"Mo–Fr 9–17"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	s, err := e.reg.Shop(ctx, "kontakt")
	require.NoError(t, err)
	require.Equal(t, fairshops.ComplaintContact{Email: "hilfe@kontakt.example", Phone: "+49 89 123456", Hours: "Mo–Fr 9–17"},
		s.ComplaintContact)

	tests := []struct {
		name   string
		form   url.Values
		status int
		want   fairshops.ComplaintContact
		errors []string
	}{
		{"change", url.Values{"complaint_contact.email": {"neu@kontakt.example"}}, http.StatusSeeOther,
			fairshops.ComplaintContact{Email: "neu@kontakt.example"}, nil},
		{"wrong", url.Values{"complaint_contact.email": {"nope"}, "complaint_contact.phone": {"ruf an"}},
			http.StatusUnprocessableEntity, fairshops.ComplaintContact{Email: "neu@kontakt.example"},
			[]string{"f-complaint-contact-email-err", "f-complaint-contact-phone-err"}},
		{"clear", url.Values{}, http.StatusSeeOther, fairshops.ComplaintContact{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := b.get("/operator/shops/kontakt")
			require.Equal(t, http.StatusOK, page.status)
			page.contains(t, `action="/operator/shops/kontakt/contact"`)
			s, err := e.reg.Shop(ctx, "kontakt")
			require.NoError(t, err)
			form := withCSRF(tt.form, page.csrf(t))
			form.Set("version", fmtInt(s.Version))
			p := b.post("/operator/shops/kontakt/contact", form)
			require.Equal(t, tt.status, p.status, p.body)
			for _, id := range tt.errors {
				p.contains(t, `id="`+id+`"`)
			}
			s, err = e.reg.Shop(ctx, "kontakt")
			require.NoError(t, err)
			require.Equal(t, tt.want, s.ComplaintContact)
		})
	}
	p = b.submit("/operator/shops", "/operator/shops", url.Values{"id": {"kontakt2"}, "name": {"K2"},
		"domain": {"k2.example"}, "seal.status": {"licensed"}, "complaint_contact.email": {"x"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	p.contains(t, `id="f-complaint-contact-email-err"`, "E-mail for complaints")
}

func fmtInt(n int) string { return strconv.Itoa(n) }
