package audit_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// Prune deletes the entries whose period ended (3 years from the end of the
// year by default) from the start of the log and leaves a checkpoint that
// names the last one: the rest still verifies.
func ExamplePrune() {
	ctx := context.Background()
	db := memory.New()
	clock := fairshops.NewManualClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	rec := audit.NewRecorder(db.Audit(), clock)
	_, _ = rec.Record(ctx, audit.Operator("anna"), audit.LoginSucceeded, audit.Account("acct_1"), "web")
	_, _ = rec.Record(ctx, audit.Operator("anna"), audit.ArticleUpdated, audit.Article("widerruf"), "")
	clock.Set(time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC))
	_, _ = rec.Record(ctx, audit.Operator("ben"), audit.LoginSucceeded, audit.Account("acct_2"), "web")

	clock.Set(time.Date(2030, 1, 1, 0, 0, 0, 0, fairshops.Berlin()))
	n, err := audit.Prune(ctx, db.Audit(), audit.Retention{}, clock)
	fmt.Println("pruned:", n, err)
	left, _ := db.Audit().List(ctx, audit.Filter{})
	for _, e := range left {
		fmt.Println(e.Seq, e.Action, e.Detail)
	}
	head, err := audit.Verify(ctx, db.Audit())
	fmt.Println("verified up to", head.Seq, err)
	// Output:
	// pruned: 2 <nil>
	// 3 login web
	// 4 audit.pruned through:2
	// verified up to 4 <nil>
}
