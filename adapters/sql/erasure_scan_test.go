package sqlstore

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/carrierclaim"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// erasedData are the personal data TestErasureLeavesNothing files; none
// may be in any table after the erasure. The words are chosen to occur
// nowhere else (also not as a search term's stem).
var erasedData = []string{"Quirinus", "Zwetschgenbaum", "quirinus.zwetschgenbaum@example.org", "+49 30 99887766",
	"ZB-778899", "Wurzelbürste", "zerbrochen", "Schnabeltasse", "Rückrufwunsch", "zwetschgenquittung", "Hummelwiese",
	"ZWETSCH 4711", "Kuckucksnest", "Lindwurmgasse"}

// TestErasureLeavesNothing files a complaint with a message, a note, an
// attachment and an ended mediation case with a statement, erases it, and
// then reads every column of every row of every table (the full-text
// index's terms included) for the personal data: none is left, the
// histories verify, and the dashboard's figures are unchanged.
func TestErasureLeavesNothing(t *testing.T) {
	for _, tg := range targets()[:2] {
		t.Run(tg.name, func(t *testing.T) {
			ctx := context.Background()
			db := tg.open(t)
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			clock := fairshops.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
			reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
			require.NoError(t, err)
			_, err = reg.Register(ctx, fairshops.Shop{ID: "mod-shop", Name: "Moderierter Shop", Domain: "mod.example",
				Seal: fairshops.Seal{Status: fairshops.Licensed}, Bookings: []fairshops.Booking{{Module: fairshops.Streitmoderation,
					From: fairshops.MustDate("2020-01-01"), Purpose: fairshops.ExtraTrust, MediationMode: fairshops.ConsumerMode}}})
			require.NoError(t, err)
			cs, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock, Logger: log,
				Files: db.Files(), Overviews: db.Overviews(), Cases: complaint.Erasers{mediation.NewEraser(db.Cases(), clock),
					carrierclaim.NewEraser(db.Claims(), db.Shares(), clock).WithDocuments(db.Documents())}})
			require.NoError(t, err)
			ms, err := mediation.NewService(mediation.Config{Store: db.Cases(), Complaints: mediation.ComplaintsOf(cs),
				Shops: reg, Clock: clock, Logger: log})
			require.NoError(t, err)

			c, tok, err := cs.Submit(ctx, "mod-shop", complaint.Intake{
				Facts: precheck.Facts{Category: precheck.Delivery, OrderDate: fairshops.MustDate("2026-01-03"),
					DeliveryDate: fairshops.MustDate("2026-01-08"), OrderValue: fairshops.MustMoney("49.90", "EUR"),
					DamagedInTransit: true,
					ContactedShopOn:  fairshops.MustDate("2026-01-20"), DesiredResolution: precheck.WantRefund,
					Description: "Die Wurzelbürste kam zerbrochen an."},
				Contact:  complaint.Contact{Name: "Quirinus Zwetschgenbaum", Email: "quirinus.zwetschgenbaum@example.org", Phone: "+49 30 99887766"},
				OrderRef: "ZB-778899", Lang: fairshops.German})
			require.NoError(t, err)
			consumer, op := fairshops.AsConsumer(tok), fairshops.AsOperator("olga")
			_, err = cs.AddMessage(ctx, consumer, c.ID, "Bitte ersetzen Sie die Schnabeltasse.")
			require.NoError(t, err)
			_, err = cs.AddNote(ctx, op, c.ID, "Rückrufwunsch von Herrn Zwetschgenbaum")
			require.NoError(t, err)
			_, err = cs.Attach(ctx, consumer, c.ID, complaint.Upload{Name: "zwetschgenquittung.png"}, bytes.NewReader(scanPNG(t)))
			require.NoError(t, err)
			_, err = cs.AddMessage(ctx, fairshops.AsShop("mod-shop"), c.ID, "Wir lehnen ab.")
			require.NoError(t, err)
			k, err := ms.Request(ctx, consumer, mediation.RequestInput{ComplaintID: c.ID})
			require.NoError(t, err)
			_, err = ms.AcceptRequest(ctx, op, k.ID)
			require.NoError(t, err)
			_, err = ms.AddStatement(ctx, consumer, k.ID, mediation.StatementInput{Text: "Auf der Hummelwiese zugestellt."})
			require.NoError(t, err)
			_, err = ms.Withdraw(ctx, consumer, k.ID)
			require.NoError(t, err)
			// The shop's claim against its carrier, with the carrier's answer
			// and a document (a label with the consumer's street in its name)
			// through its link, and the consumer's consent to share a file.
			claims, err := carrierclaim.NewService(carrierclaim.Config{Store: db.Claims(), Complaints: cs, Clock: clock,
				Documents: db.Documents()})
			require.NoError(t, err)
			amount := fairshops.MustMoney("49.90", "EUR")
			cl, err := claims.Open(ctx, fairshops.AsShop("mod-shop"), c.ID, carrierclaim.Input{Carrier: "DHL",
				Tracking: "ZWETSCH 4711", Incident: carrierclaim.VisibleDamage, On: fairshops.MustDate("2026-01-08"), Amount: &amount})
			require.NoError(t, err)
			carrierTok, err := claims.Invite(ctx, fairshops.AsShop("mod-shop"), cl.ID)
			require.NoError(t, err)
			_, err = claims.CarrierAnswer(ctx, cl.ID, carrierTok, carrierclaim.AnswerInput{Kind: carrierclaim.AnswerDocuments,
				Reason: "Bitte ein Foto vom Kuckucksnest."})
			require.NoError(t, err)
			_, err = claims.CarrierUpload(ctx, cl.ID, carrierTok, "Etikett Lindwurmgasse.png", bytes.NewReader(scanPNG(t)))
			require.NoError(t, err)
			require.NoError(t, db.Shares().Create(ctx, carrierclaim.Share{ComplaintID: c.ID, FileID: "f_scan", At: clock.Now()}))
			// An overview link mailed to the address (ResendLinks).
			require.NoError(t, db.Overviews().Create(ctx, complaint.Overview{Hash: fairshops.Token("overview").Hash(),
				Email: "quirinus.zwetschgenbaum@example.org", CreatedAt: clock.Now(), ExpiresAt: clock.Now().Add(24 * time.Hour)}))

			statsQuery := complaint.StatsQuery{From: fairshops.MustDate("2026-01-01"), To: fairshops.MustDate("2026-12-31"),
				Today: fairshops.MustDate("2026-03-02"), Shops: 10}
			statsBefore, err := db.Complaints().Stats(ctx, statsQuery)
			require.NoError(t, err)
			// The scan finds what is there: every datum before the erasure.
			require.ElementsMatch(t, erasedData, scanDatabase(t, db, erasedData))

			_, err = cs.Erase(ctx, op, c.ID, complaint.ErasureRequested)
			require.NoError(t, err)

			require.Empty(t, scanDatabase(t, db, erasedData), "personal data left after the erasure")
			for _, s := range erasedData {
				require.NotContains(t, strings.ToLower(logs.String()), strings.ToLower(s), "in the log")
			}
			got, err := db.Complaints().Get(ctx, c.ID)
			require.NoError(t, err)
			require.NoError(t, complaint.VerifyHistory(c.ID, got.History))
			kase, err := db.Cases().Get(ctx, k.ID)
			require.NoError(t, err)
			require.NoError(t, mediation.VerifyHistory(k.ID, kase.History))
			statsAfter, err := db.Complaints().Stats(ctx, statsQuery)
			require.NoError(t, err)
			require.Equal(t, statsBefore, statsAfter)
			found, err := db.Complaints().Search(ctx, complaint.Query{Text: "Zwetschgenbaum"})
			require.NoError(t, err)
			require.Empty(t, found)
		})
	}
}

// scanPNG is a small picture that the evidence cleaner accepts.
func scanPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := range 16 {
		img.Set(x, x, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

// scanDatabase returns which of words (compared in lower case) occur in any
// column of any row of any table of the database, or as a term of its
// full-text index.
func scanDatabase(t *testing.T, db *DB, words []string) []string {
	t.Helper()
	ctx := context.Background()
	var tables []string
	var err error
	if db.d.name == SQLite {
		tables, err = queryStrings(ctx, db.read, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	} else {
		tables, err = queryStrings(ctx, db.read, `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	}
	require.NoError(t, err)
	require.Contains(t, tables, "complaints")
	var text strings.Builder
	for _, table := range tables {
		rows, err := db.read.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		require.NoError(t, err, table)
		cols, err := rows.Columns()
		require.NoError(t, err)
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			require.NoError(t, rows.Scan(ptrs...), table)
			for _, v := range vals {
				switch x := v.(type) {
				case []byte:
					text.Write(x)
				case string:
					text.WriteString(x)
				case nil:
				default:
					fmt.Fprint(&text, x)
				}
				text.WriteByte('\n')
			}
		}
		require.NoError(t, rows.Err())
		require.NoError(t, rows.Close())
	}
	// The index's terms: FTS5 compresses them in its pages, so the scan
	// above cannot see them; its vocabulary table lists them. PostgreSQL's
	// tsvector is a column of complaints and was read above.
	if db.d.name == SQLite {
		conn, err := db.wpool.Conn(ctx)
		require.NoError(t, err)
		defer conn.Close()
		_, err = conn.ExecContext(ctx, `CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, complaints_fts, 'row')`)
		require.NoError(t, err)
		terms, err := queryStrings(ctx, conn, `SELECT term FROM temp.fts_terms`)
		require.NoError(t, err)
		text.WriteString(strings.Join(terms, "\n"))
	}
	all := strings.ToLower(text.String())
	var found []string
	for _, w := range words {
		if strings.Contains(all, strings.ToLower(w)) {
			found = append(found, w)
		}
	}
	return found
}
