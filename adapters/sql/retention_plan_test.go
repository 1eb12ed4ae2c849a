package sqlstore

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRetentionQueryPlans: on SQLite the retention's due queries read their
// partial indexes (migration 00024), with and without a cursor, rather than
// every complaint or case.
func TestRetentionQueryPlans(t *testing.T) {
	db := openTest(t, sqlitePath(t))
	ctx := context.Background()
	for _, tc := range []struct {
		name, index string
		query       func(bool) string
		args        []any
	}{
		{"complaints", "complaints_retention", dueForErasureQuery, []any{"2027-01-01"}},
		{"cases", "cases_settlement_retention", dueForSettlementQuery, []any{"2027-01-01"}},
	} {
		for _, cursor := range []bool{false, true} {
			args := tc.args
			if cursor {
				args = append(append([]any{}, args...), "2026-05-01", "x")
			}
			rows, err := db.read.QueryContext(ctx, `EXPLAIN QUERY PLAN `+tc.query(cursor), append(args, 10)...)
			require.NoError(t, err)
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
				plan = append(plan, detail)
			}
			require.NoError(t, rows.Err())
			require.NoError(t, rows.Close())
			require.Contains(t, strings.Join(plan, "\n"), "USING INDEX "+tc.index, "%s cursor=%v: %v", tc.name, cursor, plan)
		}
	}
}
