package complaint

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Case work of the operators (issue 14, item 4): internal notes and the
// assignment to an operator account, both recorded in the history, and the
// queue's search and the dashboard's figures through the Store's named
// queries Search and Stats.

// History actions of the operators' case work. Entries with an internal
// action are never handed to a shop or a consumer (outwardFor).
const (
	ActionNoted    = "noted"    // an internal note; the detail is its text
	ActionAssigned = "assigned" // assigned; the detail is the operator's login, empty for nobody
)

// Internal reports whether a history action is for operators only.
func Internal(action string) bool { return action == ActionNoted || action == ActionAssigned }

// outwardFor is what the Service hands p: outward, and for anyone but an
// operator without the internal history entries and the assignment.
// The chain of what is left does not verify; only operators export it.
func outwardFor(p fairshops.Principal, c *Complaint) *Complaint {
	c = outward(c)
	if p.Role != fairshops.RoleOperator {
		c.History = slices.DeleteFunc(c.History, func(e fairshops.Entry) bool { return Internal(e.Action) })
		c.AssignedTo = ""
	}
	return c
}

// AddNote records an internal note on the complaint (operators only): a
// history entry that only operators see. The body follows the rules of a
// message (AddMessage). Notes are allowed in every state, also final ones.
func (s *Service) AddNote(ctx context.Context, p fairshops.Principal, id, body string) (*Complaint, error) {
	const op = "complaint.Service.AddNote"
	if err := operatorOnly(op, p); err != nil {
		return nil, err
	}
	var pr fairshops.Problems
	checkBody(&pr, "body", body)
	if err := pr.Err(op); err != nil {
		return nil, err
	}
	return s.act(ctx, op, p, id, maxRetries, func(ch *change, _ fairshops.Date) error {
		ch.c.record(ch.at, p.Actor(), ActionNoted, body)
		return nil
	})
}

// Assign assigns the complaint to the operator account login, or to nobody
// when login is empty (operators only), with a history entry. Assigning to
// whom it is assigned already records nothing. The
// login follows the rules of an operator's name.
func (s *Service) Assign(ctx context.Context, p fairshops.Principal, id, login string) (*Complaint, error) {
	const op = "complaint.Service.Assign"
	if err := operatorOnly(op, p); err != nil {
		return nil, err
	}
	if login != "" && !wellFormed(fairshops.AsOperator(login)) {
		var pr fairshops.Problems
		pr.Add("assigned_to", fairshops.ReasonInvalidFormat, "an operator's login")
		return nil, pr.Err(op)
	}
	return s.act(ctx, op, p, id, maxRetries, func(ch *change, _ fairshops.Date) error {
		if ch.c.AssignedTo != login {
			ch.c.AssignedTo = login
			ch.c.record(ch.at, p.Actor(), ActionAssigned, login)
		}
		return nil
	})
}

// Search returns one page of summaries for the query (see Query). The
// operator searches every complaint; a shop its own from their forwarding
// on (the Service sets Query.ShopID and Forwarded, and drops the
// assignment filters); consumers search nothing (Forbidden). Today is set
// from the clock.
func (s *Service) Search(ctx context.Context, p fairshops.Principal, q Query) ([]Summary, error) {
	const op = "complaint.Service.Search"
	if !wellFormed(p) || p.Role == fairshops.RoleConsumer {
		return nil, fairshops.E(op, fairshops.Forbidden, "", "", nil)
	}
	if p.Role == fairshops.RoleShop {
		if q.ShopID != "" && q.ShopID != p.ShopID {
			return nil, fairshops.E(op, fairshops.Forbidden, q.ShopID, "another shop's complaints", nil)
		}
		q.ShopID, q.Forwarded, q.AssignedTo, q.Unassigned = p.ShopID, true, "", false
	}
	var pr fairshops.Problems
	for i, st := range q.States {
		if !st.Valid() {
			pr.Add("states["+strconv.Itoa(i)+"]", fairshops.ReasonUnknownValue, string(st))
		}
	}
	if len(q.Text) > 200 {
		pr.Add("text", fairshops.ReasonTooLong, "200")
	}
	if err := pr.Err(op); err != nil {
		return nil, err
	}
	q.Text = strings.TrimSpace(q.Text)
	_, q.Today = s.now()
	q.Limit = fairshops.PageLimit(q.Limit)
	list, err := s.store.Search(ctx, q)
	if err != nil {
		return nil, fairshops.Wrap(op, "", err)
	}
	if p.Role != fairshops.RoleOperator {
		for i := range list {
			list[i].AssignedTo = ""
		}
	}
	return list, nil
}

// Stats counts complaints for the dashboard (operators only): filed and
// due from the first day of the month months-1 months before today's
// month up to today, as of today, and the shops (at most shops) with the
// most complaints.
func (s *Service) Stats(ctx context.Context, p fairshops.Principal, months, shops int) (Stats, StatsQuery, error) {
	const op = "complaint.Service.Stats"
	if err := operatorOnly(op, p); err != nil {
		return Stats{}, StatsQuery{}, err
	}
	_, today := s.now()
	months = min(max(months, 1), 120)
	q := StatsQuery{From: MonthOf(today).AddMonths(1 - months), To: MonthOf(today).AddMonths(1).AddDays(-1),
		Today: today, Shops: min(max(shops, 0), fairshops.MaxLimit)}
	st, err := s.store.Stats(ctx, q)
	if err != nil {
		return Stats{}, q, fairshops.Wrap(op, "", err)
	}
	return st, q, nil
}
