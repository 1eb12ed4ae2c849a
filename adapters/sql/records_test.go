package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/fairshops/calendar"
	"github.com/fairshops/konfliktservice/mediation"
	"github.com/fairshops/konfliktservice/portal"
)

// filler sets every field of a value, however deep, to a distinct
// non-zero value: every string its own text, every slice two elements,
// every pointer a value. A store that forgets a field (a record type that
// misses one the domain added) fails the round trip of such a value.
type filler struct{ n int }

var (
	timeType    = reflect.TypeFor[time.Time]()
	dateType    = reflect.TypeFor[fairshops.Date]()
	decimalType = reflect.TypeFor[decimal.Decimal]()
	stateType   = reflect.TypeFor[calendar.State]()
)

func (f *filler) fill(v reflect.Value) {
	f.n++
	n := f.n
	switch v.Type() {
	case timeType:
		// UTC, whole microseconds: what the stores keep.
		v.Set(reflect.ValueOf(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC).Add(time.Duration(n)*time.Second + time.Duration(n)*time.Microsecond)))
		return
	case dateType:
		v.Set(reflect.ValueOf(fairshops.MustDate("2026-01-01").AddDays(n)))
		return
	case decimalType:
		// Two decimals and a trailing zero: 12.30, 24.60, ...
		v.Set(reflect.ValueOf(decimal.New(int64(n)*1230, -3)))
		return
	case stateType:
		// A federal state, never National (which stores as "none").
		v.Set(reflect.ValueOf(calendar.States()[n%16]))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("%s-%d", v.Type().Name(), n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(n))
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		f.fill(v.Elem())
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			f.fill(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				f.fill(v.Field(i))
			}
		}
	case reflect.Map:
		// JSON values by name (statement facts, settled facts): two entries.
		if v.Type() != reflect.TypeFor[map[string]json.RawMessage]() {
			panic(fmt.Sprintf("filler: no rule for %s", v.Type()))
		}
		v.Set(reflect.ValueOf(map[string]json.RawMessage{
			fmt.Sprintf("fact_%d", n): json.RawMessage(fmt.Sprintf(`"v-%d"`, n)),
			fmt.Sprintf("flag_%d", n): json.RawMessage(`true`),
		}))
	default:
		panic(fmt.Sprintf("filler: no rule for %s", v.Type()))
	}
}

func filled[T any]() T {
	var v T
	(&filler{}).fill(reflect.ValueOf(&v).Elem())
	return v
}

// TestRecordsCoverEveryField stores a value of each aggregate with every
// field set and reads it back unchanged, on every dialect.
func TestRecordsCoverEveryField(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()

			t.Run("complaint", func(t *testing.T) {
				c := filled[complaint.Complaint]()
				for i := range c.History {
					c.History[i].Seq = i + 1
					// A complaint's history is fairshops.PlainEntries: its
					// entries never carry an edit's before and after.
					c.History[i].Before, c.History[i].After = "", ""
				}
				want := c.Clone()
				require.NoError(t, db.Complaints().Create(ctx, &c, nil))
				got, err := db.Complaints().Get(ctx, c.ID)
				require.NoError(t, err)
				want.Version = 1
				if d := cmp.Diff(want, got); d != "" {
					t.Fatalf("complaint round trip (-want +got):\n%s", d)
				}
			})
			t.Run("case", func(t *testing.T) {
				c := filled[mediation.Case]()
				for i := range c.History {
					c.History[i].Seq = i + 1
				}
				want := c.Clone()
				require.NoError(t, db.Cases().Create(ctx, &c, nil))
				got, err := db.Cases().Get(ctx, c.ID)
				require.NoError(t, err)
				want.Version = 1
				if d := cmp.Diff(want, got); d != "" {
					t.Fatalf("case round trip (-want +got):\n%s", d)
				}
			})
			t.Run("article", func(t *testing.T) {
				a := filled[portal.Article]()
				a.Version = 0
				saved, err := db.Articles().Create(ctx, a)
				require.NoError(t, err)
				got, err := db.Articles().Get(ctx, a.Slug)
				require.NoError(t, err)
				a.Version = 1
				for _, g := range []portal.Article{saved, got} {
					if d := cmp.Diff(a, g, cmp.AllowUnexported(fairshops.Date{})); d != "" {
						t.Fatalf("article round trip (-want +got):\n%s", d)
					}
				}
			})
			t.Run("account", func(t *testing.T) {
				a := filled[account.Account]()
				require.NoError(t, db.Accounts().Create(ctx, &a))
				got, err := db.Accounts().ByLogin(ctx, a.Login)
				require.NoError(t, err)
				if d := cmp.Diff(&a, got); d != "" {
					t.Fatalf("account round trip (-want +got):\n%s", d)
				}
				k := filled[account.APIKey]()
				require.NoError(t, db.APIKeys().Create(ctx, &k))
				gotKey, err := db.APIKeys().ByHash(ctx, k.Hash)
				require.NoError(t, err)
				if d := cmp.Diff(&k, gotKey); d != "" {
					t.Fatalf("key round trip (-want +got):\n%s", d)
				}
				s := filled[account.Session]()
				require.NoError(t, db.Sessions().Create(ctx, &s))
				gotSession, err := db.Sessions().Get(ctx, s.Hash)
				require.NoError(t, err)
				if d := cmp.Diff(&s, gotSession); d != "" {
					t.Fatalf("session round trip (-want +got):\n%s", d)
				}
			})
		})
	}
}
