package audit_test

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/fairshops/konfliktservice/fairshops/audit"
)

// The HTTP layer records what an operator did; Verify checks the chain.
func ExampleRecorder() {
	ctx := context.Background()
	db := memory.New()
	rec := audit.NewRecorder(db.Audit(), fairshops.NewManualClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)))

	_, _ = rec.Record(ctx, audit.Operator("anna"), audit.LoginSucceeded, audit.Account("acct_1"), "web")
	_, _ = rec.Record(ctx, audit.Operator("anna"), audit.ArticleUpdated, audit.Article("widerruf"), "")
	e, _ := rec.Record(ctx, audit.Actor{}, audit.LoginFailed, audit.Login("ben"), "bad_credentials")
	fmt.Println(e.Seq, e.Action, e.Subject.Kind, len(e.Prev) == 64)

	head, err := audit.Verify(ctx, db.Audit())
	fmt.Println(head.Seq, err)
	// Output:
	// 3 login.failed login true
	// 3 <nil>
}

// The erasure flow records one entry per erased complaint.
func ExampleRecorder_Erased() {
	ctx := context.Background()
	db := memory.New()
	rec := audit.NewRecorder(db.Audit(), fairshops.NewManualClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)))
	fmt.Println(rec.Erased(ctx, audit.Operator("anna"), "c_0123", "request"))
	page, _ := db.Audit().List(ctx, audit.Filter{Action: audit.ComplaintErased})
	fmt.Println(page[0].Subject.ID, page[0].Detail)
	// Output:
	// <nil>
	// c_0123 request
}

// A filter comes from the query of the operator's page or the API.
func ExampleParseFilter() {
	q, _ := url.ParseQuery("action=article.updated&from=2026-12-01&until=2026-12-01&order=newest")
	f, err := audit.ParseFilter(q, time.UTC)
	fmt.Println(f.Action, f.From.Format(time.DateOnly), f.Until.Format(time.DateOnly), f.Newest, err)
	_, err = audit.ParseFilter(url.Values{"action": {"coffee"}}, time.UTC)
	fmt.Println(err != nil)
	// Output:
	// article.updated 2026-12-01 2026-12-02 true <nil>
	// true
}

// Verify names the first entry that does not fit.
func ExampleVerifier() {
	var entries []audit.Entry
	prev := ""
	for i := range 3 {
		e := audit.Entry{At: time.Date(2026, 12, 1, 9, i, 0, 0, time.UTC), Action: audit.Logout, Subject: audit.Account("acct_1")}
		e.Chain(i+1, prev)
		prev = e.Hash
		entries = append(entries, e)
	}
	entries[1].Detail = "edited"
	var v audit.Verifier
	err := v.Next(entries)
	b, _ := audit.Broken(err)
	fmt.Println(b.Seq, b.Why)
	// Output:
	// 2 entry 2 was changed
}
