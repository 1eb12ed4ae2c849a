package carrierclaim

import (
	"context"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// Store keeps claims, in the house shape (docs/adr-ports.md); adapters
// implement it and pass carrierclaim/storetest. Create stores version 1 with
// its events and refuses a second claim for the same complaint (Conflict);
// Update checks the version (Conflict), keeps the history append-only and
// stores Version+1 with its events; Get of an unknown ID is NotFound. List
// is ordered by ID (ordered IDs: the order of opening) and pages by
// cursor (an unknown cursor is Invalid). Due returns the claims whose
// NextDue is on or before the day, by NextDue then ID. ByInvite finds the
// claim whose InviteHash is the hash (NotFound when none). InTime counts the
// operator's figure (figure.go) over the complaints and claims the store
// keeps beside each other, with the definition of Applies and
// Claim.OpenedInTime.
type Store interface {
	Create(ctx context.Context, c *Claim, events []fairshops.Event) error
	Get(ctx context.Context, id string) (*Claim, error)
	Update(ctx context.Context, c *Claim, events []fairshops.Event) error
	List(ctx context.Context, f Filter) ([]*Claim, error)
	Due(ctx context.Context, on fairshops.Date, limit int) ([]*Claim, error)
	ByInvite(ctx context.Context, hash string) (*Claim, error)
	InTime(ctx context.Context) (InTime, error)
}

// Filter selects claims for Store.List; the zero Filter lists every claim.
type Filter struct {
	ShopID      string
	ComplaintID string
	After       string // the ID of the last claim seen
	Limit       int    // fairshops.PageLimit
}

// Complaints is what the service reads of the complaint service:
// complaint.Service fits. Get decides who may read the complaint.
type Complaints interface {
	Get(ctx context.Context, p fairshops.Principal, id string) (*complaint.Complaint, error)
}
