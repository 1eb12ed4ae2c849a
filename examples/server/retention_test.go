package main

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

func TestRetentionFlag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args     []string
		want     complaint.Retention
		audit    audit.Retention
		badField string
	}{
		{args: nil, want: complaint.Retention{PersonalDataYears: 3, SettlementYears: 8}, audit: audit.Retention{Years: 3}},
		{args: []string{"-retention-years", "6"}, want: complaint.Retention{PersonalDataYears: 6, SettlementYears: 8},
			audit: audit.Retention{Years: 3}},
		{args: []string{"-retention-years", "0"}, want: complaint.Retention{PersonalDataYears: -1, SettlementYears: 8},
			audit: audit.Retention{Years: 3}},
		{args: []string{"-retention-settlement-years", "6", "-retention-audit-years", "5"},
			want: complaint.Retention{PersonalDataYears: 3, SettlementYears: 6}, audit: audit.Retention{Years: 5}},
		{args: []string{"-retention-settlement-years", "0", "-retention-audit-years", "0"},
			want: complaint.Retention{PersonalDataYears: 3, SettlementYears: -1}, audit: audit.Retention{Years: -1}},
		{args: []string{"-retention-years", "31"}, badField: "-retention-years"},
		{args: []string{"-retention-years", "-1"}, badField: "-retention-years"},
		{args: []string{"-retention-settlement-years", "31"}, badField: "-retention-settlement-years"},
		{args: []string{"-retention-settlement-years", "-2"}, badField: "-retention-settlement-years"},
		{args: []string{"-retention-audit-years", "31"}, badField: "-retention-audit-years"},
		{args: []string{"-retention-audit-years", "-1"}, badField: "-retention-audit-years"},
	} {
		cfg, err := parseConfig(tc.args, env(nil), io.Discard)
		if tc.badField != "" {
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve), "%v: %v", tc.args, err)
			require.Equal(t, tc.badField, ve.Fields[0].Field)
			continue
		}
		require.NoError(t, err, "%v", tc.args)
		policy := retentionPolicy(cfg.retentionYears, cfg.retentionSettlementYears)
		require.Equal(t, tc.want, policy, "%v", tc.args)
		require.NoError(t, policy.Validate())
		require.Equal(t, tc.audit, auditRetention(cfg.retentionAuditYears), "%v", tc.args)
	}
}

// TestRetentionJob: the timers' retention job runs on the first tick of a
// day and skips the others.
func TestRetentionJob(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := sqltest.SQLite(t)
	svc, err := newServices(ctx, db, discard(), nil, nil, false, minBcryptCost)
	require.NoError(t, err)
	var retention *job
	for _, j := range svc.timerJobs(db, 0) {
		if j.name == "retention" {
			retention = &j
		}
	}
	require.NotNil(t, retention, "the timers run the retention")
	did, err := retention.run(ctx)
	require.NoError(t, err)
	require.Equal(t, "did", did.Key)
	require.NotContains(t, did.Value.String(), "skipped")
	did, err = retention.run(ctx)
	require.NoError(t, err)
	require.Contains(t, did.Value.String(), "skipped=true", "once a day")

	var d daily
	day := fairshops.MustDate("2029-12-31")
	require.True(t, d.first(day))
	require.False(t, d.first(day))
	require.True(t, d.first(day.AddDays(1)))
}

// TestRetentionJobPrunesAudit: the day's retention run also prunes the
// audit log by -retention-audit-years on the timers' clock, leaving a
// checkpoint, and reports how many entries went.
func TestRetentionJobPrunesAudit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := sqltest.SQLite(t)
	svc, err := newServices(ctx, db, discard(), nil, nil, false, minBcryptCost)
	require.NoError(t, err)
	old := audit.NewRecorder(db.Audit(), fairshops.NewManualClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)))
	for range 3 {
		_, err := old.Record(ctx, audit.Operator("anna"), audit.LoginSucceeded, audit.Account("acct_1"), "web")
		require.NoError(t, err)
	}
	svc.clock = fairshops.NewManualClock(time.Date(2029, 12, 31, 23, 59, 0, 0, fairshops.Berlin()))
	svc.auditRetention = auditRetention(3)
	did, err := svc.retentionJob().run(ctx)
	require.NoError(t, err)
	require.Contains(t, did.Value.String(), "audit_pruned=0", "the last day of the period")

	svc.clock = fairshops.NewManualClock(time.Date(2030, 1, 1, 0, 0, 0, 0, fairshops.Berlin()))
	did, err = svc.retentionJob().run(ctx)
	require.NoError(t, err)
	require.Contains(t, did.Value.String(), "audit_pruned=3")
	head, err := audit.Verify(ctx, db.Audit())
	require.NoError(t, err)
	require.Equal(t, 4, head.Seq, "the checkpoint follows the pruned entries")

	svc.auditRetention = auditRetention(0) // never
	svc.clock = fairshops.NewManualClock(time.Date(2060, 1, 1, 0, 0, 0, 0, fairshops.Berlin()))
	did, err = svc.retentionJob().run(ctx)
	require.NoError(t, err)
	require.Contains(t, did.Value.String(), "audit_pruned=0")
}
