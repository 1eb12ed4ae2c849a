package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	complaintstoretest "github.com/fairshops/konfliktservice/complaint/storetest"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/account"
	"github.com/fairshops/konfliktservice/mediation"
	mediationstoretest "github.com/fairshops/konfliktservice/mediation/storetest"
	"github.com/fairshops/konfliktservice/portal"
	portalstoretest "github.com/fairshops/konfliktservice/portal/storetest"
)

// Behaviour of the SQL stores beyond the conformance suites: what the
// schema adds (append-only histories, exact amounts, the tag index) and
// how reads stay consistent without a transaction.

func requireKindOf(t *testing.T, err error, kind fairshops.Kind) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, kind, fairshops.KindOf(err), "kind of %v", err)
}

// TestAmountsKeepTheirScale: amounts come back with the digits they were
// stored with (64.80, not 64.8), in columns (numeric / text) and in the
// case document alike; never through a float.
func TestAmountsKeepTheirScale(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()
			c := mediationstoretest.SampleCase("m_scale", "c_scale", "shop-a")
			c.DisputeValue = fairshops.MustMoney("64.80", fairshops.EUR)
			c.Limit = fairshops.MustMoney("1234567890.1200", fairshops.EUR)
			require.NoError(t, db.Cases().Create(ctx, c, nil))
			got, err := db.Cases().Get(ctx, "m_scale")
			require.NoError(t, err)
			for _, tc := range []struct {
				name string
				d    decimal.Decimal
				want string
			}{
				{"dispute value column", got.DisputeValue.Amount, "64.80"},
				{"limit column", got.Limit.Amount, "1234567890.1200"},
				{"option amount", got.Proposals[0].Draft.Options[0].Amount.Amount, "64.80"},
				{"percent", got.Proposals[0].Draft.Options[1].Percent, "20.00"},
				{"fee", got.Fee.Fee.Amount, "30.00"},
				{"claim", got.Claim.Amount.Amount, "64.80"},
			} {
				require.Equal(t, tc.want, decimalText(tc.d), tc.name)
			}
		})
	}
}

func TestComplaintHistoryIsAppendOnly(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()
			store := db.Complaints()
			require.NoError(t, store.Create(ctx, complaintstoretest.SampleComplaint("c_log", "shop-a"), nil))
			fresh := func() *complaint.Complaint {
				c, err := store.Get(ctx, "c_log")
				require.NoError(t, err)
				return c
			}
			ev, err := fairshops.NewEvent(complaint.EventResolved, "c_log", "shop-a", time.Now(), nil)
			require.NoError(t, err)
			for _, tc := range []struct {
				name   string
				change func(c *complaint.Complaint)
			}{
				{"history shortened", func(c *complaint.Complaint) { c.History = c.History[:2] }},
				{"last entry rewritten", func(c *complaint.Complaint) { c.History[3].Hash = strings.Repeat("0", 64) }},
				{"new entry misnumbered", func(c *complaint.Complaint) {
					c.History = append(c.History, fairshops.Entry{Seq: 9, Action: "resolved"})
				}},
				{"message removed", func(c *complaint.Complaint) { c.Messages = c.Messages[1:] }},
				{"last message replaced", func(c *complaint.Complaint) { c.Messages[1].ID = "m_other" }},
			} {
				t.Run(tc.name, func(t *testing.T) {
					c := fresh()
					c.State = complaint.Resolved
					tc.change(c)
					requireKindOf(t, store.Update(ctx, c, []fairshops.Event{ev}), fairshops.Invalid)
					again := fresh()
					require.Equal(t, 1, again.Version, "nothing written")
					require.Equal(t, complaint.Forwarded, again.State)
					require.NoError(t, complaint.VerifyHistory("c_log", again.History))
				})
			}
			require.Empty(t, eventsOf(t, db), "a refused update writes no events")

			// Appending works, and only the new rows are written.
			c := fresh()
			c.Messages = append(c.Messages, complaint.Message{ID: "m_3", Author: fairshops.RoleShop, Body: "Erledigt.", At: c.UpdatedAt})
			c.History = append(c.History, fairshops.Entry{Seq: 5, At: c.UpdatedAt, Actor: fairshops.Actor{Role: fairshops.RoleShop, ShopID: "shop-a"},
				Action: "message_added", Detail: "m_3", Prev: c.HistoryHead()})
			c.History[4].Hash = c.History[4].Digest("c_log", fairshops.PlainEntries)
			require.NoError(t, store.Update(ctx, c, nil))
			got := fresh()
			require.Len(t, got.Messages, 3)
			require.Len(t, got.History, 5)
			require.NoError(t, complaint.VerifyHistory("c_log", got.History))

			// The database itself refuses to change or remove an entry.
			for _, q := range []string{
				`UPDATE complaint_history SET detail = 'rewritten' WHERE complaint_id = 'c_log'`,
				`DELETE FROM complaint_history WHERE complaint_id = 'c_log'`,
			} {
				_, err := db.wpool.ExecContext(ctx, q)
				require.Error(t, err, q)
				require.Contains(t, err.Error(), "append-only")
			}
			require.NoError(t, complaint.VerifyHistory("c_log", fresh().History))
		})
	}
}

func TestCaseHistoryIsAppendOnly(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()
			require.NoError(t, db.Cases().Create(ctx, mediationstoretest.SampleCase("m_log", "c_log", "shop-a"), nil))
			c, err := db.Cases().Get(ctx, "m_log")
			require.NoError(t, err)
			c.History = c.History[:1]
			requireKindOf(t, db.Cases().Update(ctx, c, nil), fairshops.Invalid)
			for _, q := range []string{
				`UPDATE case_history SET action = 'rewritten'`,
				`DELETE FROM case_history`,
			} {
				_, err := db.wpool.ExecContext(ctx, q)
				require.Error(t, err, q)
				require.Contains(t, err.Error(), "append-only")
			}
			got, err := db.Cases().Get(ctx, "m_log")
			require.NoError(t, err)
			require.Len(t, got.History, 2)
			require.Equal(t, "requested", got.History[0].Action)
		})
	}
}

// TestReadsTakeTheRowsSnapshot: a complaint is read without a transaction,
// so entries appended after its row was read may already be there; the
// row's counts decide what belongs to it. Rows missing below the counts
// are an error, never a silently shorter history.
func TestReadsTakeTheRowsSnapshot(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()
			store := db.Complaints()
			require.NoError(t, store.Create(ctx, complaintstoretest.SampleComplaint("c_snap", "shop-a"), nil))
			// An entry and a message of a later version, written before the
			// row that counts them (as a concurrent update may be seen).
			_, err := db.wpool.ExecContext(ctx, db.d.rebind(`INSERT INTO complaint_history (complaint_id, seq, at, actor_role,
				actor_shop, actor_name, action, detail, prev, hash) VALUES ('c_snap', 5, ?, 'system', '', '', 'later', '', '', '')`),
				db.d.timeArg(time.Now()))
			require.NoError(t, err)
			_, err = db.wpool.ExecContext(ctx, db.d.rebind(`INSERT INTO complaint_messages (complaint_id, seq, id, author, body, at)
				VALUES ('c_snap', 3, 'm_later', 'shop', 'later', ?)`), db.d.timeArg(time.Now()))
			require.NoError(t, err)
			got, err := store.Get(ctx, "c_snap")
			require.NoError(t, err)
			want := complaintstoretest.SampleComplaint("c_snap", "shop-a")
			require.Len(t, got.History, len(want.History))
			require.Len(t, got.Messages, len(want.Messages))

			_, err = db.wpool.ExecContext(ctx, `UPDATE complaints SET history_count = 7 WHERE id = 'c_snap'`)
			require.NoError(t, err)
			_, err = store.Get(ctx, "c_snap")
			requireKindOf(t, err, fairshops.Internal)
			require.Contains(t, err.Error(), "5 history entries stored, 7 expected")
		})
	}
}

// TestOneCaseRuleOnUpdate: the partial unique index also guards updates
// (the Store contract makes it unreachable, the schema enforces it anyway).
func TestOneCaseRuleOnUpdate(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()
			declined := mediationstoretest.SampleCase("m_1", "c_same", "shop-a")
			declined.State = mediation.Declined
			require.NoError(t, db.Cases().Create(ctx, declined, nil))
			require.NoError(t, db.Cases().Create(ctx, mediationstoretest.SampleCase("m_2", "c_same", "shop-a"), nil))
			declined.State = mediation.Open
			requireKindOf(t, db.Cases().Update(ctx, declined, nil), fairshops.Conflict)
		})
	}
}

func TestArticleTagIndex(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()
			store := db.Articles()
			a, err := store.Create(ctx, portalstoretest.SampleArticle("frist", "withdrawal", "withdrawal", "withdrawal", "withdrawal.in_period"))
			require.NoError(t, err)
			count := func(tag string) int {
				t.Helper()
				page, err := store.List(ctx, portal.ListFilter{Tag: tag})
				require.NoError(t, err)
				return len(page)
			}
			require.Equal(t, 1, count("withdrawal"), "a tag listed twice is indexed once")
			require.Equal(t, []string{"withdrawal", "withdrawal", "withdrawal.in_period"}, a.Tags, "the article keeps its list as given")
			a.Tags = []string{"delivery"}
			a, err = store.Update(ctx, a)
			require.NoError(t, err)
			require.Equal(t, 0, count("withdrawal"), "the index follows an update")
			require.Equal(t, 1, count("delivery"))
			require.NoError(t, store.Delete(ctx, "frist", a.Version))
			require.Equal(t, 0, count("delivery"), "the index follows a delete")
			all, err := store.List(ctx, portal.ListFilter{})
			require.NoError(t, err)
			require.Empty(t, all)
		})
	}
}

func TestAPIKeys(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			db := tg.open(t)
			ctx := context.Background()
			at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
			require.NoError(t, db.APIKeys().Create(ctx, &account.APIKey{ID: "key_1", ShopID: "shop-a", Hash: "ab12", CreatedAt: at}))
			k, err := db.APIKeys().ByHash(ctx, "AB12")
			require.NoError(t, err, "hex hashes match in any case")
			require.Equal(t, "key_1", k.ID)
			require.NoError(t, db.APIKeys().Revoke(ctx, "shop-a", "key_1", at.Add(time.Hour)))
			require.NoError(t, db.APIKeys().Revoke(ctx, "shop-a", "key_1", at.Add(2*time.Hour)))
			k, err = db.APIKeys().ByHash(ctx, "ab12")
			require.NoError(t, err)
			require.True(t, k.RevokedAt.Equal(at.Add(time.Hour)), "the first revocation stays: %v", k.RevokedAt)
			requireKindOf(t, db.APIKeys().Revoke(ctx, "shop-a", "key_none", at), fairshops.NotFound)
			n, err := db.Sessions().DeleteExpired(ctx, at)
			require.NoError(t, err)
			require.Zero(t, n)
		})
	}
}

// eventsOf returns every event in db's outbox.
func eventsOf(t *testing.T, db *DB) []OutboxEvent {
	t.Helper()
	events, err := db.Outbox().List(context.Background(), 0, fairshops.MaxLimit)
	require.NoError(t, err)
	return events
}
