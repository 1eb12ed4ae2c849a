package sqlstore

import (
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/mediation"
	"github.com/fairshops/konfliktservice/portal"
)

// The stores a DB hands out, one per port (docs/adr-ports.md, decision 4),
// listed in one place so that the two adapters read alike: each is a view
// of the DB, writing through its group commit, and writes its events to
// the DB's outbox in the same unit of work. The methods are in the file of
// each aggregate.
var (
	_ fairshops.ShopStore = (*ShopStore)(nil)
	_ complaint.Store     = (*ComplaintStore)(nil)
	_ mediation.Store     = (*CaseStore)(nil)
	_ portal.Store        = (*ArticleStore)(nil)
	_ account.Accounts    = (*AccountStore)(nil)
	_ account.APIKeys     = (*APIKeyStore)(nil)
	_ account.Sessions    = (*SessionStore)(nil)

	_ complaint.OverviewStore = (*OverviewStore)(nil)
	_ account.Tokens          = (*TokenStore)(nil)
	_ account.Throttles       = (*ThrottleStore)(nil)
)

// OverviewStore is the complaint.OverviewStore of a DB: the hashes of the
// consumers' overview links, in access_overviews.
type OverviewStore struct{ db *DB }

// Overviews returns the overview store of the DB.
func (db *DB) Overviews() *OverviewStore { return &OverviewStore{db: db} }

// ShopStore is the fairshops.ShopStore of a DB.
type ShopStore struct{ db *DB }

// Shops returns the shop store of the DB.
func (db *DB) Shops() *ShopStore { return &ShopStore{db: db} }

// ComplaintStore is the complaint.Store of a DB. A complaint is a row of
// complaints (the columns lists and timers filter on, the facts and the
// pre-check as JSON documents), its thread in complaint_messages and its
// audit log in complaint_history, both keyed (complaint, seq) and only ever
// appended to: Update inserts the messages and entries beyond the stored
// ones and never rewrites one (the history table refuses it with triggers).
// Events go to the outbox in the same unit of work.
type ComplaintStore struct{ db *DB }

// Complaints returns the complaint store of the DB.
func (db *DB) Complaints() *ComplaintStore { return &ComplaintStore{db: db} }

// CaseStore is the mediation.Store of a DB.
type CaseStore struct{ db *DB }

// Cases returns the case store of the DB.
func (db *DB) Cases() *CaseStore { return &CaseStore{db: db} }

// ArticleStore is the portal.Store of a DB: one row per article (lists and
// translations as JSON documents) and article_tags, the index behind the
// tag filter. Articles write no domain events.
type ArticleStore struct{ db *DB }

// Articles returns the article store of the DB.
func (db *DB) Articles() *ArticleStore { return &ArticleStore{db: db} }

// AccountStore is the account.Accounts of a DB.
type AccountStore struct{ db *DB }

// Accounts returns the account store of the DB.
func (db *DB) Accounts() *AccountStore { return &AccountStore{db: db} }

// APIKeyStore is the account.APIKeys of a DB.
type APIKeyStore struct{ db *DB }

// APIKeys returns the API key store of the DB.
func (db *DB) APIKeys() *APIKeyStore { return &APIKeyStore{db: db} }

// SessionStore is the account.Sessions of a DB.
type SessionStore struct{ db *DB }

// Sessions returns the session store of the DB.
func (db *DB) Sessions() *SessionStore { return &SessionStore{db: db} }

// TokenStore is the account.Tokens of a DB: invitations and resets.
type TokenStore struct{ db *DB }

// Tokens returns the one-time token store of the DB.
func (db *DB) Tokens() *TokenStore { return &TokenStore{db: db} }

// ThrottleStore is the account.Throttles of a DB: failed logins per login.
type ThrottleStore struct{ db *DB }

// Throttles returns the failed-login store of the DB.
func (db *DB) Throttles() *ThrottleStore { return &ThrottleStore{db: db} }

// Outbox is the outbox of a DB, as relays (adapters/notify.Source) and
// operators use it; the stores write to it with their changes.
type Outbox struct{ db *DB }

// Outbox returns the outbox of the DB.
func (db *DB) Outbox() *Outbox { return &Outbox{db: db} }
