package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	audittest "github.com/fairshops/konfliktservice/fairshops/audit/storetest"
)

// TestAuditLog runs the audit log's suite on every target. On PostgreSQL
// the concurrent appends come from two DBs on the same schema (two nodes,
// each with its own pool and group commit).
func TestAuditLog(t *testing.T) {
	onTargets(t, func(t *testing.T, open func(testing.TB) *sqlstore.DB) {
		audittest.Run(t, func(t *testing.T) audittest.Harness {
			db := open(t)
			return audittest.Harness{Log: db.Audit()}
		})
	})
	t.Run("postgres-two-nodes", func(t *testing.T) {
		audittest.Run(t, func(t *testing.T) audittest.Harness {
			dsn := sqltest.PostgresDSN(t)
			a := openDSN(t, dsn)
			b := openDSN(t, dsn, sqlstore.WithGroupCommit(true))
			return audittest.Harness{Log: a.Audit(), Second: b.Audit()}
		})
	})
}

func openDSN(t *testing.T, dsn string, opts ...sqlstore.Option) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, db.Close()) })
	return db
}

// TestAuditLogTamper changes one stored column of one entry behind the
// store's back (dropping the append-only trigger first, as someone with
// the database's owner rights could) and checks that Verify names that
// entry.
func TestAuditLogTamper(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name      string
		dsn       func(t *testing.T) string
		driver    string
		untrigger []string
	}{
		{"sqlite", func(t *testing.T) string { return sqltest.SQLitePath(t) }, "sqlite",
			[]string{`DROP TRIGGER audit_log_no_update`}},
		{"postgres", func(t *testing.T) string { return sqltest.PostgresDSN(t) }, "pgx",
			[]string{`DROP TRIGGER audit_log_no_update ON audit_log`}}, // migration 00024 split the append-only trigger
	} {
		t.Run(tc.name, func(t *testing.T) {
			dsn := tc.dsn(t)
			db := openDSN(t, dsn)
			rec := audit.NewRecorder(db.Audit(), fairshops.NewManualClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)))
			for _, slug := range []string{"a", "b", "c", "d"} {
				_, err := rec.Record(ctx, audit.Operator("anna"), audit.ArticleUpdated, audit.Article(slug), "")
				require.NoError(t, err)
			}
			_, err := audit.Verify(ctx, db.Audit())
			require.NoError(t, err)

			raw, err := sql.Open(tc.driver, dsn)
			require.NoError(t, err)
			defer raw.Close()
			for _, q := range tc.untrigger {
				_, err := raw.ExecContext(ctx, q)
				require.NoError(t, err)
			}
			_, err = raw.ExecContext(ctx, `UPDATE audit_log SET subject_id = 'x' WHERE seq = 3`)
			require.NoError(t, err)

			_, err = audit.Verify(ctx, db.Audit())
			b, ok := audit.Broken(err)
			require.True(t, ok, "Verify finds the change: %v", err)
			require.Equal(t, 3, b.Seq)
			require.Equal(t, "entry 3 was changed", b.Why)
			require.ErrorIs(t, err, fairshops.ErrInvalid)
		})
	}
}
