package complaint_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestRetentionPeriods: the policy table per kind of record: each period
// counts whole years from the end of the year (New Year's Eve and Day), a
// negative period never ends, zero is the kind's default, and the cutoff
// the due queries read agrees with the due day.
func TestRetentionPeriods(t *testing.T) {
	type dueFunc func(complaint.Retention, fairshops.Date) (fairshops.Date, bool)
	type cutFunc func(complaint.Retention, fairshops.Date) (fairshops.Date, bool)
	personal := struct {
		due dueFunc
		cut cutFunc
	}{complaint.Retention.ErasureDue, complaint.Retention.ErasureCutoff}
	settlement := struct {
		due dueFunc
		cut cutFunc
	}{complaint.Retention.SettlementDue, complaint.Retention.SettlementCutoff}
	for _, tc := range []struct {
		name string
		kind struct {
			due dueFunc
			cut cutFunc
		}
		policy complaint.Retention
		ended  string
		due    string // "" for never
	}{
		{"personal data: default 3 years", personal, complaint.Retention{}, "2026-03-02", "2030-01-01"},
		{"personal data: New Year's Eve", personal, complaint.Retention{}, "2026-12-31", "2030-01-01"},
		{"personal data: New Year's Day", personal, complaint.Retention{}, "2027-01-01", "2031-01-01"},
		{"personal data: never", personal, complaint.Retention{PersonalDataYears: -1, SettlementYears: 2}, "2026-06-30", ""},
		{"settlement: default 8 years", settlement, complaint.Retention{}, "2026-04-01", "2035-01-01"},
		{"settlement: New Year's Eve", settlement, complaint.Retention{}, "2026-12-31", "2035-01-01"},
		{"settlement: New Year's Day", settlement, complaint.Retention{}, "2027-01-01", "2036-01-01"},
		{"settlement: 6 years (HGB §257(4))", settlement, complaint.Retention{SettlementYears: 6}, "2026-04-01", "2033-01-01"},
		{"settlement: the longest allowed", settlement, complaint.Retention{SettlementYears: 30}, "2026-04-01", "2057-01-01"},
		{"settlement: never", settlement, complaint.Retention{SettlementYears: -1, PersonalDataYears: 2}, "2026-04-01", ""},
		{"settlement: not settled", settlement, complaint.Retention{}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ended fairshops.Date
			if tc.ended != "" {
				ended = fairshops.MustDate(tc.ended)
			}
			due, ok := tc.kind.due(tc.policy, ended)
			if tc.due == "" {
				require.False(t, ok)
				if ended.IsZero() {
					return
				}
				_, ok := tc.kind.cut(tc.policy, ended.AddDays(365*40))
				require.False(t, ok, "a period that never ends has no cutoff")
				return
			}
			require.True(t, ok)
			require.Equal(t, tc.due, due.String())
			// The cutoff agrees: not due on the day before, due on the day.
			cut, ok := tc.kind.cut(tc.policy, due.AddDays(-1))
			require.True(t, ok)
			require.False(t, ended.Before(cut), "the day before the due day")
			cut, ok = tc.kind.cut(tc.policy, due)
			require.True(t, ok)
			require.True(t, ended.Before(cut), "the due day")
		})
	}
}

// TestRetentionBounds: every period above 30 years is refused with its
// field, all at once; 30 and negative periods are valid.
func TestRetentionBounds(t *testing.T) {
	require.NoError(t, complaint.Retention{PersonalDataYears: 30, SettlementYears: 30}.Validate())
	require.NoError(t, complaint.Retention{PersonalDataYears: -1, SettlementYears: -1}.Validate())
	err := complaint.Retention{PersonalDataYears: 31, SettlementYears: 100}.Validate()
	var ve *fairshops.ValidationError
	require.True(t, errors.As(err, &ve), "%v", err)
	require.ErrorIs(t, err, fairshops.ErrInvalid)
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Field)
		require.Equal(t, fairshops.ReasonTooLarge, f.Code)
	}
	require.Equal(t, []string{"personal_data_years", "settlement_years"}, fields)
}

// dueHook runs before once, after its first due query has read its page:
// another node's whole run between this node's read and its write.
type dueHook struct {
	complaint.Store
	before func()
	once   sync.Once
}

func (h *dueHook) DueForErasure(ctx context.Context, before fairshops.Date, after string, limit int) ([]*complaint.Complaint, error) {
	list, err := h.Store.DueForErasure(ctx, before, after, limit)
	h.once.Do(h.before)
	return list, err
}

// TestProcessRetentionTwoNodes: node B reads its page, node A erases the
// complaint, then B writes with the stale complaint: the versioned write
// fails with a Conflict, B reads the complaint again, finds it erased and
// leaves it. The complaint is erased once, with one event, and only A
// counts it (so only A's erasure reaches the audit log).
func TestProcessRetentionTwoNodes(t *testing.T) {
	ctx := context.Background()
	var cfg complaint.Config
	e := fileEnv(t, func(c *complaint.Config) { cfg = *c })
	closed, tok := erasable(t, e)
	_, err := e.svc.Withdraw(ctx, fairshops.AsConsumer(tok), closed.ID)
	require.NoError(t, err)
	e.clock.Set(berlin("2030-01-01 00:00"))
	mark := e.mark()

	var repA complaint.RetentionReport
	var errA error
	cfg.Store = &dueHook{Store: cfg.Store, before: func() { repA, errA = e.svc.ProcessRetention(ctx, complaint.Retention{}) }}
	b, err := complaint.NewService(cfg)
	require.NoError(t, err)
	repB, err := b.ProcessRetention(ctx, complaint.Retention{})
	require.NoError(t, err)
	require.NoError(t, errA)
	require.Equal(t, complaint.RetentionReport{Erased: 1, IDs: []string{closed.ID}}, repA)
	require.Equal(t, complaint.RetentionReport{}, repB, "the node that lost the race counts nothing")
	require.Equal(t, []string{complaint.EventErased}, e.events(mark))
}
