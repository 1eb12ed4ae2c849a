package sqlstore

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/mediation"
)

// settlementData are what a settlement agreed beyond what the statistics
// count: the moderator's note on the settled option and the amount the shop
// offered (in its statement, the case's offer and the drafts' options).
// The words occur nowhere else.
var settlementData = []string{"Haselnussstrauch", "13.57"}

// TestSettlementErasureLeavesNothing: a complaint settled in mediation
// loses its personal data after three years (the first step: the scan finds
// none of erasedData, but the settlement's content is kept) and the
// settlement's content after ten (the second step: the scan finds none of
// settlementData); each step runs from the retention with an injected clock,
// both histories verify after each, and the dashboard's figures stay.
func TestSettlementErasureLeavesNothing(t *testing.T) {
	for _, tg := range targets()[:2] {
		t.Run(tg.name, func(t *testing.T) {
			ctx := context.Background()
			db := tg.open(t)
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			clock := fairshops.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
			reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue(), Clock: clock})
			require.NoError(t, err)
			_, err = reg.Register(ctx, fairshops.Shop{ID: "mod-shop", Name: "Moderierter Shop", Domain: "mod.example",
				Seal: fairshops.Seal{Status: fairshops.Licensed}, Bookings: []fairshops.Booking{{Module: fairshops.Streitmoderation,
					From: fairshops.MustDate("2020-01-01"), Purpose: fairshops.ExtraTrust, MediationMode: fairshops.ConsumerMode}}})
			require.NoError(t, err)
			cs, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg, Clock: clock, Logger: log,
				Files: db.Files(), Overviews: db.Overviews(), Cases: mediation.NewEraser(db.Cases(), clock)})
			require.NoError(t, err)
			ms, err := mediation.NewService(mediation.Config{Store: db.Cases(), Complaints: mediation.ComplaintsOf(cs),
				Shops: reg, Clock: clock, Logger: log})
			require.NoError(t, err)

			c, tok, err := cs.Submit(ctx, "mod-shop", complaint.Intake{
				Facts: precheck.Facts{Category: precheck.Delivery, OrderDate: fairshops.MustDate("2026-01-03"),
					DeliveryDate: fairshops.MustDate("2026-01-08"), OrderValue: fairshops.MustMoney("49.90", "EUR"),
					DamagedInTransit: true,
					ContactedShopOn:  fairshops.MustDate("2026-01-20"), DesiredResolution: precheck.WantRefund,
					Description: "Die Wurzelbürste kam zerbrochen an."},
				Contact:  complaint.Contact{Name: "Quirinus Zwetschgenbaum", Email: "quirinus.zwetschgenbaum@example.org", Phone: "+49 30 99887766"},
				OrderRef: "ZB-778899", Lang: fairshops.German})
			require.NoError(t, err)
			consumer, op, shop := fairshops.AsConsumer(tok), fairshops.AsOperator("olga"), fairshops.AsShop("mod-shop")
			_, err = cs.AddMessage(ctx, shop, c.ID, "Wir lehnen ab.")
			require.NoError(t, err)
			k, err := ms.Request(ctx, consumer, mediation.RequestInput{ComplaintID: c.ID})
			require.NoError(t, err)
			_, err = ms.AcceptRequest(ctx, op, k.ID)
			require.NoError(t, err)
			_, err = ms.AddStatement(ctx, consumer, k.ID, mediation.StatementInput{Text: "Auf der Hummelwiese zugestellt."})
			require.NoError(t, err)
			offer := fairshops.MustMoney("13.57", "EUR")
			_, err = ms.AddStatement(ctx, shop, k.ID, mediation.StatementInput{Text: "Wir bieten einen Gutschein.",
				Want: &mediation.Want{Kind: mediation.KindVoucher, Amount: &offer}})
			require.NoError(t, err)
			k, err = ms.GenerateDraft(ctx, op, k.ID)
			require.NoError(t, err)
			options := k.Draft.Options
			options[0].Note = "Bitte Haselnussstrauch beachten."
			k, err = ms.EditDraft(ctx, op, k.ID, options)
			require.NoError(t, err)
			k, err = ms.SendProposal(ctx, op, k.ID)
			require.NoError(t, err)
			p := k.Current()
			_, err = ms.AcceptProposal(ctx, consumer, k.ID, p.ID, options[0].ID)
			require.NoError(t, err)
			k, err = ms.AcceptProposal(ctx, shop, k.ID, p.ID, options[0].ID)
			require.NoError(t, err)
			require.Equal(t, mediation.Settled, k.State)

			statsQuery := complaint.StatsQuery{From: fairshops.MustDate("2026-01-01"), To: fairshops.MustDate("2026-12-31"),
				Today: fairshops.MustDate("2026-03-02"), Shops: 10}
			statsBefore, err := db.Complaints().Stats(ctx, statsQuery)
			require.NoError(t, err)
			verify := func() {
				t.Helper()
				got, err := db.Complaints().Get(ctx, c.ID)
				require.NoError(t, err)
				require.NoError(t, complaint.VerifyHistory(c.ID, got.History))
				kase, err := db.Cases().Get(ctx, k.ID)
				require.NoError(t, err)
				require.NoError(t, mediation.VerifyHistory(k.ID, kase.History))
				stats, err := db.Complaints().Stats(ctx, statsQuery)
				require.NoError(t, err)
				require.Equal(t, statsBefore, stats)
			}
			require.Contains(t, scanDatabase(t, db, erasedData), "Zwetschgenbaum", "the scan finds what is there")
			require.ElementsMatch(t, settlementData, scanDatabase(t, db, settlementData))

			// Step one, the retention on 1 January 2030 (Berlin): the
			// personal data go, the settlement stays whole.
			clock.Set(time.Date(2029, 12, 31, 23, 0, 0, 0, time.UTC))
			rep, err := cs.ProcessRetention(ctx, complaint.Retention{})
			require.NoError(t, err)
			require.Equal(t, []string{c.ID}, rep.IDs)
			require.Empty(t, scanDatabase(t, db, erasedData), "personal data left after the first step")
			require.ElementsMatch(t, settlementData, scanDatabase(t, db, settlementData), "the settlement is kept")
			settled, err := ms.ProcessRetention(ctx, complaint.Retention{})
			require.NoError(t, err)
			require.Zero(t, settled.Erased, "eight years for the settlement")
			verify()

			// Step two, on 1 January 2035 (Berlin).
			clock.Set(time.Date(2034, 12, 31, 23, 0, 0, 0, time.UTC))
			settled, err = ms.ProcessRetention(ctx, complaint.Retention{})
			require.NoError(t, err)
			require.Equal(t, []string{k.ID}, settled.IDs)
			require.Empty(t, scanDatabase(t, db, settlementData), "settlement data left after the second step")
			for _, s := range append(erasedData, settlementData...) {
				require.NotContains(t, strings.ToLower(logs.String()), strings.ToLower(s), "in the log")
			}
			verify()
			kase, err := db.Cases().Get(ctx, k.ID)
			require.NoError(t, err)
			require.Equal(t, mediation.Settled, kase.State)
			require.Equal(t, options[0].Kind, kase.Settlement.Option.Kind)
			settled, err = ms.ProcessRetention(ctx, complaint.Retention{})
			require.NoError(t, err)
			require.Zero(t, settled.Erased, "once")
		})
	}
}
