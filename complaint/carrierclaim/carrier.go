package carrierclaim

import (
	"context"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
)

// The carrier's private link (docs/adr-private-links.md, the same shape as
// the consumer's): an opaque token of 256 random bits, of which only the
// hash is stored with the claim. Inviting again draws a new token and so
// revokes the old link.

// Invite draws the carrier's link token for the claim and returns it: show
// it to the shop once. Only the claim's shop may invite; a final claim
// cannot be answered any more (NotAllowed).
func (s *Service) Invite(ctx context.Context, p fairshops.Principal, id string) (fairshops.Token, error) {
	const op = "carrierclaim.Service.Invite"
	tok, err := fairshops.NewToken(s.rand)
	if err != nil {
		return "", fairshops.E(op, fairshops.Internal, id, "draw token", err)
	}
	_, err = s.act(ctx, op, p, id, func(c *Claim, now time.Time, _ fairshops.Date) ([]fairshops.Event, error) {
		if c.State.Final() {
			return nil, fairshops.E(op, fairshops.NotAllowed, id, "claim is closed", nil)
		}
		c.InviteHash = tok.Hash()
		c.History.Append(c.ID, fairshops.PlainEntries, fairshops.Entry{At: now, Actor: p.Actor(), Action: "invited"})
		return nil, nil
	})
	if err != nil {
		return "", err
	}
	return tok, nil
}

// CarrierView is what the carrier sees through its link: the parcel's facts
// and the claim's answers, nothing of the complaint (no contact data, no
// description, no messages).
type CarrierView struct {
	ID        string           `json:"id"`
	Complaint string           `json:"-"` // for the HTTP layer's shared files; never shown to the carrier
	ShopID    string           `json:"-"`
	Carrier   string           `json:"carrier"`
	Tracking  string           `json:"tracking"`
	Incident  Incident         `json:"incident"`
	On        fairshops.Date   `json:"on"`
	Amount    *fairshops.Money `json:"amount,omitempty"`
	State     State            `json:"state"`
	Notified  fairshops.Date   `json:"notified_on,omitzero"`
	Answers   []Answer         `json:"answers"`
	Open      bool             `json:"open"` // the carrier may still answer
}

func viewOf(c *Claim) *CarrierView {
	c = c.Clone()
	v := &CarrierView{ID: c.ID, Complaint: c.ComplaintID, ShopID: c.ShopID, Carrier: c.Carrier,
		Tracking: c.Tracking, Incident: c.Incident, On: c.On, Amount: c.Amount, State: c.State,
		Notified: c.NotifiedOn, Answers: c.Answers, Open: !c.State.Final()}
	if v.Answers == nil {
		v.Answers = []Answer{}
	}
	return v
}

// ForCarrier returns the claim to the holder of its link token; a wrong or
// revoked token is NotFound (the same as an unknown claim).
func (s *Service) ForCarrier(ctx context.Context, id string, tok fairshops.Token) (*CarrierView, error) {
	const op = "carrierclaim.Service.ForCarrier"
	c, err := s.byToken(ctx, op, id, tok)
	if err != nil {
		return nil, err
	}
	return viewOf(c), nil
}

func (s *Service) byToken(ctx context.Context, op, id string, tok fairshops.Token) (*Claim, error) {
	if tok == "" {
		return nil, fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	c, err := s.store.ByInvite(ctx, tok.Hash())
	if err != nil || c.ID != id {
		if err != nil && fairshops.KindOf(err) != fairshops.NotFound {
			return nil, fairshops.Wrap(op, id, err)
		}
		return nil, fairshops.E(op, fairshops.NotFound, id, "", nil)
	}
	return c, nil
}

// CarrierAnswer records the carrier's answer given through its link.
func (s *Service) CarrierAnswer(ctx context.Context, id string, tok fairshops.Token, in AnswerInput) (*CarrierView, error) {
	const op = "carrierclaim.Service.CarrierAnswer"
	if err := checkAnswer(op, in); err != nil {
		return nil, err
	}
	if _, err := s.byToken(ctx, op, id, tok); err != nil {
		return nil, err
	}
	hash := tok.Hash()
	c, err := s.apply(ctx, op, id, func(c *Claim) bool { return c.InviteHash != "" && c.InviteHash == hash },
		answer(fairshops.Actor{Role: RoleCarrier}, in))
	if err != nil {
		return nil, err
	}
	return viewOf(c), nil
}
