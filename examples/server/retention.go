package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// The retention (docs/adr-retention.md): once a day per node the timers
// erase the personal data of the complaints whose retention period ended
// (complaint.Service.ProcessRetention). Several nodes may run it on the
// same day: each erasure is one versioned write, and an erased complaint is
// skipped, so each complaint is erased once (docs/adr-multi-node.md).

// retentionPolicy is the policy of -retention-years (0: never by age).
func retentionPolicy(years int) complaint.Retention {
	if years == 0 {
		return complaint.Retention{PersonalDataYears: -1}
	}
	return complaint.Retention{PersonalDataYears: years}
}

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
// runs it, the others skip it (it reads every ended complaint).
func (s *services) retentionJob() job {
	var day daily
	return job{name: "retention", run: func(ctx context.Context) (slog.Attr, error) {
		if !day.first(fairshops.DateOf(s.clock.Now(), fairshops.Berlin())) {
			return slog.Group("did", "skipped", true), nil
		}
		r, err := s.complaints.ProcessRetention(ctx, s.retention)
		for _, id := range r.IDs {
			if aerr := s.audit.Erased(ctx, audit.Actor{Role: fairshops.RoleSystem}, id, string(complaint.ErasureRetention)); aerr != nil {
				err = errors.Join(err, aerr)
			}
		}
		return slog.Group("did", "erased", r.Erased, "failed", r.Failed), err
	}}
}
