package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// TestAuditLogPruneTriggers: after a pruning (migration 00024) the
// database still refuses to change any entry and to delete one that was
// not pruned; and when someone with the owner's rights drops the trigger
// and cuts the log further than its checkpoint says, Verify finds it.
func TestAuditLogPruneTriggers(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, driver string
		dsn          func(t *testing.T) string
		untrigger    string
	}{
		{"sqlite", "sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "k.db") },
			`DROP TRIGGER audit_log_prune_only`},
		{"postgres", "pgx", func(t *testing.T) string { return sqltest.PostgresDSN(t) },
			`DROP TRIGGER audit_log_prune_only ON audit_log`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dsn := tc.dsn(t)
			db := openDSN(t, dsn)
			clock := fairshops.NewManualClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
			rec := audit.NewRecorder(db.Audit(), clock)
			for _, slug := range []string{"a", "b", "c", "d"} {
				_, err := rec.Record(ctx, audit.Operator("anna"), audit.ArticleUpdated, audit.Article(slug), "")
				require.NoError(t, err)
			}
			clock.Set(time.Date(2030, 1, 1, 0, 0, 0, 0, fairshops.Berlin()))
			_, err := rec.Record(ctx, audit.Operator("anna"), audit.ArticleUpdated, audit.Article("e"), "")
			require.NoError(t, err)
			n, err := audit.Prune(ctx, db.Audit(), audit.Retention{}, clock)
			require.NoError(t, err)
			require.Equal(t, 4, n, "the four entries of 2026 go on 1 January 2030")
			head, err := audit.Verify(ctx, db.Audit())
			require.NoError(t, err)
			require.Equal(t, 6, head.Seq)

			raw, err := sql.Open(tc.driver, dsn)
			require.NoError(t, err)
			defer raw.Close()
			_, err = raw.ExecContext(ctx, `DELETE FROM audit_log WHERE seq = 5`)
			require.Error(t, err, "an entry that was not pruned cannot be deleted")
			_, err = raw.ExecContext(ctx, `UPDATE audit_log SET detail = 'x' WHERE seq = 6`)
			require.Error(t, err, "no entry can be changed")

			_, err = raw.ExecContext(ctx, tc.untrigger)
			require.NoError(t, err)
			_, err = raw.ExecContext(ctx, `DELETE FROM audit_log WHERE seq = 5`)
			require.NoError(t, err)
			_, err = audit.Verify(ctx, db.Audit())
			b, ok := audit.Broken(err)
			require.True(t, ok, "Verify finds the entry cut behind the checkpoint: %v", err)
			require.Equal(t, "entries 1 to 5 are missing", b.Why)
		})
	}
}
