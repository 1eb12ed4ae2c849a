package notify_test

import (
	"errors"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/require"
)

// testSMTP is an in-process SMTP server on 127.0.0.1 that keeps every message
// it accepts. Its Data returns before the server answers 250, so a message is
// recorded by the time the client's send returns: no waiting needed.
type testSMTP struct {
	Port int

	mu       sync.Mutex
	messages []receivedMail
	// reject makes RCPT TO fail for an address with the given error.
	reject map[string]*smtp.SMTPError
	// user and pass, when set, are required (AUTH PLAIN) before MAIL FROM.
	user, pass string
}

// receivedMail is one accepted message: the envelope and the raw data.
type receivedMail struct {
	From string
	To   []string
	Data []byte
}

func startSMTP(t *testing.T) *testSMTP {
	t.Helper()
	be := &testSMTP{reject: map[string]*smtp.SMTPError{}}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.MaxMessageBytes = 1 << 20
	srv.ErrorLog = log.New(io.Discard, "", 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	be.Port = l.Addr().(*net.TCPAddr).Port
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		_ = srv.Close()
		_ = l.Close() // Close misses a listener that Serve has not registered yet
		<-done
	})
	return be
}

// Messages returns a copy of the accepted messages.
func (b *testSMTP) Messages() []receivedMail {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]receivedMail(nil), b.messages...)
}

// Reject makes the server refuse addr at RCPT TO with code.
func (b *testSMTP) Reject(addr string, code int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reject[addr] = &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 1, 1}, Message: "no such mailbox"}
}

// RequireAuth makes the server demand AUTH PLAIN with user and pass.
func (b *testSMTP) RequireAuth(user, pass string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.user, b.pass = user, pass
}

func (b *testSMTP) NewSession(*smtp.Conn) (smtp.Session, error) { return &testSession{be: b}, nil }

type testSession struct {
	be     *testSMTP
	authed bool
	cur    receivedMail
}

func (s *testSession) AuthMechanisms() []string {
	s.be.mu.Lock()
	defer s.be.mu.Unlock()
	if s.be.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *testSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		s.be.mu.Lock()
		defer s.be.mu.Unlock()
		if user != s.be.user || pass != s.be.pass {
			return errors.New("invalid credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	s.be.mu.Lock()
	needAuth := s.be.user != ""
	s.be.mu.Unlock()
	if needAuth && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.cur = receivedMail{From: from}
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.be.mu.Lock()
	defer s.be.mu.Unlock()
	if err, ok := s.be.reject[strings.ToLower(to)]; ok {
		return err
	}
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = data
	s.be.mu.Lock()
	s.be.messages = append(s.be.messages, s.cur)
	s.be.mu.Unlock()
	return nil
}

func (s *testSession) Reset()        { s.cur = receivedMail{} }
func (s *testSession) Logout() error { return nil }
