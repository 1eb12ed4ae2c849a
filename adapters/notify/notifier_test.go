package notify_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/notify"
	"github.com/fairshops/konfliktservice/fairshops"
)

var (
	errDown = errors.New("receiver down")
	errGone = errors.New("receiver gone")
)

// recording returns a notifier that records its calls and answers with err.
func recording(calls *[]string, name string, err error) notify.Notifier {
	return notify.NotifierFunc(func(_ context.Context, ev fairshops.Event) error {
		*calls = append(*calls, name+":"+ev.ID)
		return err
	})
}

func TestMulti(t *testing.T) {
	tests := []struct {
		name      string
		errs      []error // one notifier per entry, answering with it
		wantErr   bool
		permanent bool
		is        []error // errors.Is must hold for each
	}{
		{name: "all deliver", errs: []error{nil, nil}},
		{name: "none", errs: nil},
		{name: "one retryable failure retries the event", errs: []error{nil, errDown}, wantErr: true, is: []error{errDown}},
		{name: "all permanent stays permanent", errs: []error{notify.Permanent(errGone), notify.Permanent(errDown)},
			wantErr: true, permanent: true, is: []error{errGone, errDown}},
		{name: "permanent and retryable retries", errs: []error{notify.Permanent(errGone), errDown},
			wantErr: true, permanent: false, is: []error{errGone, errDown}},
		{name: "wrapped permanent and retryable retries", errs: []error{fmt.Errorf("hook: %w", notify.Permanent(errGone)), errDown},
			wantErr: true, permanent: false, is: []error{errGone, errDown}},
		{name: "one permanent, one delivered", errs: []error{nil, notify.Permanent(errGone)},
			wantErr: true, permanent: true, is: []error{errGone}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []string
			var m notify.Multi
			var want []string
			for i, e := range tt.errs {
				name := fmt.Sprint("n", i)
				m = append(m, recording(&calls, name, e))
				want = append(want, name+":ev_1")
			}
			m = append(m, nil) // skipped
			err := m.Notify(context.Background(), fairshops.Event{ID: "ev_1"})
			require.Equal(t, want, calls, "every notifier is called, even after a failure")
			if !tt.wantErr {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			require.Equal(t, tt.permanent, notify.IsPermanent(err), "permanent? %v", err)
			for _, target := range tt.is {
				require.ErrorIs(t, err, target)
			}
		})
	}
}

func TestPermanent(t *testing.T) {
	require.NoError(t, notify.Permanent(nil))
	require.False(t, notify.IsPermanent(nil))
	require.False(t, notify.IsPermanent(errDown))

	p := notify.Permanent(errGone)
	require.True(t, notify.IsPermanent(p))
	require.ErrorIs(t, p, errGone)
	require.Equal(t, "receiver gone", p.Error())
	require.Same(t, p, notify.Permanent(p), "marking twice changes nothing")

	wrapped := fairshops.E("notify.Webhooks", fairshops.Internal, "ev_1", "", p)
	require.True(t, notify.IsPermanent(wrapped), "the mark survives wrapping")
	require.True(t, notify.IsPermanent(fmt.Errorf("outer: %w", wrapped)))
}
