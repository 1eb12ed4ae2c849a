package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The sender signs the timestamp and the body; the three headers travel with
// the request.
func ExampleSign() {
	body := []byte(`{"id":"ev_1","type":"complaint.forwarded"}`)
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	h := notify.Sign(notify.NewSecret("whsec_example"), "ev_1", at, body)
	fmt.Println(notify.HeaderEventID+":", h.EventID)
	fmt.Println(notify.HeaderTimestamp+":", h.Timestamp)
	fmt.Println(notify.HeaderSignature+":", h.Signature)
	// Output:
	// Konfliktservice-Event-Id: ev_1
	// Konfliktservice-Timestamp: 1772443800
	// Konfliktservice-Signature: v1=a049810368501996aaf9587bc75dbf6d93e77afd6585eaf534ca0251c69f5bf3
}

// A receiver checks the signature and the timestamp with Verify; a body
// changed on the way, or a delivery older than the tolerance, is rejected.
func ExampleVerify() {
	secret := notify.NewSecret("whsec_example")
	body := []byte(`{"id":"ev_1","type":"complaint.forwarded"}`)
	sent := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	h := notify.Sign(secret, "ev_1", sent, body)

	fmt.Println(notify.Verify(secret, h, body, sent.Add(time.Minute), 0))
	err := notify.Verify(secret, h, []byte(`{"id":"ev_1","type":"complaint.resolved"}`), sent, 0)
	fmt.Println(errors.Is(err, notify.ErrSignature))
	err = notify.Verify(secret, h, body, sent.Add(time.Hour), 0)
	fmt.Println(errors.Is(err, notify.ErrTimestamp))
	// Output:
	// <nil>
	// true
	// true
}

// A shop's webhook endpoint: a Verifier with a ReplayCache checks each
// delivery; Webhooks delivers an event to it, signed.
func ExampleVerifier_VerifyRequest() {
	secret := notify.NewSecret("whsec_example")
	verifier := &notify.Verifier{Secrets: []notify.Secret{secret}, Replays: notify.NewReplayCache(10000, 0)}
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := verifier.VerifyRequest(r)
		if err != nil {
			http.Error(w, "rejected", http.StatusUnauthorized)
			return
		}
		var p notify.Payload
		_ = json.Unmarshal(body, &p)
		fmt.Println("received", p.Type, p.Subject) // a real receiver drops duplicates by p.ID
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()

	hooks := &notify.Webhooks{
		Endpoints: notify.EndpointFunc(func(context.Context, string) (notify.Endpoint, bool, error) {
			return notify.Endpoint{URL: receiver.URL, Secret: secret}, true, nil
		}),
		AllowHTTP: true, // a receiver on loopback; production endpoints are https
		// Loopback is refused unless allowed (see PublicAddress).
		AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
	}
	ev, _ := fairshops.NewEvent("complaint.forwarded", "c_abc", "s_shop", time.Now(), map[string]string{"deadline": "2026-03-10"})
	fmt.Println(hooks.Notify(context.Background(), ev))
	// Output:
	// received complaint.forwarded c_abc
	// <nil>
}

// printSender prints what it would send.
type printSender struct{}

func (printSender) Send(_ context.Context, msgs ...*mail.Msg) error {
	for _, m := range msgs {
		fmt.Println(strings.Join(m.GetToString(), ", "), "|", m.GetGenHeader(mail.HeaderSubject)[0])
	}
	return nil
}

// A Mailer mails each recipient in their language; the wiring finds the
// recipients (events never carry addresses) and fills in their links.
// Production code uses an SMTPSender.
func ExampleMailer() {
	m := &notify.Mailer{
		Sender: printSender{},
		From:   "Konfliktservice <noreply@konfliktservice.example>",
		Recipients: notify.RecipientFunc(func(_ context.Context, ev fairshops.Event) ([]notify.Recipient, error) {
			return []notify.Recipient{
				{Address: "kundin@example.org", Lang: fairshops.German, Role: notify.RoleConsumer},
				{Address: "support@shop.example", Lang: fairshops.English, Role: notify.RoleShop},
			}, nil
		}),
	}
	ev := fairshops.Event{ID: "ev_1", Type: "mediation.settled", Subject: "k_42", ShopID: "s_shop", At: time.Now()}
	fmt.Println(m.Notify(context.Background(), ev))
	// Output:
	// <kundin@example.org> | Einigung erzielt (k_42)
	// <support@shop.example> | Settlement reached (k_42)
	// <nil>
}

// Multi sends each event both ways; the relay retries the event when either
// fails for a reason that may pass.
func ExampleMulti() {
	mailer := notify.NotifierFunc(func(context.Context, fairshops.Event) error { return nil })
	hooks := notify.NotifierFunc(func(context.Context, fairshops.Event) error {
		return notify.Permanent(errors.New("endpoint answered 410"))
	})
	err := notify.Multi{mailer, hooks}.Notify(context.Background(), fairshops.Event{ID: "ev_1"})
	fmt.Println(err, notify.IsPermanent(err))
	// Output:
	// endpoint answered 410 true
}
