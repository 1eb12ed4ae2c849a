package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"github.com/wneessen/go-mail"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

var mailNow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

const fromAddr = "noreply@konfliktservice.example"

// testEvent returns an event of type typ with the payload its domain
// package writes (no contact data): a case's (mediation.EventData, a
// proposal waiting for answers until 10 March 2026) for mediation.* types,
// else a complaint's (complaint.EventData, forwarded, answer due 10 March
// 2026).
func testEvent(typ string) fairshops.Event {
	var data any = complaint.EventData{Complaint: "c_abc", Shop: "s_shop", State: complaint.Forwarded,
		Category: precheck.Delivery, Lang: fairshops.German, AnswerDue: fairshops.MustDate("2026-03-10")}
	if strings.HasPrefix(typ, "mediation.") {
		data = mediation.EventData{Case: "c_abc", Complaint: "c_0001", Shop: "s_shop", State: mediation.Proposed,
			Lang: fairshops.German, Deadline: mediation.DeadlineAnswers, Due: fairshops.MustDate("2026-03-10"), Proposal: "p_1"}
	}
	b, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	return fairshops.Event{ID: "ev_0001", Type: typ, Subject: "c_abc", ShopID: "s_shop", At: mailNow, Data: b}
}

func smtpSender(t *testing.T, port int) *notify.SMTPSender {
	t.Helper()
	s, err := notify.NewSMTPSender(notify.SMTPConfig{Host: "127.0.0.1", Port: port, TLSPolicy: mail.NoTLS, Timeout: 5 * time.Second})
	require.NoError(t, err)
	return s
}

func fixedRecipients(rs ...notify.Recipient) notify.RecipientSource {
	return notify.RecipientFunc(func(context.Context, fairshops.Event) ([]notify.Recipient, error) { return rs, nil })
}

// parsedMail is what a reader's mail client makes of a received message.
type parsedMail struct {
	EnvelopeFrom string
	EnvelopeTo   []string
	From         string
	To           string
	Subject      string
	ContentType  string
	MessageID    string
	Header       netmail.Header
	Parts        map[string]string // content type (without parameters) -> decoded body
}

func parseMail(t *testing.T, m receivedMail) parsedMail {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
	require.NoError(t, err)
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	require.NoError(t, err)
	from, err := msg.Header.AddressList("From")
	require.NoError(t, err)
	to, err := msg.Header.AddressList("To")
	require.NoError(t, err)
	require.Len(t, from, 1)
	require.Len(t, to, 1)
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	require.NoError(t, err)
	p := parsedMail{
		EnvelopeFrom: m.From, EnvelopeTo: m.To,
		From: from[0].Name + " <" + from[0].Address + ">", To: to[0].Name + " <" + to[0].Address + ">", Subject: subject,
		ContentType: mt, MessageID: msg.Header.Get("Message-Id"), Header: msg.Header,
		Parts: map[string]string{},
	}
	if strings.HasPrefix(mt, "multipart/") {
		r := multipart.NewReader(msg.Body, params["boundary"])
		for {
			part, err := r.NextPart()
			if errors.Is(err, io.EOF) {
				break
			}
			require.NoError(t, err)
			ct, _, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
			require.NoError(t, err)
			body, err := io.ReadAll(part) // quoted-printable is decoded by NextPart
			require.NoError(t, err)
			p.Parts[ct] = string(body)
		}
	}
	return p
}

func TestMailerDeliversOverSMTP(t *testing.T) {
	srv := startSMTP(t)
	consumer := notify.Recipient{Address: "juergen@example.org", Name: "Jürgen Müller", Lang: fairshops.German,
		Role: notify.RoleConsumer, Link: "https://konfliktservice.example/c/c_abc#t=secret-link"}
	shop := notify.Recipient{Address: "support@shop.example", Name: "Beispiel GmbH", Lang: fairshops.English,
		Role: notify.RoleShop, Link: "https://konfliktservice.example/shop/c_abc"}
	m := &notify.Mailer{
		Sender: smtpSender(t, srv.Port), From: "Konfliktservice <" + fromAddr + ">",
		Recipients: fixedRecipients(consumer, shop), Clock: fairshops.NewManualClock(mailNow),
	}
	require.NoError(t, m.Notify(context.Background(), testEvent("complaint.resolved")))

	got := srv.Messages()
	require.Len(t, got, 2)
	de, en := parseMail(t, got[0]), parseMail(t, got[1])

	type head struct{ EnvelopeFrom, From, To, Subject, ContentType string }
	want := []head{
		{fromAddr, "Konfliktservice <" + fromAddr + ">", "Jürgen Müller <juergen@example.org>", "Beschwerde c_abc ist erledigt", "multipart/alternative"},
		{fromAddr, "Konfliktservice <" + fromAddr + ">", "Beispiel GmbH <support@shop.example>", "Complaint c_abc is resolved", "multipart/alternative"},
	}
	var heads []head
	for _, p := range []parsedMail{de, en} {
		heads = append(heads, head{p.EnvelopeFrom, p.From, p.To, p.Subject, p.ContentType})
	}
	if diff := cmp.Diff(want, heads); diff != "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}
	require.Equal(t, []string{"juergen@example.org"}, de.EnvelopeTo)
	require.Equal(t, []string{"support@shop.example"}, en.EnvelopeTo)

	require.Contains(t, de.Parts["text/plain"], "Guten Tag Jürgen Müller,")
	require.Contains(t, flat(de.Parts["text/plain"]), "Ihre Beschwerde über den Shop ist als erledigt abgeschlossen.")
	require.Contains(t, de.Parts["text/plain"], consumer.Link)
	require.Contains(t, de.Parts["text/html"], `<html lang="de">`)
	require.Contains(t, de.Parts["text/html"], `<a href="https://konfliktservice.example/c/c_abc#t=secret-link">`)
	require.Contains(t, en.Parts["text/plain"], "Dear Beispiel GmbH,")
	require.Contains(t, flat(en.Parts["text/plain"]), "Complaint c_abc has been closed as resolved.")
	require.Contains(t, en.Parts["text/html"], `<html lang="en">`)

	require.Equal(t, "de", de.Header.Get("Content-Language"))
	require.Equal(t, "auto-generated", de.Header.Get("Auto-Submitted"))
	date, err := de.Header.Date()
	require.NoError(t, err)
	require.True(t, date.Equal(mailNow), "date %v", date)
	require.Regexp(t, `^<ev_0001\.[0-9a-f]{12}@konfliktservice\.example>$`, de.MessageID)
	require.NotEqual(t, de.MessageID, en.MessageID)
}

func TestMailerForwardedToShopNamesTheDeadline(t *testing.T) {
	srv := startSMTP(t)
	for _, lang := range fairshops.Languages() {
		m := &notify.Mailer{
			Sender: smtpSender(t, srv.Port), From: fromAddr,
			Recipients: fixedRecipients(notify.Recipient{Address: "support@shop.example", Lang: lang, Role: notify.RoleShop}),
		}
		require.NoError(t, m.Notify(context.Background(), testEvent("complaint.forwarded")))
	}
	got := srv.Messages()
	require.Len(t, got, 2)
	require.Equal(t, "Neue Beschwerde c_abc: Antwort bis 10.03.2026", parseMail(t, got[0]).Subject)
	require.Equal(t, "New complaint c_abc: please answer by 10 March 2026", parseMail(t, got[1]).Subject)
}

func TestMailerHeaderInjection(t *testing.T) {
	srv := startSMTP(t)
	ev := testEvent("complaint.submitted")
	ev.Subject = "c_abc\r\nBcc: evil@example.org"
	m := &notify.Mailer{
		Sender: smtpSender(t, srv.Port), From: fromAddr,
		Recipients: fixedRecipients(notify.Recipient{
			Address: "eve@example.org", Name: "Eve\r\nBcc: evil@example.org\r\nX-Injected: 1", Lang: fairshops.English,
			Role: notify.RoleConsumer, Vars: map[string]string{"shop_name": `ACME <script>alert("x")</script>`},
		}),
	}
	require.NoError(t, m.Notify(context.Background(), ev))
	got := srv.Messages()
	require.Len(t, got, 1)
	require.Equal(t, []string{"eve@example.org"}, got[0].To, "the envelope has only the real recipient")
	p := parseMail(t, got[0])
	require.Empty(t, p.Header.Get("Bcc"))
	require.Empty(t, p.Header.Get("X-Injected"))
	header, _, ok := strings.Cut(string(got[0].Data), "\r\n\r\n")
	require.True(t, ok)
	require.NotContains(t, header, "\nBcc:")
	require.NotContains(t, header, "\nX-Injected:")
	require.Equal(t, "Eve Bcc: evil@example.org X-Injected: 1 <eve@example.org>", p.To)
	require.Equal(t, "Your complaint has been received (c_abc Bcc: evil@example.org)", p.Subject)
	require.NotContains(t, p.Parts["text/html"], "<script>")
	require.Contains(t, p.Parts["text/html"], "ACME &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
}

func TestMailerFailures(t *testing.T) {
	good := notify.Recipient{Address: "ok@example.org", Lang: fairshops.German, Role: notify.RoleConsumer}
	tests := []struct {
		name      string
		setup     func(srv *testSMTP)
		port      func(srv *testSMTP) int
		rcpts     notify.RecipientSource
		wantErr   bool
		permanent bool
		delivered []string // envelope recipients that got the mail
	}{
		{
			name:    "mailbox refused for good (550)",
			setup:   func(srv *testSMTP) { srv.Reject("gone@example.org", 550) },
			rcpts:   fixedRecipients(notify.Recipient{Address: "gone@example.org", Lang: fairshops.German, Role: notify.RoleConsumer}, good),
			wantErr: true, permanent: true, delivered: []string{"ok@example.org"},
		},
		{
			name:    "mailbox busy (451)",
			setup:   func(srv *testSMTP) { srv.Reject("busy@example.org", 451) },
			rcpts:   fixedRecipients(notify.Recipient{Address: "busy@example.org", Lang: fairshops.German, Role: notify.RoleShop}),
			wantErr: true, permanent: false,
		},
		{
			name:    "server down",
			port:    func(*testSMTP) int { return closedPort(t) },
			rcpts:   fixedRecipients(good),
			wantErr: true, permanent: false,
		},
		{
			name:    "address that does not parse is skipped, the others are mailed",
			rcpts:   fixedRecipients(notify.Recipient{Address: "not an address", Role: notify.RoleShop}, good),
			wantErr: true, permanent: true, delivered: []string{"ok@example.org"},
		},
		{
			name: "contacts erased",
			rcpts: notify.RecipientFunc(func(context.Context, fairshops.Event) ([]notify.Recipient, error) {
				return nil, fairshops.E("contacts", fairshops.NotFound, "c_abc", "", nil)
			}),
			wantErr: true, permanent: true,
		},
		{
			name: "contact store down",
			rcpts: notify.RecipientFunc(func(context.Context, fairshops.Event) ([]notify.Recipient, error) {
				return nil, errors.New("connection refused")
			}),
			wantErr: true, permanent: false,
		},
		{name: "nobody to mail", rcpts: fixedRecipients()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startSMTP(t)
			if tt.setup != nil {
				tt.setup(srv)
			}
			port := srv.Port
			if tt.port != nil {
				port = tt.port(srv)
			}
			m := &notify.Mailer{Sender: smtpSender(t, port), From: fromAddr, Recipients: tt.rcpts}
			err := m.Notify(context.Background(), testEvent("complaint.answered"))
			if !tt.wantErr {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				require.Equal(t, tt.permanent, notify.IsPermanent(err), "permanent? %v", err)
				for _, addr := range []string{"gone@", "busy@", "ok@"} {
					require.NotContains(t, err.Error(), addr, "errors must not name addresses")
				}
			}
			var delivered []string
			for _, msg := range srv.Messages() {
				delivered = append(delivered, msg.To...)
			}
			if diff := cmp.Diff(tt.delivered, delivered); diff != "" {
				t.Errorf("delivered (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSMTPSenderAuth(t *testing.T) {
	srv := startSMTP(t)
	srv.RequireAuth("relay", "s3cret-pass")
	rcpt := fixedRecipients(notify.Recipient{Address: "ok@example.org", Role: notify.RoleConsumer})
	send := func(pass string) error {
		s, err := notify.NewSMTPSender(notify.SMTPConfig{
			Host: "127.0.0.1", Port: srv.Port, TLSPolicy: mail.NoTLS,
			Username: "relay", Password: notify.NewSecret(pass),
		})
		require.NoError(t, err)
		m := &notify.Mailer{Sender: s, From: fromAddr, Recipients: rcpt}
		return m.Notify(context.Background(), testEvent("complaint.answered"))
	}
	err := send("wrong")
	require.Error(t, err)
	require.False(t, notify.IsPermanent(err), "a failed login is retried: %v", err)
	require.NotContains(t, err.Error(), "wrong")
	require.Empty(t, srv.Messages())

	require.NoError(t, send("s3cret-pass"))
	require.Len(t, srv.Messages(), 1)
}

func TestMailerMessageIDIsStable(t *testing.T) {
	m := &notify.Mailer{From: fromAddr}
	r := notify.Recipient{Address: "a@example.org", Role: notify.RoleConsumer}
	id := func(ev fairshops.Event, r notify.Recipient) string {
		msg, err := m.Message(ev, r)
		require.NoError(t, err)
		return msg.GetMessageID()
	}
	ev := testEvent("complaint.answered")
	require.Equal(t, id(ev, r), id(ev, r), "a retry sends the same Message-ID")
	other := r
	other.Address = "b@example.org"
	require.NotEqual(t, id(ev, r), id(ev, other))
	require.NotContains(t, id(ev, r), "a@example.org", "the Message-ID hides the address")
}

func TestMailerRejectsBadConfiguration(t *testing.T) {
	tests := []struct {
		name string
		m    notify.Mailer
	}{
		{"no sender", notify.Mailer{From: fromAddr, Recipients: fixedRecipients()}},
		{"no recipient source", notify.Mailer{From: fromAddr, Sender: &collectSender{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Notify(context.Background(), testEvent("complaint.answered"))
			require.Error(t, err)
			require.True(t, notify.IsPermanent(err))
		})
	}
	_, err := (&notify.Mailer{From: "not an address"}).Message(testEvent("x"), notify.Recipient{Address: "a@example.org"})
	require.Error(t, err)
}

// collectSender keeps messages instead of sending them.
type collectSender struct{ msgs []*mail.Msg }

func (c *collectSender) Send(_ context.Context, msgs ...*mail.Msg) error {
	c.msgs = append(c.msgs, msgs...)
	return nil
}

// closedPort returns a loopback port nobody listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	return port
}
