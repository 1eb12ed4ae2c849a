package notify

import (
	"context"
	"errors"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Notifier delivers one domain event to the outside world (e-mail, a
// webhook). The relay calls it at least once per event: a nil error marks
// the event delivered, an error makes the relay try again later with backoff,
// unless IsPermanent reports that trying again cannot help.
type Notifier interface {
	Notify(ctx context.Context, ev fairshops.Event) error
}

// NotifierFunc adapts a plain function to a Notifier.
type NotifierFunc func(ctx context.Context, ev fairshops.Event) error

// Notify calls f(ctx, ev).
func (f NotifierFunc) Notify(ctx context.Context, ev fairshops.Event) error { return f(ctx, ev) }

// Multi fans an event out to several notifiers, one after the other, and
// joins their errors. One retryable failure makes the whole event retry, so
// the notifiers that succeeded receive it again: every receiver must drop
// duplicates by event ID (mails carry a Message-ID derived from it, webhooks
// the Konfliktservice-Event-Id header). The joined error is permanent only
// when every failure was permanent.
type Multi []Notifier

// Notify delivers ev to every notifier, even after one fails.
func (m Multi) Notify(ctx context.Context, ev fairshops.Event) error {
	var errs []error
	permanent := true
	for _, n := range m {
		if n == nil {
			continue
		}
		err := n.Notify(ctx, ev)
		if err == nil {
			continue
		}
		if IsPermanent(err) {
			// Hide the mark: whether the joined error is permanent is
			// decided below, for all of them together.
			err = &demoted{err: err}
		} else {
			permanent = false
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return nil
	}
	joined := errors.Join(errs...)
	if permanent {
		return Permanent(joined)
	}
	return joined
}

// permanentError marks a failure that no retry can cure.
type permanentError struct{ err error }

// Error is the message of the cause: the relay says itself that it gives up.
func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as a failure that retrying cannot cure (a webhook
// endpoint answered 410 Gone, a mail server rejected the address): the relay
// records it and stops retrying the event. Permanent(nil) is nil. The mark
// covers the whole error; combine the errors of several notifiers with Multi,
// which keeps the mark only when every failure was permanent.
func Permanent(err error) error {
	if err == nil || IsPermanent(err) {
		return err
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err, or an error it wraps, was marked with
// Permanent. Any other error (timeouts, 5xx answers, a mail server that is
// down) is worth retrying.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// demoted hides the permanent mark of err from IsPermanent while keeping
// errors.Is and errors.As working for everything else in its chain.
type demoted struct{ err error }

func (e *demoted) Error() string        { return e.err.Error() }
func (e *demoted) Is(target error) bool { return errors.Is(e.err, target) }
func (e *demoted) As(target any) bool {
	if _, ok := target.(**permanentError); ok {
		return false
	}
	return errors.As(e.err, target)
}
