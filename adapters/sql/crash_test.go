package sqlstore

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/adapters/sql/internal/pgtest"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The crash test: a writer process files complaints through
// complaint.Service from many goroutines and prints each complaint's ID
// the moment Submit returns; the test kills it with SIGKILL at a random
// moment, reopens the database and checks that every acknowledged
// complaint is there and whole (facts, pre-check, a history chain that
// verifies, its outbox events), and that no complaint at all was stored in
// part. The writer is this test binary run again: TestMain turns it into
// the writer when the environment names a database.
const (
	envCrashDSN   = "SQLSTORE_CRASH_WRITER_DSN"   // the database the writer writes to
	envCrashGroup = "SQLSTORE_CRASH_WRITER_GROUP" // "1": PostgreSQL with group commit
	crashShop     = "crash-shop"
	crashWriters  = 16
	crashKills    = 20
)

var crashSeed = flag.Uint64("crash.seed", 0, "seed of the crash test's kill delays (0: from the clock)")

func TestMain(m *testing.M) {
	if dsn := os.Getenv(envCrashDSN); dsn != "" {
		os.Exit(crashWriter(dsn, os.Getenv(envCrashGroup) == "1"))
	}
	os.Exit(m.Run())
}

// crashDay is the writer's clock: complaints filed at one instant on one
// day, so that the reference complaint of the check has the same dates.
var crashDay = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func crashIntake() complaint.Intake {
	return complaint.Intake{
		Facts: precheck.Facts{
			Category:             precheck.Delivery,
			OrderDate:            fairshops.MustDate("2026-01-12"),
			PromisedDeliveryDate: fairshops.MustDate("2026-01-19"),
			OrderValue:           fairshops.MustMoney("49.90", fairshops.EUR),
			ContactedShopOn:      fairshops.MustDate("2026-02-02"),
			DesiredResolution:    precheck.WantDelivery,
			Description:          "Die Bestellung ist nie angekommen.\nBitte liefern.",
		},
		Contact:  complaint.Contact{Name: "Erika Mustermann", Email: "erika@example.org", Phone: "+49 30 1234567"},
		OrderRef: "A-10023",
		Lang:     fairshops.German,
	}
}

// crashService is the complaint service on store over the shops in
// shops, with the crash shop registered (once: later runs find it).
func crashService(ctx context.Context, shops fairshops.ShopStore, store complaint.Store) (*complaint.Service, error) {
	clock := fairshops.NewManualClock(crashDay)
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: shops, Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
	if err != nil {
		return nil, err
	}
	_, err = reg.Register(ctx, fairshops.Shop{ID: crashShop, Name: "Crash Shop", Domain: "crash.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed},
		Bookings: []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2020-01-01"),
			Purpose: fairshops.ExtraTrust}}})
	if err != nil && fairshops.KindOf(err) != fairshops.Conflict {
		return nil, err
	}
	return complaint.NewService(complaint.Config{Store: store, Shops: reg, Clock: clock})
}

// crashWriter is the writer process: it files complaints until it is
// killed, printing "ack <id>" as each Submit returns. It never ends on its
// own before a minute has passed, a guard against a test that died.
func crashWriter(dsn string, group bool) int {
	time.AfterFunc(time.Minute, func() { os.Exit(3) })
	ctx := context.Background()
	var opts []Option
	if group {
		opts = append(opts, WithGroupCommit(true))
	}
	db, err := Open(ctx, dsn, opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		return 2
	}
	svc, err := crashService(ctx, db.Shops(), db.Complaints())
	if err != nil {
		fmt.Fprintln(os.Stderr, "service:", err)
		return 2
	}
	var out sync.Mutex
	var wg sync.WaitGroup
	in := crashIntake()
	for range crashWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c, _, err := svc.Submit(ctx, crashShop, in)
				if err != nil {
					fmt.Fprintln(os.Stderr, "submit:", err)
					os.Exit(2)
				}
				out.Lock()
				// One write system call per line: a line is in the pipe
				// whole, or not at all.
				_, err = os.Stdout.WriteString("ack " + c.ID + "\n")
				out.Unlock()
				if err != nil {
					os.Exit(2) // the test is gone
				}
			}
		}()
	}
	wg.Wait()
	return 0
}

// crashRun starts a writer on dsn, kills it delay after its first
// acknowledgement and returns the IDs it acknowledged.
func crashRun(t *testing.T, dsn string, group bool, delay time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envCrashDSN+"="+dsn, envCrashGroup+"="+map[bool]string{true: "1", false: "0"}[group])
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	var ids []string
	sc := bufio.NewScanner(stdout)
	var killer *time.Timer
	for sc.Scan() {
		id, ok := strings.CutPrefix(sc.Text(), "ack ")
		if !ok || !strings.HasPrefix(id, "c_") {
			t.Fatalf("writer printed %q", sc.Text())
		}
		ids = append(ids, id)
		if killer == nil {
			killer = time.AfterFunc(delay, func() { _ = cmd.Process.Kill() })
		}
	}
	if killer == nil {
		_ = cmd.Process.Kill()
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != -1 {
		t.Fatalf("the writer was to be killed, it ended with %v; stderr:\n%s", err, stderr.String())
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, ids, "the writer acknowledged nothing; stderr:\n%s", stderr.String())
	return ids
}

// crashReference is what every complaint of the writer must look like
// (but for its ID, reference, token hash and history hashes): the same intake filed
// on the same day through the memory store.
func crashReference(t *testing.T) (*complaint.Complaint, []fairshops.Event) {
	t.Helper()
	ctx := context.Background()
	mem := memory.New()
	svc, err := crashService(ctx, mem.Shops(), mem.Complaints())
	require.NoError(t, err)
	c, _, err := svc.Submit(ctx, crashShop, crashIntake())
	require.NoError(t, err)
	var events []fairshops.Event
	for _, ev := range mem.Events() {
		if ev.Subject == c.ID {
			events = append(events, ev)
		}
	}
	return c, events
}

// crashCheck opens the database after a kill and checks the complaints
// acknowledged in the last run, and that every stored complaint is whole.
func crashCheck(t *testing.T, dsn string, acked []string, ref *complaint.Complaint, refEvents []fairshops.Event) int {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, dsn)
	require.NoError(t, err, "the database opens after the crash")
	defer func() { require.NoError(t, db.Close()) }()

	// Every complaint stored, acknowledged or not, is whole: three history
	// entries and three events, never fewer. The counts come from one
	// snapshot: a PostgreSQL server finishes a COMMIT that a killed client
	// had sent, perhaps while this check runs.
	opts := &sql.TxOptions{ReadOnly: true}
	if db.d.name == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	snap, err := db.read.BeginTx(ctx, opts)
	require.NoError(t, err)
	defer func() { require.NoError(t, snap.Rollback()) }()
	counts := func(q string) map[string]int {
		rows, err := snap.QueryContext(ctx, q)
		require.NoError(t, err)
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var id string
			var n int
			require.NoError(t, rows.Scan(&id, &n))
			out[id] = n
		}
		require.NoError(t, rows.Err())
		return out
	}
	stored := counts(`SELECT id, history_count FROM complaints`)
	history := counts(`SELECT complaint_id, count(*) FROM complaint_history GROUP BY complaint_id`)
	events := counts(`SELECT subject, count(*) FROM outbox WHERE type LIKE 'complaint.%' GROUP BY subject`)
	for id, n := range stored {
		if n != len(ref.History) || history[id] != n || events[id] != len(refEvents) {
			t.Fatalf("complaint %s stored in part: %d entries counted, %d stored, %d events", id, n, history[id], events[id])
		}
	}
	require.Equal(t, len(stored), len(history), "no history without its complaint")
	require.Equal(t, len(stored), len(events), "no events without their complaint")

	for _, id := range acked {
		c, err := db.Complaints().Get(ctx, id)
		require.NoError(t, err, "acknowledged complaint %s lost", id)
		require.NoError(t, complaint.VerifyHistory(id, c.History), "history of %s", id)
		require.Len(t, c.TokenHash, 64, "token hash of %s", id)
		want := ref.Clone()
		want.ID, want.TokenHash, want.Version, want.History = id, c.TokenHash, 1, c.History
		_, err = complaint.ParseReference(c.Reference)
		require.NoError(t, err, "reference of %s", id)
		want.Reference = c.Reference // drawn per complaint, like the ID
		if d := cmp.Diff(want, c, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("complaint %s is not whole (-want +got):\n%s", id, d)
		}
		for i, e := range c.History {
			r := ref.History[i]
			require.Equal(t, []any{r.Seq, r.At, r.Actor, r.Action, r.Detail}, []any{e.Seq, e.At, e.Actor, e.Action, e.Detail},
				"history entry %d of %s", i+1, id)
		}
		rows, err := db.query(ctx, `SELECT type, shop_id, recipient, data FROM outbox WHERE subject = ? ORDER BY seq`, id)
		require.NoError(t, err)
		var i int
		for rows.Next() {
			var typ, shop, recipient, data string
			require.NoError(t, rows.Scan(&typ, &shop, &recipient, &data))
			require.Less(t, i, len(refEvents))
			r := refEvents[i]
			require.Equal(t, []string{r.Type, r.ShopID, r.Recipient}, []string{typ, shop, recipient}, "event %d of %s", i+1, id)
			var got, wantData complaint.EventData
			require.NoError(t, json.Unmarshal([]byte(data), &got), "event %d of %s", i+1, id)
			require.NoError(t, json.Unmarshal(r.Data, &wantData))
			wantData.Complaint, wantData.Reference = id, c.Reference
			require.Equal(t, wantData, got, "event %d of %s", i+1, id)
			i++
		}
		require.NoError(t, rows.Err())
		require.NoError(t, rows.Close())
		require.Equal(t, len(refEvents), i, "events of %s", id)
	}
	return len(stored)
}

// TestCrashLosesNoAcknowledgedComplaint kills a writer 20 times per
// database at random moments; not one acknowledged complaint may be lost
// or stored in part. The delays are drawn from a seeded source (logged;
// -crash.seed repeats a run).
func TestCrashLosesNoAcknowledgedComplaint(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test starts and kills 40 processes; skipped with -short")
	}
	ref, refEvents := crashReference(t)
	require.Len(t, refEvents, 3, "a filed complaint has three events")
	for _, tg := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"sqlite", sqlitePath},
		{"postgres", func(t *testing.T) string { return pgtest.Schema(t) }},
	} {
		t.Run(tg.name, func(t *testing.T) {
			dsn := tg.dsn(t)
			seed := *crashSeed
			if seed == 0 {
				seed = uint64(time.Now().UnixNano())
			}
			t.Logf("seed %d (repeat with -crash.seed=%d)", seed, seed)
			rng := rand.New(rand.NewPCG(seed, 0x6b6f6e666c696b74))
			total, stored := 0, 0
			for kill := range crashKills {
				// On PostgreSQL every other run writes with group commit.
				group := tg.name == "postgres" && kill%2 == 1
				delay := time.Duration(rng.Int64N(int64(150 * time.Millisecond)))
				acked := crashRun(t, dsn, group, delay)
				now := crashCheck(t, dsn, acked, ref, refEvents)
				require.GreaterOrEqual(t, now-stored, len(acked), "run %d: fewer complaints stored than acknowledged", kill+1)
				t.Logf("run %d: killed %s after the first acknowledgement (group commit %v): %d acknowledged, %d stored, none lost",
					kill+1, delay.Round(time.Millisecond), group || tg.name == "sqlite", len(acked), now-stored)
				total += len(acked)
				stored = now
			}
			t.Logf("%d kills, %d acknowledged complaints, all present and whole", crashKills, total)
		})
	}
}
