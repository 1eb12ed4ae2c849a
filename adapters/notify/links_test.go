package notify_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestLinkMailerFiledMailCarriesTheLink: the confirmation of a filing goes
// over SMTP to the consumer with the reference and the private link, in the
// consumer's language.
func TestLinkMailerFiledMailCarriesTheLink(t *testing.T) {
	srv := startSMTP(t)
	l := &notify.LinkMailer{Sender: smtpSender(t, srv.Port), From: "Konfliktservice <" + fromAddr + ">",
		BaseURL: "https://konfliktservice.example/", Clock: fairshops.NewManualClock(mailNow),
		ShopName: func(context.Context, string) string { return "Beispiel GmbH" }}
	token := fairshops.Token("secret-token-1")
	err := l.MailLinks(context.Background(), complaint.AccessMail{Kind: complaint.MailFiled,
		To: complaint.Contact{Name: "Jürgen Müller", Email: "juergen@example.org"}, Lang: fairshops.German,
		Links: []complaint.AccessLink{{Complaint: "c_abc", Reference: "KS-7KQ4-M2XF", ShopID: "s1", Token: token}}})
	require.NoError(t, err)
	got := srv.Messages()
	require.Len(t, got, 1)
	m := parseMail(t, got[0])
	require.Equal(t, []string{"juergen@example.org"}, m.EnvelopeTo)
	require.Equal(t, "Ihre Beschwerde ist eingegangen (KS-7KQ4-M2XF): Ihr persönlicher Link", m.Subject)
	link := "https://konfliktservice.example/c/c_abc?t=secret-token-1"
	require.Contains(t, m.Parts["text/plain"], link)
	require.Contains(t, m.Parts["text/plain"], "Ihre Vorgangsnummer: KS-7KQ4-M2XF")
	require.Contains(t, flat(m.Parts["text/plain"]), "Beschwerde über Beispiel GmbH")
	require.Contains(t, m.Parts["text/html"], `<a href="`+link+`">`)
	require.Equal(t, "de", m.Header.Get("Content-Language"))
}

// TestLinkMailerResendListsEveryLink: the resend mail lists each
// complaint's reference and link, and the overview link with its end.
func TestLinkMailerResendListsEveryLink(t *testing.T) {
	sender := &collectSender{}
	l := &notify.LinkMailer{Sender: sender, From: fromAddr, BaseURL: "https://k.example"}
	until := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	msg, err := l.Message(context.Background(), complaint.AccessMail{Kind: complaint.MailResend,
		To: complaint.Contact{Email: "erika@example.org"}, Lang: fairshops.English,
		Links: []complaint.AccessLink{
			{Complaint: "c_1", Reference: "KS-7KQ4-M2XF", Token: "t1"},
			{Complaint: "c_2", Reference: "KS-2222-2222", Token: "t2"},
		},
		Overview: "ov", OverviewUntil: until})
	require.NoError(t, err)
	var b strings.Builder
	_, err = msg.WriteTo(&b)
	require.NoError(t, err)
	raw := b.String()
	require.Contains(t, raw, "Subject: Your personal links to your complaints (KS-7KQ4-M2XF)")
	m := parseMail(t, receivedMail{Data: []byte(raw)})
	text := m.Parts["text/plain"]
	for _, want := range []string{"KS-7KQ4-M2XF:", "https://k.example/c/c_1?t=t1", "KS-2222-2222:",
		"https://k.example/c/c_2?t=t2", "https://k.example/access/overview?t=ov", "3 March 2026, 10:00"} {
		require.Contains(t, text, want)
	}
	require.Contains(t, m.Parts["text/html"], `<a href="https://k.example/access/overview?t=ov">`)
}

// TestLinkMailerFailures: no sender or no links is a permanent error; an
// error never names a token.
func TestLinkMailerFailures(t *testing.T) {
	ctx := context.Background()
	m := complaint.AccessMail{Kind: complaint.MailFiled, To: complaint.Contact{Email: "a@example.org"},
		Links: []complaint.AccessLink{{Complaint: "c_1", Reference: "KS-2222-2222", Token: "secret-xyz"}}}
	err := (&notify.LinkMailer{From: fromAddr}).MailLinks(ctx, m)
	require.True(t, notify.IsPermanent(err))
	err = (&notify.LinkMailer{Sender: &collectSender{}, From: fromAddr}).MailLinks(ctx, complaint.AccessMail{})
	require.True(t, notify.IsPermanent(err))
	bad := m
	bad.To.Email = "not an address"
	err = (&notify.LinkMailer{Sender: &collectSender{}, From: fromAddr}).MailLinks(ctx, bad)
	require.True(t, notify.IsPermanent(err))
	require.NotContains(t, err.Error(), "secret-xyz")
}

func ExampleComplaintLink() {
	fmt.Println(notify.ComplaintLink("https://konfliktservice.example/", "c_123", fairshops.Token("tok-en")))
	fmt.Println(notify.OverviewLink("https://konfliktservice.example", fairshops.Token("ov")))
	// Output:
	// https://konfliktservice.example/c/c_123?t=tok-en
	// https://konfliktservice.example/access/overview?t=ov
}
