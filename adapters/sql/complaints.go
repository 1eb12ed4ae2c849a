package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The methods of ComplaintStore; how it stores its rows is told at the type (stores.go).

const complaintColumns = `id, shop_id, lang, state, order_ref, contact_name, contact_email, contact_phone,
	facts, precheck, forwarded_on, answer_due, reminder_on, reminded, deadline_missed, next_due, token_hash,
	message_count, history_count, version, created_at, updated_at, rechecks, reference, assigned_to,
	paused_on, clock_question, rest_days, resume_by, pauses, paused_days, reviews`

// derivedColumns are the columns the store works out from a complaint
// with every write, for the queue, its search and the dashboard
// (migration 00012, queue.go); derivedArgs are their values.
const derivedColumns = `category, violation, displeasure, filed_on, answered_on, ended_on, excerpt, search_text`

// derivedSet assigns derivedColumns in an UPDATE.
const derivedSet = `category = ?, violation = ?, displeasure = ?, filed_on = ?, answered_on = ?, ended_on = ?,
	excerpt = ?, search_text = ?`

func derivedArgs(c *complaint.Complaint) []any {
	m := complaint.MilestonesOf(c, berlin())
	return []any{string(c.Facts.Category), len(c.Precheck.StandardViolations) > 0, c.Displeasure(),
		dateArg(m.Filed), dateArg(m.Answered), dateArg(m.Ended), complaint.Excerpt(c.Facts.Description),
		complaint.SearchText(c)}
}

// complaintDocs are a complaint's JSON documents, encoded outside the
// write, so that the one writer of a group commit does not wait for them.
type complaintDocs struct{ facts, precheck, rechecks, reviews string }

func encodeComplaintDocs(c *complaint.Complaint) (complaintDocs, error) {
	var r complaintDocs
	var err error
	if r.facts, err = encodeDoc(factsRecOf(c.Facts)); err != nil {
		return r, err
	}
	if r.precheck, err = encodeDoc(resultRecOf(c.Precheck)); err != nil {
		return r, err
	}
	rechecks := recheckRecsOf(c.Rechecks)
	if rechecks == nil {
		rechecks = []recheckRec{} // the column's default: none
	}
	if r.rechecks, err = encodeDoc(rechecks); err != nil {
		return r, err
	}
	r.reviews, err = encodeDoc(reviewRecsOf(c.Reviews))
	return r, err
}

// Create implements complaint.Store: the complaint at version 1, its
// messages, its history and its events, in one unit of work.
func (s *ComplaintStore) Create(ctx context.Context, c *complaint.Complaint, events []fairshops.Event) error {
	const op = "sqlstore.ComplaintStore.Create"
	docs, err := encodeComplaintDocs(c)
	if err != nil {
		return fairshops.E(op, fairshops.Internal, c.ID, "encode complaint", err)
	}
	d := s.db.d
	insert := statement{`INSERT INTO complaints (` + complaintColumns + `, last_message_id, history_head,
		contact_email_norm, ` + derivedColumns + `, review_due)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
			?, ?, ?, ?, ?, ?, ?, ?)`,
		append([]any{c.ID, c.ShopID, string(c.Lang), string(c.State), c.OrderRef,
			c.Contact.Name, c.Contact.Email, c.Contact.Phone, docs.facts, docs.precheck,
			dateArg(c.ForwardedOn), dateArg(c.AnswerDue), dateArg(c.ReminderOn), c.Reminded, c.DeadlineMissed,
			dateArg(c.NextDue), c.TokenHash, len(c.Messages), len(c.History),
			d.timeArg(c.CreatedAt), d.timeArg(c.UpdatedAt), docs.rechecks, referenceArg(c.Reference), c.AssignedTo},
			append(append(clockArgs(c.Clock), docs.reviews), append(append([]any{lastMessageID(c.Messages), c.HistoryHead(),
				complaint.NormalizeEmail(c.Contact.Email)}, derivedArgs(c)...), reviewDue(c))...)...)}
	history, err := complaintHistory.insert(d, c.ID, 0, c.History)
	if err != nil {
		return wrap(op, c.ID, err)
	}
	// The intake's hot path: on PostgreSQL one statement, one round trip.
	err = s.db.writeInserts(ctx, insert, messagesInsert(d, c.ID, 0, c.Messages), history, eventsInsert(d, events))
	if uniqueViolation(err) {
		return fairshops.E(op, fairshops.Conflict, c.ID, "complaint or event exists", err)
	}
	if err != nil {
		return wrap(op, c.ID, err)
	}
	c.Version = 1
	return nil
}

// clockArgs are the values of the clock's columns (migration 00018).
func clockArgs(k complaint.Clock) []any {
	return []any{dateArg(k.PausedOn), k.Question, k.RestDays, dateArg(k.ResumeBy), k.Pauses, k.PausedDays}
}

func lastMessageID(ms []complaint.Message) string {
	if len(ms) == 0 {
		return ""
	}
	return ms[len(ms)-1].ID
}

// Update implements complaint.Store. Beyond the version check it holds the
// thread and the history to append-only: the stored messages and entries
// must still be the first ones of c (same count at least, the same last
// message ID and history head), else the update fails with kind Invalid
// and writes nothing; only the new ones are inserted.
func (s *ComplaintStore) Update(ctx context.Context, c *complaint.Complaint, events []fairshops.Event) error {
	const op = "sqlstore.ComplaintStore.Update"
	docs, err := encodeComplaintDocs(c)
	if err != nil {
		return fairshops.E(op, fairshops.Internal, c.ID, "encode complaint", err)
	}
	d := s.db.d
	err = s.db.write(ctx, func(ctx context.Context, tx *txn) error {
		var version, messages, entries int
		var lastMessage, head string
		err := tx.queryRow(ctx, `SELECT version, message_count, last_message_id, history_count, history_head
			FROM complaints WHERE id = ?`, c.ID).Scan(&version, &messages, &lastMessage, &entries, &head)
		if err := checkStored(op, c.ID, err, version, c.Version); err != nil {
			return err
		}
		if err := appendOnly(op, c.ID, "messages", messages, len(c.Messages), lastMessage,
			func(i int) string { return c.Messages[i].ID }); err != nil {
			return err
		}
		if err := appendOnly(op, c.ID, "history", entries, len(c.History), head,
			func(i int) string { return c.History[i].Hash }); err != nil {
			return err
		}
		if err := updateComplaintRow(ctx, tx, op, c, docs); err != nil {
			return err
		}
		history, err := complaintHistory.insert(d, c.ID, entries, c.History[entries:])
		if err != nil {
			return err
		}
		err = tx.execAll(ctx, messagesInsert(d, c.ID, messages, c.Messages[messages:]), history, eventsInsert(d, events))
		if uniqueViolation(err) {
			return fairshops.E(op, fairshops.Conflict, c.ID, "event exists", err)
		}
		return err
	})
	if err != nil {
		return wrap(op, c.ID, err)
	}
	c.Version++
	return nil
}

// updateComplaintRow writes the complaint's row (not its thread and
// history) at the next version, if c.Version is the stored one.
func updateComplaintRow(ctx context.Context, tx *txn, op string, c *complaint.Complaint, docs complaintDocs) error {
	d := tx.d
	res, err := tx.exec(ctx, `UPDATE complaints SET shop_id = ?, lang = ?, state = ?, order_ref = ?,
		contact_name = ?, contact_email = ?, contact_phone = ?, facts = ?, precheck = ?, rechecks = ?,
		forwarded_on = ?, answer_due = ?, reminder_on = ?, reminded = ?, deadline_missed = ?, next_due = ?,
		token_hash = ?, message_count = ?, last_message_id = ?, history_count = ?, history_head = ?,
		version = version + 1, updated_at = ?, reference = ?, contact_email_norm = ?, assigned_to = ?, `+derivedSet+`,
		paused_on = ?, clock_question = ?, rest_days = ?, resume_by = ?, pauses = ?, paused_days = ?,
		reviews = ?, review_due = ?
		WHERE id = ? AND version = ?`,
		append(append(append([]any{c.ShopID, string(c.Lang), string(c.State), c.OrderRef,
			c.Contact.Name, c.Contact.Email, c.Contact.Phone, docs.facts, docs.precheck, docs.rechecks,
			dateArg(c.ForwardedOn), dateArg(c.AnswerDue), dateArg(c.ReminderOn), c.Reminded, c.DeadlineMissed,
			dateArg(c.NextDue), c.TokenHash, len(c.Messages), lastMessageID(c.Messages), len(c.History),
			c.HistoryHead(), d.timeArg(c.UpdatedAt), referenceArg(c.Reference), complaint.NormalizeEmail(c.Contact.Email),
			c.AssignedTo}, derivedArgs(c)...), clockArgs(c.Clock)...), docs.reviews, reviewDue(c), c.ID, c.Version)...)
	if err != nil {
		return err
	}
	return versionChecked(ctx, tx, res, op, "complaints", "id", c.ID)
}

// appendOnly checks that a list of which stored items are kept has not lost
// any: at least stored items, and the stored last one (by key) still in
// its place.
func appendOnly(op, id, what string, stored, given int, storedLast string, key func(i int) string) error {
	switch {
	case given < stored:
		return fairshops.E(op, fairshops.Invalid, id,
			fmt.Sprintf("%s are append-only: %d stored, %d given", what, stored, given), nil)
	case stored > 0 && key(stored-1) != storedLast:
		return fairshops.E(op, fairshops.Invalid, id,
			fmt.Sprintf("%s are append-only: entry %d differs from the stored one", what, stored), nil)
	}
	return nil
}

// valuesRows returns "(?, ?), (?, ?)": rows rows of cols placeholders, for
// a multi-row INSERT (one statement, one round trip, however many rows).
func valuesRows(rows, cols int) string {
	row := "(" + strings.Repeat("?, ", cols-1) + "?)"
	var b strings.Builder
	b.Grow(rows * (len(row) + 2))
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// messagesInsert appends messages to the thread of the complaint id,
// after the first `after` ones (no statement for none).
func messagesInsert(d *dialect, id string, after int, ms []complaint.Message) statement {
	if len(ms) == 0 {
		return statement{}
	}
	args := make([]any, 0, 7*len(ms))
	for i, m := range ms {
		args = append(args, id, after+i+1, m.ID, string(m.Author), m.Body, d.timeArg(m.At), m.Question)
	}
	return statement{`INSERT INTO complaint_messages (complaint_id, seq, id, author, body, at, question) VALUES ` +
		valuesRows(len(ms), 7), args}
}

// Get implements complaint.Store.
func (s *ComplaintStore) Get(ctx context.Context, id string) (*complaint.Complaint, error) {
	const op = "sqlstore.ComplaintStore.Get"
	list, err := s.load(ctx, `SELECT `+complaintColumns+` FROM complaints WHERE id = ?`, id)
	return only(op, id, list, err)
}

// List implements complaint.Store.
func (s *ComplaintStore) List(ctx context.Context, f complaint.Filter) ([]*complaint.Complaint, error) {
	const op = "sqlstore.ComplaintStore.List"
	var where []string
	var args []any
	created, err := s.db.cursorCreated(ctx, op, "complaints", f.After)
	if err != nil {
		return nil, err
	}
	if f.After != "" {
		where = append(where, "(created_at, id) > (?, ?)")
		args = append(args, created, f.After)
	}
	if f.ShopID != "" {
		where = append(where, "shop_id = ?")
		args = append(args, f.ShopID)
	}
	if len(f.States) > 0 {
		where = append(where, "state IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(f.States)), ", ")+")")
		for _, st := range f.States {
			args = append(args, string(st))
		}
	}
	if f.Forwarded {
		where = append(where, "forwarded_on IS NOT NULL")
	}
	q := `SELECT ` + complaintColumns + ` FROM complaints`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY created_at, id LIMIT ?`
	args = append(args, fairshops.PageLimit(f.Limit))
	list, err := s.load(ctx, q, args...)
	if err != nil {
		return nil, wrap(op, "", err)
	}
	return list, nil
}

// Due implements complaint.Store.
func (s *ComplaintStore) Due(ctx context.Context, on fairshops.Date, limit int) ([]*complaint.Complaint, error) {
	const op = "sqlstore.ComplaintStore.Due"
	list, err := s.load(ctx, `SELECT `+complaintColumns+` FROM complaints
		WHERE next_due IS NOT NULL AND next_due <= ? ORDER BY next_due, id LIMIT ?`,
		dateArg(on), fairshops.PageLimit(limit))
	if err != nil {
		return nil, wrap(op, "", err)
	}
	return list, nil
}

// Reviews implements complaint.Store (index complaints_review_due).
func (s *ComplaintStore) Reviews(ctx context.Context, limit int) ([]*complaint.Complaint, error) {
	const op = "sqlstore.ComplaintStore.Reviews"
	list, err := s.load(ctx, `SELECT `+complaintColumns+` FROM complaints
		WHERE review_due IS NOT NULL ORDER BY review_due, id LIMIT ?`, fairshops.PageLimit(limit))
	if err != nil {
		return nil, wrap(op, "", err)
	}
	return list, nil
}

// ByEmail implements complaint.Store (index complaints_email).
func (s *ComplaintStore) ByEmail(ctx context.Context, email string, limit int) ([]*complaint.Complaint, error) {
	const op = "sqlstore.ComplaintStore.ByEmail"
	want := complaint.NormalizeEmail(email)
	if want == "" {
		return []*complaint.Complaint{}, nil
	}
	list, err := s.load(ctx, `SELECT `+complaintColumns+` FROM complaints
		WHERE contact_email_norm = ? ORDER BY created_at, id LIMIT ?`, want, fairshops.PageLimit(limit))
	if err != nil {
		return nil, wrap(op, "", err)
	}
	return list, nil
}

// ByReference implements complaint.Store (index complaints_reference).
func (s *ComplaintStore) ByReference(ctx context.Context, ref string) (*complaint.Complaint, error) {
	const op = "sqlstore.ComplaintStore.ByReference"
	if ref == "" {
		return nil, fairshops.E(op, fairshops.NotFound, "", "", nil)
	}
	list, err := s.load(ctx, `SELECT `+complaintColumns+` FROM complaints WHERE reference = ?`, ref)
	return only(op, ref, list, err)
}

// referenceArg stores an empty reference as NULL, which the unique index
// lets many rows have (complaints written before references existed, until
// the backfill at open fills them).
func referenceArg(ref string) any {
	if ref == "" {
		return nil
	}
	return ref
}

// loaded is a complaint row and how many of its messages and history
// entries belong to it.
type loaded struct {
	c                 *complaint.Complaint
	messages, entries int
}

// load runs a query for complaint rows and adds their threads and
// histories. It reads without a transaction: threads and histories are only
// appended to, so taking the first message_count messages and history_count
// entries of each complaint gives exactly the complaint as its row was read,
// whatever was appended since.
func (s *ComplaintStore) load(ctx context.Context, q string, args ...any) ([]*complaint.Complaint, error) {
	rows, err := s.db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var rs []loaded
	for rows.Next() {
		r, err := scanComplaint(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		rs = append(rs, r)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*complaint.Complaint, len(rs))
	byID := make(map[string]*loaded, len(rs))
	var withMessages, withHistory []any
	for i := range rs {
		out[i] = rs[i].c
		byID[rs[i].c.ID] = &rs[i]
		if rs[i].messages > 0 {
			withMessages = append(withMessages, rs[i].c.ID)
		}
		if rs[i].entries > 0 {
			withHistory = append(withHistory, rs[i].c.ID)
		}
	}
	if err := s.loadMessages(ctx, byID, withMessages); err != nil {
		return nil, err
	}
	if err := s.loadHistory(ctx, byID, withHistory); err != nil {
		return nil, err
	}
	return out, nil
}

// in returns "= ?" for one argument and "IN (?, ?, ...)" for more.
func in(n int) string {
	if n == 1 {
		return "= ?"
	}
	return "IN (" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}

func (s *ComplaintStore) loadMessages(ctx context.Context, byID map[string]*loaded, ids []any) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := s.db.query(ctx, `SELECT complaint_id, seq, id, author, body, at, question FROM complaint_messages
		WHERE complaint_id `+in(len(ids))+` ORDER BY complaint_id, seq`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, author string
		var seq int
		var m complaint.Message
		if err := rows.Scan(&cid, &seq, &m.ID, &author, &m.Body, timeCol{&m.At}, &m.Question); err != nil {
			return err
		}
		m.Author = fairshops.Role(author)
		if l := byID[cid]; l != nil && seq <= l.messages {
			l.c.Messages = append(l.c.Messages, m)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return checkCounts(byID, "messages", func(l *loaded) (int, int) { return len(l.c.Messages), l.messages })
}

func (s *ComplaintStore) loadHistory(ctx context.Context, byID map[string]*loaded, ids []any) error {
	err := complaintHistory.load(ctx, s.db, ids, func(id string, e fairshops.Entry) {
		if l := byID[id]; l != nil && e.Seq <= l.entries {
			l.c.History = append(l.c.History, e)
		}
	})
	if err != nil {
		return err
	}
	return checkCounts(byID, "history entries", func(l *loaded) (int, int) { return len(l.c.History), l.entries })
}

// checkCounts fails when a complaint got fewer child rows than its row
// counts: rows that an outside hand removed.
func checkCounts(byID map[string]*loaded, what string, counts func(*loaded) (got, want int)) error {
	for id, l := range byID {
		if got, want := counts(l); got != want {
			return fmt.Errorf("complaint %s: %d %s stored, %d expected", id, got, what, want)
		}
	}
	return nil
}

func scanComplaint(row scanner) (loaded, error) {
	var c complaint.Complaint
	var l loaded
	var lang, state string
	var facts, pre, rechecks, reviews []byte
	err := row.Scan(&c.ID, &c.ShopID, &lang, &state, &c.OrderRef, &c.Contact.Name, &c.Contact.Email,
		&c.Contact.Phone, bytesCol{&facts}, bytesCol{&pre}, dateCol{&c.ForwardedOn}, dateCol{&c.AnswerDue},
		dateCol{&c.ReminderOn}, &c.Reminded, &c.DeadlineMissed, dateCol{&c.NextDue}, &c.TokenHash,
		&l.messages, &l.entries, &c.Version, timeCol{&c.CreatedAt}, timeCol{&c.UpdatedAt}, bytesCol{&rechecks},
		nullString{&c.Reference}, &c.AssignedTo, dateCol{&c.Clock.PausedOn}, &c.Clock.Question, &c.Clock.RestDays,
		dateCol{&c.Clock.ResumeBy}, &c.Clock.Pauses, &c.Clock.PausedDays, bytesCol{&reviews})
	if err != nil {
		return l, err
	}
	c.Lang, c.State = fairshops.Language(lang), complaint.State(state)
	var fr factsRec
	var rr resultRec
	if err := decodeDoc(facts, "facts of "+c.ID, &fr); err != nil {
		return l, err
	}
	if err := decodeDoc(pre, "pre-check of "+c.ID, &rr); err != nil {
		return l, err
	}
	var rc []recheckRec
	if err := decodeDoc(rechecks, "re-checks of "+c.ID, &rc); err != nil {
		return l, err
	}
	var rv []reviewRec
	if err := decodeDoc(reviews, "reviews of "+c.ID, &rv); err != nil {
		return l, err
	}
	var d decoder
	c.Facts = fr.facts(&d)
	c.Reviews = reviewRecords(rv, &d)
	c.Precheck = rr.result(&d)
	if len(rc) > 0 {
		c.Rechecks = recheckRecords(rc, &d)
	}
	if d.err != nil {
		return l, fmt.Errorf("complaint %s: %w", c.ID, d.err)
	}
	l.c = &c
	return l, nil
}
