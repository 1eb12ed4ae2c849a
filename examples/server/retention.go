package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
	"github.com/fairshops/konfliktservice/mediation"
)

// The retention (docs/adr-retention.md): once a day per node the timers
// erase the personal data of the complaints whose retention period ended
// (complaint.Service.ProcessRetention), the settlements whose own period
// ended (mediation.Service.ProcessRetention) and prune the audit log
// (audit.Prune). Several nodes may run it on the
// same day: each erasure is one versioned write, and an erased complaint is
// skipped, so each complaint is erased once (docs/adr-multi-node.md).

// never turns a flag's 0 ("never") into the policies' negative period
// (their 0 means the default).
func never(years int) int {
	if years == 0 {
		return -1
	}
	return years
}

// retentionPolicy is the policy of -retention-years and
// -retention-settlement-years (0: never by age).
func retentionPolicy(years, settlementYears int) complaint.Retention {
	return complaint.Retention{PersonalDataYears: never(years), SettlementYears: never(settlementYears)}
}

// auditRetention is the policy of -retention-audit-years (0: never pruned).
func auditRetention(years int) audit.Retention { return audit.Retention{Years: never(years)} }

// daily says whether a job already ran on a day (Berlin).
type daily struct {
	mu   sync.Mutex
	last fairshops.Date
}

// first reports whether today is a day the job has not run on, and
// records it as run.
func (d *daily) first(today fairshops.Date) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.last.Equal(today) {
		return false
	}
	d.last = today
	return true
}

// retentionJob is the timers' retention job: the first tick of each day
// runs it, the others skip it. It erases the complaints' personal data and
// then the settlements whose periods ended (each records its erasures in
// the audit log) and prunes the audit log; each step reads only what is
// due, and one step's failure does not stop the next.
func (s *services) retentionJob() job {
	var day daily
	return job{name: "retention", run: func(ctx context.Context) (slog.Attr, error) {
		if !day.first(fairshops.DateOf(s.clock.Now(), fairshops.Berlin())) {
			return slog.Group("did", "skipped", true), nil
		}
		system := audit.Actor{Role: fairshops.RoleSystem}
		reason := string(complaint.ErasureRetention)
		r, err := s.complaints.ProcessRetention(ctx, s.retention)
		for _, id := range r.IDs {
			if aerr := s.audit.Erased(ctx, system, id, reason); aerr != nil {
				err = errors.Join(err, aerr)
			}
		}
		var settled mediation.SettlementReport
		if s.mediation != nil {
			var serr error
			settled, serr = s.mediation.ProcessRetention(ctx, s.retention)
			err = errors.Join(err, serr)
			for _, id := range settled.IDs {
				if aerr := s.audit.SettlementErased(ctx, system, id, reason); aerr != nil {
					err = errors.Join(err, aerr)
				}
			}
		}
		pruned := 0
		if log := s.audit.Log(); log != nil {
			var perr error
			pruned, perr = audit.Prune(ctx, log, s.auditRetention, s.clock)
			err = errors.Join(err, perr)
		}
		return slog.Group("did", "erased", r.Erased, "failed", r.Failed, "settlements_erased", settled.Erased,
			"settlements_failed", settled.Failed, "audit_pruned", pruned), err
	}}
}
