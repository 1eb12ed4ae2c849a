package audit_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

func berlin(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, fairshops.Berlin())
	require.NoError(t, err)
	return tm
}

// TestRetentionCutoff: an entry recorded in year y goes on 1 January of
// y + Years + 1 (Berlin): the cutoff at now is 1 January of now's year
// minus Years; negative never prunes; zero is the default.
func TestRetentionCutoff(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy audit.Retention
		now    string
		cutoff string // Berlin; "" for never
	}{
		{"default 3 years", audit.Retention{}, "2030-06-15 12:00", "2027-01-01 00:00"},
		{"on New Year's Eve", audit.Retention{}, "2029-12-31 23:59", "2026-01-01 00:00"},
		{"on New Year's Day", audit.Retention{}, "2030-01-01 00:00", "2027-01-01 00:00"},
		{"one year", audit.Retention{Years: 1}, "2030-01-01 00:00", "2029-01-01 00:00"},
		{"never", audit.Retention{Years: -1}, "2060-01-01 00:00", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cut, ok := tc.policy.Cutoff(berlin(t, tc.now))
			if tc.cutoff == "" {
				require.False(t, ok)
				return
			}
			require.True(t, ok)
			require.True(t, cut.Equal(berlin(t, tc.cutoff)), "%s", cut)
		})
	}
	// New Year's boundary: an entry at 23:30 UTC on 31 December 2026 is
	// 2027 in Berlin and stays until 1 January 2031.
	entry := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)
	cut, _ := audit.Retention{}.Cutoff(berlin(t, "2030-01-01 00:00"))
	require.False(t, entry.Before(cut))
	cut, _ = audit.Retention{}.Cutoff(berlin(t, "2031-01-01 00:00"))
	require.True(t, entry.Before(cut))

	require.NoError(t, audit.Retention{Years: audit.MaxYears}.Validate())
	err := audit.Retention{Years: 31}.Validate()
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	require.Equal(t, "years", ve.Fields[0].Field)
	_, err = audit.Prune(context.Background(), memory.New().Audit(), audit.Retention{Years: 31}, nil)
	require.ErrorIs(t, err, fairshops.ErrInvalid)
}

func TestCheckpointAnchor(t *testing.T) {
	h := audit.Head{Seq: 41, Hash: "ab12"}
	cp := audit.Checkpoint(at, h)
	require.NoError(t, cp.Check(), "a checkpoint is a valid entry")
	got, ok := cp.Anchor()
	require.True(t, ok)
	require.Equal(t, h, got)
	for _, e := range []audit.Entry{
		{Action: audit.ArticleUpdated, Subject: audit.Subject{Kind: audit.KindLog, ID: "x"}, Detail: "through:4"},
		{Action: audit.Pruned, Subject: audit.Article("x"), Detail: "through:4"},
		{Action: audit.Pruned, Subject: audit.Subject{Kind: audit.KindLog, ID: "x"}, Detail: "through:-4"},
		{Action: audit.Pruned, Subject: audit.Subject{Kind: audit.KindLog, ID: "x"}, Detail: "4"},
	} {
		_, ok := e.Anchor()
		require.False(t, ok, "%+v", e)
	}
}

// cutLog is a log whose first entries someone removed behind the store's
// back (up to Seq cut), checkpoints included.
type cutLog struct {
	audit.Log
	cut int
}

func (l cutLog) List(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	out, err := l.Log.List(ctx, f)
	return slices.DeleteFunc(out, func(e audit.Entry) bool { return e.Seq <= l.cut }), err
}

// TestVerifyPruned: a pruned log verifies from its latest checkpoint; a log
// cut without a checkpoint, or further than its checkpoint says, does not.
func TestVerifyPruned(t *testing.T) {
	ctx := context.Background()
	db := memory.New()
	clock := fairshops.NewManualClock(berlin(t, "2026-06-01 10:00"))
	rec := audit.NewRecorder(db.Audit(), clock)
	record := func(n int) {
		for range n {
			_, err := rec.Record(ctx, audit.Operator("anna"), audit.LoginSucceeded, audit.Account("acct_1"), "web")
			require.NoError(t, err)
		}
	}
	record(3)
	_, err := audit.Verify(ctx, cutLog{db.Audit(), 2})
	b, ok := audit.Broken(err)
	require.True(t, ok, "%v", err)
	require.Equal(t, "entries 1 to 2 are missing", b.Why)

	clock.Set(berlin(t, "2027-03-01 10:00"))
	record(2) // entries 4, 5
	clock.Set(berlin(t, "2030-01-01 00:00"))
	n, err := audit.Prune(ctx, db.Audit(), audit.Retention{}, clock)
	require.NoError(t, err)
	require.Equal(t, 3, n, "the entries of 2026")
	head, err := audit.Verify(ctx, db.Audit())
	require.NoError(t, err)
	require.Equal(t, 6, head.Seq, "entries 4, 5 and the checkpoint")
	n, err = audit.Prune(ctx, db.Audit(), audit.Retention{}, clock)
	require.NoError(t, err)
	require.Zero(t, n)
	n, err = audit.Prune(ctx, db.Audit(), audit.Retention{Years: -1}, fairshops.NewManualClock(berlin(t, "2060-01-01 00:00")))
	require.NoError(t, err)
	require.Zero(t, n, "never")

	_, err = audit.Verify(ctx, cutLog{db.Audit(), 4})
	b, ok = audit.Broken(err)
	require.True(t, ok, "%v", err)
	require.Equal(t, "entries 1 to 4 are missing", b.Why, "cut further than the checkpoint says")
}

// FuzzAnchor: reading a checkpoint's anchor from any stored entry never
// panics, and an anchor it reads is the one Checkpoint writes.
func FuzzAnchor(f *testing.F) {
	f.Add(string(audit.Pruned), string(audit.KindLog), "ab12", "through:41")
	f.Add(string(audit.Pruned), string(audit.KindLog), "", "through:")
	f.Add(string(audit.Pruned), string(audit.KindLog), "x", "through:99999999999999999999")
	f.Add(string(audit.LoginSucceeded), string(audit.KindAccount), "acct_1", "web")
	f.Fuzz(func(t *testing.T, action, kind, id, detail string) {
		e := audit.Entry{Action: audit.Action(action), Subject: audit.Subject{Kind: audit.Kind(kind), ID: id}, Detail: detail}
		h, ok := e.Anchor()
		if !ok {
			return
		}
		require.Positive(t, h.Seq)
		back, ok := audit.Checkpoint(at, h).Anchor()
		require.True(t, ok)
		require.Equal(t, h, back)
	})
}
