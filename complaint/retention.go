package complaint

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Retention is the retention policy of complaints (docs/adr-retention.md):
// how long the personal data of a complaint that ended are kept. Periods
// are whole years counted from the end of the year in which the complaint
// ended (resolved, withdrawn, escalated or closed), as the regular
// limitation period runs (BGB §§195, 199(1)); on the first day after, the
// retention (Service.ProcessRetention) erases the complaint's personal data,
// its files and its cases' (Erase), keeping what the statistics count.
type Retention struct {
	// PersonalDataYears: default DefaultPersonalDataYears; negative: never
	// erase by age.
	PersonalDataYears int
}

// DefaultPersonalDataYears is the regular limitation period (BGB §195):
// until it ends, either party may still need the complaint to make or
// defend a claim (GDPR Art. 17(3)(e)).
const DefaultPersonalDataYears = 3

// maxRetentionYears bounds a configured period (a typo of 300 for 3).
const maxRetentionYears = 30

// Validate checks the policy (field personal_data_years).
func (r Retention) Validate() error {
	var p fairshops.Problems
	if r.PersonalDataYears > maxRetentionYears {
		p.Add("personal_data_years", fairshops.ReasonTooLarge, "30")
	}
	return p.Err("complaint.Retention.Validate")
}

// years returns the period in years, the default for zero; ok is false
// when the policy never erases.
func (r Retention) years() (int, bool) {
	switch {
	case r.PersonalDataYears < 0:
		return 0, false
	case r.PersonalDataYears == 0:
		return DefaultPersonalDataYears, true
	}
	return r.PersonalDataYears, true
}

// ErasureDue returns the first day on which the personal data of a
// complaint that ended on the day ended are to be erased: 1 January of the
// year ended's year + years + 1. ok is false when the complaint has not
// ended (ended is zero) or the policy never erases.
func (r Retention) ErasureDue(ended fairshops.Date) (due fairshops.Date, ok bool) {
	years, ok := r.years()
	if !ok || ended.IsZero() {
		return fairshops.Date{}, false
	}
	return fairshops.NewDate(ended.Year()+years+1, 1, 1), true
}

// Due reports whether the personal data of c are to be erased on the day
// today: c is final, not erased yet, and its ErasureDue has come.
func (r Retention) Due(c *Complaint, today fairshops.Date) bool {
	if c.Open() {
		return false
	}
	if _, erased := c.ErasedAt(); erased {
		return false
	}
	due, ok := r.ErasureDue(MilestonesOf(c, fairshops.Berlin()).Ended)
	return ok && !today.Before(due)
}

// RetentionReport tells what one ProcessRetention run did.
type RetentionReport struct {
	Erased int // complaints erased
	Failed int // complaints left for the next run after an error
	// IDs are the IDs of the complaints erased, for the operator's audit
	// log (the server records one entry per erasure).
	IDs []string
}

// ProcessRetention erases, as the system (history actor "system", reason
// ErasureRetention), the personal data of every complaint the policy finds
// due today (Retention.Due). A server runs it from its timers; several
// nodes may run it at once: each erasure is one versioned Store.Erase, and
// a complaint found erased is skipped, so each complaint is erased once. A
// failure on one complaint is logged and counted, and the run goes on; a
// failing Store.List or a canceled context ends it early.
func (s *Service) ProcessRetention(ctx context.Context, r Retention) (RetentionReport, error) {
	const op = "complaint.Service.ProcessRetention"
	var rep RetentionReport
	if err := r.Validate(); err != nil {
		return rep, err
	}
	if _, ok := r.years(); !ok {
		return rep, nil
	}
	_, today := s.now()
	system := fairshops.Principal{Role: fairshops.RoleSystem}
	f := Filter{States: []State{Resolved, Withdrawn, Closed, Escalated}, Limit: fairshops.MaxLimit}
	for {
		page, err := s.store.List(ctx, f)
		if err != nil {
			return rep, fairshops.Wrap(op, "", err)
		}
		for _, c := range page {
			if !r.Due(c, today) {
				continue
			}
			_, err := s.erase(ctx, op, system, c.ID, ErasureRetention)
			switch {
			case err != nil && ctx.Err() != nil:
				return rep, fairshops.Wrap(op, c.ID, err)
			case err != nil:
				rep.Failed++
				s.log.ErrorContext(ctx, "complaint retention failed", "complaint", c.ID, "error", err)
			default:
				rep.Erased++
				rep.IDs = append(rep.IDs, c.ID)
			}
		}
		if len(page) < f.Limit {
			break
		}
		f.After = page[len(page)-1].ID
	}
	if rep.Erased+rep.Failed > 0 {
		s.log.InfoContext(ctx, "complaint retention", "erased", rep.Erased, "failed", rep.Failed)
	}
	return rep, nil
}
