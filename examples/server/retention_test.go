package main

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/adapters/sql/sqltest"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

func TestRetentionFlag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want complaint.Retention
		bad  bool
	}{
		{args: nil, want: complaint.Retention{PersonalDataYears: 3}},
		{args: []string{"-retention-years", "6"}, want: complaint.Retention{PersonalDataYears: 6}},
		{args: []string{"-retention-years", "0"}, want: complaint.Retention{PersonalDataYears: -1}},
		{args: []string{"-retention-years", "31"}, bad: true},
		{args: []string{"-retention-years", "-1"}, bad: true},
	} {
		cfg, err := parseConfig(tc.args, env(nil), io.Discard)
		if tc.bad {
			var ve *fairshops.ValidationError
			require.True(t, errors.As(err, &ve), "%v: %v", tc.args, err)
			require.Equal(t, "-retention-years", ve.Fields[0].Field)
			continue
		}
		require.NoError(t, err, "%v", tc.args)
		require.Equal(t, tc.want, retentionPolicy(cfg.retentionYears), "%v", tc.args)
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
