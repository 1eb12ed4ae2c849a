package audit_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

var at = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func TestEntryCheck(t *testing.T) {
	ok := audit.Entry{At: at, Actor: audit.Operator("anna"), Action: audit.LoginSucceeded, Subject: audit.Account("acct_1")}
	for _, tc := range []struct {
		name   string
		change func(e *audit.Entry)
		fields []string
	}{
		{"fine", func(*audit.Entry) {}, nil},
		{"anonymous failed login", func(e *audit.Entry) {
			e.Actor, e.Action, e.Subject, e.Detail = audit.Actor{}, audit.LoginFailed, audit.Login("anna"), "bad_credentials"
		}, nil},
		{"unknown action", func(e *audit.Entry) { e.Action = "coffee.made" }, []string{"action"}},
		{"unknown kind", func(e *audit.Entry) { e.Subject.Kind = "person" }, []string{"subject.kind"}},
		{"unknown role", func(e *audit.Entry) { e.Actor.Role = "admin" }, []string{"actor.role"}},
		{"no time", func(e *audit.Entry) { e.At = time.Time{} }, []string{"at"}},
		{"free text detail", func(e *audit.Entry) { e.Detail = "Max Mustermann" }, []string{"detail"}},
		{"long detail", func(e *audit.Entry) { e.Detail = strings.Repeat("a", audit.MaxDetail+1) }, []string{"detail"}},
		{"control characters", func(e *audit.Entry) { e.Subject.ID = "a\nb" }, []string{"subject.id"}},
		{"long login", func(e *audit.Entry) { e.Actor.Login = strings.Repeat("a", audit.MaxID+1) }, []string{"actor.login"}},
		{"every field at once", func(e *audit.Entry) { e.Action, e.Subject.Kind, e.Detail = "", "", "?" },
			[]string{"action", "subject.kind", "detail"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ok
			tc.change(&e)
			require.Equal(t, tc.fields, fieldsOf(e.Check()))
		})
	}
}

func fieldsOf(err error) []string {
	ve, ok := err.(*fairshops.ValidationError)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestClosedLists(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range audit.Actions() {
		require.True(t, a.Valid())
		require.NoError(t, audit.CheckDetail(string(a)), "an action reads as a code")
		require.False(t, seen[string(a)], "duplicate %s", a)
		seen[string(a)] = true
	}
	require.True(t, audit.ComplaintErased.Valid())
	for _, k := range audit.Kinds() {
		require.True(t, k.Valid())
	}
	require.False(t, audit.Action("").Valid())
	require.False(t, audit.Kind("").Valid())
}

func TestDigestIsCanonical(t *testing.T) {
	// The encoding is fixed: stored logs must keep verifying. Changing a
	// field's order or the domain string changes this digest.
	e := audit.Entry{Seq: 1, At: at, Actor: audit.Operator("anna"), Action: audit.ArticleUpdated, Subject: audit.Article("widerruf"), Detail: "de"}
	sum := sha256.Sum256([]byte(`["audit",1,"2026-12-01T09:00:00Z","operator","anna","article.updated","article","widerruf","de",""]`))
	require.Equal(t, hex.EncodeToString(sum[:]), e.Digest())
	want := audit.Entry{Seq: 1, At: at.In(time.FixedZone("CET", 3600)), Actor: e.Actor, Action: e.Action, Subject: e.Subject, Detail: "de"}
	require.Equal(t, e.Digest(), want.Digest(), "the time zone does not count, the instant does")
	for _, change := range []func(x *audit.Entry){
		func(x *audit.Entry) { x.Seq = 2 },
		func(x *audit.Entry) { x.At = x.At.Add(time.Microsecond) },
		func(x *audit.Entry) { x.Actor.Role = fairshops.RoleShop },
		func(x *audit.Entry) { x.Actor.Login = "ben" },
		func(x *audit.Entry) { x.Action = audit.ArticleDeleted },
		func(x *audit.Entry) { x.Subject.Kind = audit.KindMacro },
		func(x *audit.Entry) { x.Subject.ID = "x" },
		func(x *audit.Entry) { x.Detail = "en" },
		func(x *audit.Entry) { x.Prev = "00" },
	} {
		x := e
		change(&x)
		require.NotEqual(t, e.Digest(), x.Digest(), "every field is part of the digest")
	}
}

func TestVerifier(t *testing.T) {
	build := func(n int) []audit.Entry {
		var out []audit.Entry
		prev := ""
		for i := range n {
			e := audit.Entry{At: at.Add(time.Duration(i) * time.Minute), Action: audit.Logout, Subject: audit.Account("a")}
			e.Chain(i+1, prev)
			prev = e.Hash
			out = append(out, e)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		change func([]audit.Entry) []audit.Entry
		seq    int
		why    string
	}{
		{"intact", func(es []audit.Entry) []audit.Entry { return es }, 0, ""},
		{"changed", func(es []audit.Entry) []audit.Entry { es[2].Subject.ID = "b"; return es }, 3, "entry 3 was changed"},
		{"removed", func(es []audit.Entry) []audit.Entry { return append(es[:1], es[2:]...) }, 2, "entry 2 has sequence number 3"},
		{"rechained", func(es []audit.Entry) []audit.Entry { es[3].Prev = es[1].Hash; return es }, 4, "entry 4 does not chain to the entry before"},
		{"first not first", func(es []audit.Entry) []audit.Entry { return es[1:] }, 1, "entry 1 has sequence number 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es := tc.change(build(5))
			// in pages of two, as Verify reads a long log
			var v audit.Verifier
			var err error
			for i := 0; i < len(es) && err == nil; i += 2 {
				err = v.Next(es[i:min(i+2, len(es))])
			}
			if tc.seq == 0 {
				require.NoError(t, err)
				require.Equal(t, audit.Head{Seq: 5, Hash: es[4].Hash}, v.Checked())
				return
			}
			b, ok := audit.Broken(err)
			require.True(t, ok, "%v", err)
			require.Equal(t, tc.seq, b.Seq)
			require.Equal(t, tc.why, b.Why)
			require.ErrorIs(t, err, fairshops.ErrInvalid)
		})
	}
}

func TestParseFilter(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	for _, tc := range []struct {
		query  string
		want   audit.Filter
		fields []string
	}{
		{"", audit.Filter{}, nil},
		{"action=login&actor=anna&kind=article&subject=widerruf&order=newest&after=7&limit=20",
			audit.Filter{Action: audit.LoginSucceeded, Actor: "anna", Subject: audit.Article("widerruf"), Newest: true, After: 7, Limit: 20}, nil},
		{"from=2026-12-01&until=2026-12-01", audit.Filter{
			From: time.Date(2026, 12, 1, 0, 0, 0, 0, berlin), Until: time.Date(2026, 12, 2, 0, 0, 0, 0, berlin)}, nil},
		{"from=2026-12-01T08:00:00Z", audit.Filter{From: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}, nil},
		{"action=coffee&kind=person&order=up&after=-1&limit=x&from=1.12.2026",
			audit.Filter{}, []string{"from", "order", "after", "limit", "action", "kind"}},
		{"subject=x", audit.Filter{}, []string{"subject"}},
		{"from=2026-12-02&until=2026-12-01", audit.Filter{}, []string{"until"}},
		{"actor=%00", audit.Filter{}, []string{"actor"}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			require.NoError(t, err)
			got, err := audit.ParseFilter(q, berlin)
			require.Equal(t, tc.fields, fieldsOf(err), "%v", err)
			if tc.fields == nil {
				require.NoError(t, err)
				if d := cmp.Diff(tc.want, got, cmp.Comparer(time.Time.Equal)); d != "" {
					t.Fatalf("filter differs (-want +got):\n%s", d)
				}
			}
		})
	}
}

func TestRecorder(t *testing.T) {
	ctx := context.Background()
	db := memory.New()
	clock := fairshops.NewManualClock(at)
	rec := audit.NewRecorder(db.Audit(), clock)
	e, err := rec.Record(ctx, audit.Operator("anna"), audit.QueueExported, audit.Queue(), "csv")
	require.NoError(t, err)
	require.Equal(t, 1, e.Seq)
	require.True(t, e.At.Equal(at))
	require.NoError(t, rec.Erased(ctx, audit.Operator("anna"), "c_1", "request"))

	_, err = rec.Record(ctx, audit.Operator("anna"), audit.QueueExported, audit.Queue(), "Anna's export")
	require.ErrorIs(t, err, fairshops.ErrInvalid, "free text never reaches the log")
	head, err := audit.Verify(ctx, db.Audit())
	require.NoError(t, err)
	require.Equal(t, 2, head.Seq, "the refused entry was not written")
	got, err := db.Audit().List(ctx, audit.Filter{Action: audit.ComplaintErased})
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, audit.Complaint("c_1"), got[0].Subject)

	var none *audit.Recorder
	_, err = none.Record(ctx, audit.Operator("anna"), audit.Logout, audit.Account("a"), "")
	require.NoError(t, err, "a nil recorder records nothing")
	require.Nil(t, none.Log())
}

func TestVerifyReadsEveryPage(t *testing.T) {
	ctx := context.Background()
	db := memory.New()
	rec := audit.NewRecorder(db.Audit(), fairshops.NewManualClock(at))
	n := fairshops.MaxLimit + 3
	for range n {
		_, err := rec.Record(ctx, audit.Operator("anna"), audit.Logout, audit.Account("a"), "")
		require.NoError(t, err)
	}
	head, err := audit.Verify(ctx, db.Audit())
	require.NoError(t, err)
	require.Equal(t, n, head.Seq)
}
