// Package audit is the operators' audit log: one append-only, hash-chained
// list of what staff and shops did through the service (logins, bookings,
// article edits, re-queued events, exports, erasures, ...), beside the
// per-record histories of complaints and cases (fairshops.History), which
// say what happened to one record.
//
// The flow: the HTTP layer calls a Recorder after an action succeeded (or a
// login failed); the Recorder checks the entry (a closed list of actions
// and subject kinds, a short detail code, never personal data, passwords
// or tokens) and appends it to a Log, the port that adapters implement
// (adapters/memory, adapters/sql). The Log numbers the entry (Seq 1, 2,
// 3, ... without gaps) and chains it to the one before in one unit of work
// that is serialised across every node, so the log stays one chain:
//
//	rec := audit.NewRecorder(db.Audit(), clock)
//	err := rec.Record(ctx, audit.Operator("anna"), audit.ArticleUpdated, audit.Article("ruecksendung"), "")
//	err = rec.Verify(ctx) // nil, or a *BrokenError naming the first entry that does not fit
//
// Each entry carries the SHA-256 of the entry before over a canonical
// encoding (Entry.Digest), as fairshops.History does, so a changed,
// removed or reordered entry is found by Verify. See docs/adr-audit-log.md.
package audit
