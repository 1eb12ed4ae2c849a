package complaint

import (
	"context"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/internal/sweep"
)

// Retention is the retention policy of complaints (docs/adr-retention.md):
// how long the personal data of a complaint that ended are kept. Periods
// are whole years counted from the end of the year in which the complaint
// ended (resolved, withdrawn, escalated or closed), as the regular
// limitation period runs (BGB §§195, 199(1)); on the first day after, the
// retention (Service.ProcessRetention) erases the complaint's personal data,
// its files and its cases' (Erase), keeping what the statistics count.
//
// A second period ends the settlement of a settled mediation case
// (SettlementYears, counted from the end of the year the case was settled):
// the mediation package's retention (mediation.Service.ProcessRetention)
// reads it from this policy, since the settlement outlives the complaint's
// personal data.
type Retention struct {
	// PersonalDataYears: default DefaultPersonalDataYears; negative: never
	// erase by age.
	PersonalDataYears int
	// SettlementYears: default DefaultSettlementYears; negative: never
	// erase a settlement by age.
	SettlementYears int
}

// DefaultPersonalDataYears is the regular limitation period (BGB §195):
// until it ends, either party may still need the complaint to make or
// defend a claim (GDPR Art. 17(3)(e)).
const DefaultPersonalDataYears = 3

// DefaultSettlementYears is the period of a booking voucher (AO §147(1)
// no. 4, (3); HGB §257(1) no. 4, (4)): a refund or voucher the shop books
// on the strength of a settlement makes the settlement its voucher. Eight
// years since 1 January 2025 (Fourth Bureaucracy Relief Act, BEG IV; ten
// before): docs/adr-retention.md.
const DefaultSettlementYears = 8

// MaxRetentionYears bounds every configured period (a typo of 300 for 3).
const MaxRetentionYears = 30

// Validate checks the policy: every field (personal_data_years,
// settlement_years) at most MaxRetentionYears, all reported at once.
func (r Retention) Validate() error {
	var p fairshops.Problems
	if r.PersonalDataYears > MaxRetentionYears {
		p.Add("personal_data_years", fairshops.ReasonTooLarge, "30")
	}
	if r.SettlementYears > MaxRetentionYears {
		p.Add("settlement_years", fairshops.ReasonTooLarge, "30")
	}
	return p.Err("complaint.Retention.Validate")
}

// periodYears returns a period in years, def for zero; ok is false when
// the period is never (negative).
func periodYears(n, def int) (int, bool) {
	switch {
	case n < 0:
		return 0, false
	case n == 0:
		return def, true
	}
	return n, true
}

// years returns the personal data's period in years, the default for
// zero; ok is false when the policy never erases.
func (r Retention) years() (int, bool) {
	return periodYears(r.PersonalDataYears, DefaultPersonalDataYears)
}

// yearEndDue is the first day after a period of years counted from the end
// of the year of day: 1 January of day's year + years + 1.
func yearEndDue(day fairshops.Date, years int) fairshops.Date {
	return fairshops.NewDate(day.Year()+years+1, 1, 1)
}

// yearEndCutoff is the first day of the year today's year - years: a record
// that ended before it has served a period of years counted from the end
// of its year on today (yearEndDue(ended, years) <= today).
func yearEndCutoff(today fairshops.Date, years int) fairshops.Date {
	return fairshops.NewDate(today.Year()-years, 1, 1)
}

// ErasureCutoff returns the day before which a complaint must have ended
// for its personal data to be due on the day today: complaints that ended
// on an earlier day are due (Store.DueForErasure reads them). ok is false
// when the policy never erases.
func (r Retention) ErasureCutoff(today fairshops.Date) (cutoff fairshops.Date, ok bool) {
	years, ok := r.years()
	if !ok {
		return fairshops.Date{}, false
	}
	return yearEndCutoff(today, years), true
}

// SettlementDue returns the first day on which the settlement of a case
// settled on the day settled is to be erased: 1 January of settled's year
// + SettlementYears + 1. ok is false when settled is zero or the policy
// never erases settlements.
func (r Retention) SettlementDue(settled fairshops.Date) (due fairshops.Date, ok bool) {
	years, ok := periodYears(r.SettlementYears, DefaultSettlementYears)
	if !ok || settled.IsZero() {
		return fairshops.Date{}, false
	}
	return yearEndDue(settled, years), true
}

// SettlementCutoff returns the day before which a case must have been
// settled for its settlement to be due on the day today (the mediation
// store's DueForSettlementErasure reads them); ok is false when the policy
// never erases settlements.
func (r Retention) SettlementCutoff(today fairshops.Date) (cutoff fairshops.Date, ok bool) {
	years, ok := periodYears(r.SettlementYears, DefaultSettlementYears)
	if !ok {
		return fairshops.Date{}, false
	}
	return yearEndCutoff(today, years), true
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
	return yearEndDue(ended, years), true
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
// due today (Retention.Due). It reads only what is due: the store's named
// query Store.DueForErasure with the policy's cutoff (ErasureCutoff), page
// by page, not every ended complaint. A server runs it from its timers;
// several nodes may run it at once: each erasure is one versioned
// Store.Erase, a Conflict re-reads the complaint, and a complaint found
// erased is skipped, so each complaint is erased once. A failure on one
// complaint is logged and counted, and the run goes on (the complaint stays
// due for the next run); a failing query or a canceled context ends it
// early.
func (s *Service) ProcessRetention(ctx context.Context, r Retention) (RetentionReport, error) {
	const op = "complaint.Service.ProcessRetention"
	var rep RetentionReport
	if err := r.Validate(); err != nil {
		return rep, err
	}
	_, today := s.now()
	cutoff, ok := r.ErasureCutoff(today)
	if !ok {
		return rep, nil
	}
	system := fairshops.Principal{Role: fairshops.RoleSystem}
	var err error
	rep.IDs, rep.Failed, err = sweep.Due(ctx, op,
		func(after string, limit int) ([]*Complaint, error) {
			return s.store.DueForErasure(ctx, cutoff, after, limit)
		},
		func(c *Complaint) string { return c.ID },
		func(c *Complaint) (bool, error) {
			if !r.Due(c, today) {
				return false, nil
			}
			// wrote is false when another node erased it since the page
			// was read: its run counts it and records it in the audit log.
			_, wrote, err := s.erase(ctx, op, system, c.ID, ErasureRetention)
			return wrote, err
		},
		func(c *Complaint, err error) {
			s.log.ErrorContext(ctx, "complaint retention failed", "complaint", c.ID, "error", err)
		})
	rep.Erased = len(rep.IDs)
	if err != nil {
		return rep, err
	}
	if rep.Erased+rep.Failed > 0 {
		s.log.InfoContext(ctx, "complaint retention", "erased", rep.Erased, "failed", rep.Failed)
	}
	return rep, nil
}
