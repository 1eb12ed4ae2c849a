// Package notify tells the parties what happened: it turns the domain events
// of the outbox into e-mails and signed webhooks.
//
// # Flow
//
// A state change writes its events to the outbox in the same transaction
// (adapters/sql). The relay claims them and calls a Notifier for each event,
// at least once: a nil error marks the event delivered, an error makes the
// relay try again later with backoff, and an error marked Permanent (see
// IsPermanent) stops the retries. Multi fans one event out to several
// notifiers; one retryable failure makes the whole event retry, so every
// receiver must drop duplicates by event ID.
//
//   - Mailer asks a RecipientSource for the addressees of the event (the
//     wiring looks the contacts up by complaint or case ID: events never
//     carry e-mail addresses), renders one mail per recipient from the
//     embedded de/en Templates (text/template for the plain part,
//     html/template for the HTML part), and hands them to a Sender; SMTPSender
//     sends them with github.com/wneessen/go-mail.
//   - Webhooks asks an EndpointSource for the shop's URL and secret and POSTs
//     the event as JSON, signed.
//
// # Webhook signatures
//
// The scheme follows Stripe's. A delivery is a POST with the JSON body
// {"id","type","subject","shop","at","data"} (Payload) and three headers:
//
//	Konfliktservice-Event-Id:  ev_1
//	Konfliktservice-Timestamp: 1772443800
//	Konfliktservice-Signature: v1=a049810368501996aaf9587bc75dbf6d93e77afd6585eaf534ca0251c69f5bf3
//
// (the signature of the body {"id":"ev_1","type":"complaint.forwarded"}
// under the secret "whsec_example", as ExampleSign shows).
// The v1 signature is the hex HMAC-SHA256, keyed with the shop's secret, of
// the timestamp (unix seconds, as sent), a dot, and the raw body:
//
//	v1 = hex(HMAC-SHA256(secret, timestamp + "." + body))
//
// The header may hold several comma-separated items (one per secret while a
// secret is rotated; unknown schemes are skipped). A receiver recomputes the
// MAC over the body exactly as received and compares in constant time, rejects
// timestamps more than a tolerance (5 minutes by default) away from its clock
// in either direction, and remembers the (event ID, timestamp) pairs it
// accepted within the tolerance to reject replays: Verify does the first two,
// a Verifier with a ReplayCache all three. A retry by the relay is signed
// anew with a fresh timestamp; it passes the replay check and the receiver
// drops it as a duplicate by event ID.
//
// Endpoints must be https (http only with Webhooks.AllowHTTP); redirects are
// never followed. A 2xx answer is a delivery; 408, 429, 5xx, timeouts and
// network errors are retried; any other answer is a permanent failure.
// Secrets are held in Secret, which prints as "[secret]"; errors name an
// endpoint by scheme and host only.
package notify
