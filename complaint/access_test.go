package complaint_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// TestAuthorisation is the matrix of every Service method x principal on a
// forwarded complaint of fair-shop: own and foreign tokens and shops, the
// operator, and malformed principals.
func TestAuthorisation(t *testing.T) {
	ctx := context.Background()
	const (
		ok         = "ok"
		notFound   = "not_found"
		forbidden  = "forbidden"
		notAllowed = "not_allowed"
	)
	principals := []string{"consumer", "other consumer", "shop", "other shop", "operator", "system", "nobody",
		"shop without ID", "consumer without token", "operator with a broken name"}
	methods := map[string]func(s *complaint.Service, p fairshops.Principal, id string) error{
		"Get": func(s *complaint.Service, p fairshops.Principal, id string) error {
			_, err := s.Get(ctx, p, id)
			return err
		},
		"AddMessage": func(s *complaint.Service, p fairshops.Principal, id string) error {
			_, err := s.AddMessage(ctx, p, id, "Hallo")
			return err
		},
		"Forward": func(s *complaint.Service, p fairshops.Principal, id string) error {
			_, err := s.Forward(ctx, p, id)
			return err
		},
		"Resolve": func(s *complaint.Service, p fairshops.Principal, id string) error {
			_, err := s.Resolve(ctx, p, id)
			return err
		},
		"Withdraw": func(s *complaint.Service, p fairshops.Principal, id string) error {
			_, err := s.Withdraw(ctx, p, id)
			return err
		},
		"Escalate": func(s *complaint.Service, p fairshops.Principal, id string) error {
			_, err := s.Escalate(ctx, p, id)
			return err
		},
		"CloseDeadlineMissed": func(s *complaint.Service, p fairshops.Principal, id string) error {
			_, err := s.CloseDeadlineMissed(ctx, p, id)
			return err
		},
		"ConfirmDispleasure": func(s *complaint.Service, p fairshops.Principal, id string) error {
			_, err := s.ConfirmDispleasure(ctx, p, id)
			return err
		},
		"List": func(s *complaint.Service, p fairshops.Principal, id string) error {
			f := complaint.Filter{}
			for {
				list, err := s.List(ctx, p, f)
				if err != nil {
					return err
				}
				if len(list) == 0 {
					return fairshops.E("test", fairshops.NotFound, id, "not listed", nil)
				}
				for _, c := range list {
					if c.ID == id {
						return nil
					}
				}
				f.After = list[len(list)-1].ID
			}
		},
	}
	// want[method] lists the outcome per principal, in the order above.
	want := map[string][]string{
		"Get":                 {ok, notFound, ok, notFound, ok, forbidden, forbidden, forbidden, forbidden, forbidden},
		"AddMessage":          {ok, notFound, ok, notFound, ok, forbidden, forbidden, forbidden, forbidden, forbidden},
		"Forward":             {forbidden, notFound, forbidden, notFound, notAllowed, forbidden, forbidden, forbidden, forbidden, forbidden},
		"Resolve":             {ok, notFound, forbidden, notFound, ok, forbidden, forbidden, forbidden, forbidden, forbidden},
		"Withdraw":            {ok, notFound, forbidden, notFound, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden},
		"Escalate":            {ok, notFound, forbidden, notFound, ok, forbidden, forbidden, forbidden, forbidden, forbidden},
		"CloseDeadlineMissed": {notAllowed, notFound, forbidden, notFound, notAllowed, forbidden, forbidden, forbidden, forbidden, forbidden},
		"ConfirmDispleasure":  {forbidden, notFound, forbidden, notFound, notAllowed, forbidden, forbidden, forbidden, forbidden, forbidden},
		"List":                {forbidden, forbidden, ok, notFound, ok, forbidden, forbidden, forbidden, forbidden, forbidden},
	}
	require.Len(t, want, len(methods))
	e := newEnv(t, "2026-03-02 10:00")
	_, otherTok := e.submit(t, "mod-shop", intake())
	for method, call := range methods {
		for i, who := range principals {
			t.Run(method+"/"+who, func(t *testing.T) {
				c, tok := e.submit(t, "fair-shop", intake())
				p := map[string]fairshops.Principal{
					"consumer":                    fairshops.AsConsumer(tok),
					"other consumer":              fairshops.AsConsumer(otherTok),
					"shop":                        fairshops.AsShop("fair-shop"),
					"other shop":                  fairshops.AsShop("mod-shop"),
					"operator":                    fairshops.AsOperator("Olga"),
					"system":                      {Role: fairshops.RoleSystem},
					"nobody":                      {},
					"shop without ID":             {Role: fairshops.RoleShop},
					"consumer without token":      {Role: fairshops.RoleConsumer},
					"operator with a broken name": fairshops.AsOperator("Olga\n(forged entry)"),
				}[who]
				mark := e.mark()
				err := call(e.svc, p, c.ID)
				got := ok
				if err != nil {
					got = fairshops.KindOf(err).String()
				}
				require.Equal(t, want[method][i], got, "%s by %s: %v", method, who, err)
				if got != ok {
					require.Empty(t, e.events(mark), "a refused call writes nothing")
					stored, err := e.store.Get(ctx, c.ID)
					require.NoError(t, err)
					require.Equal(t, 1, stored.Version)
				}
			})
		}
	}
	// A shop that names another shop in its filter is refused.
	_, err := e.svc.List(ctx, fairshops.AsShop("fair-shop"), complaint.Filter{ShopID: "mod-shop"})
	kindIs(t, err, fairshops.Forbidden)
	// A missing complaint looks like a foreign one.
	_, err = e.svc.Get(ctx, fairshops.AsOperator("Olga"), "c_missing")
	kindIs(t, err, fairshops.NotFound)
}

// racingStore makes one concurrent change just before the next Update.
type racingStore struct {
	complaint.Store
	mu   sync.Mutex
	race bool
}

func (s *racingStore) Update(ctx context.Context, c *complaint.Complaint, events []fairshops.Event) error {
	s.mu.Lock()
	race := s.race
	s.race = false
	s.mu.Unlock()
	if race {
		other, err := s.Store.Get(ctx, c.ID)
		if err != nil {
			return err
		}
		other.OrderRef = "changed meanwhile"
		if err := s.Store.Update(ctx, other, nil); err != nil {
			return err
		}
	}
	return s.Store.Update(ctx, c, events)
}

func (s *racingStore) arm() { s.mu.Lock(); s.race = true; s.mu.Unlock() }

func TestConflicts(t *testing.T) {
	ctx := context.Background()
	var rs *racingStore
	e := newEnv(t, "2026-03-02 10:00", func(c *complaint.Config) {
		rs = &racingStore{Store: c.Store}
		c.Store = rs
	})
	c, tok := e.submit(t, "fair-shop", intake())

	rs.arm()
	mark := e.mark()
	_, err := e.svc.Resolve(ctx, fairshops.AsConsumer(tok), c.ID)
	kindIs(t, err, fairshops.Conflict)
	require.Empty(t, e.events(mark), "the losing move writes nothing")

	rs.arm()
	got, err := e.svc.AddMessage(ctx, fairshops.AsShop("fair-shop"), c.ID, "Antwort")
	require.NoError(t, err, "a message is added again on the fresh complaint")
	require.Equal(t, "changed meanwhile", got.OrderRef)
	require.Equal(t, complaint.Answered, got.State)
	require.Len(t, got.Messages, 1)
	require.Equal(t, []string{complaint.EventMessageAdded, complaint.EventAnswered}, e.events(mark))

	// Forwarded on Sunday 2026-03-08: due Monday 2026-03-16, reminder 2026-03-14.
	e.clock.Set(berlin("2026-03-08 10:00"))
	e.submit(t, "fair-shop", intake())
	e.clock.Set(berlin("2026-03-14 10:00"))
	rs.arm()
	r, err := e.svc.ProcessDue(ctx)
	require.NoError(t, err)
	require.Equal(t, complaint.DueReport{Reminders: 1}, r, "a timer is retried on the fresh complaint")
}
