package sqlstore

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/complaint/precheck"
	"github.com/fairshops/konfliktservice/fairshops"
)

// The queue's search and the dashboard's figures (complaint.Store's
// Search and Stats) in SQL, over the columns of migration 00012: the
// words through SQLite's FTS5 table complaints_fts or PostgreSQL's
// tsvector column search (german configuration, GIN index), the counts by
// GROUP BY. Nothing here reads a whole complaint. docs/adr-queue-search.md
// tells why.

// berlin is where the derived days (filed, answered, ended) are read, as
// the complaint service reads its deadlines.
var berlin = sync.OnceValue(fairshops.Berlin)

// exactColumns are the keys a one-word query matches exactly (besides the
// word search): a new key is one more entry here.
var exactColumns = []string{"id", "order_ref"}

const summaryColumns = `id, shop_id, state, category, order_ref, contact_name, contact_email, contact_phone,
	excerpt, violation, displeasure, forwarded_on, answer_due, assigned_to, message_count, created_at, updated_at, reference`

// ftsQuery returns the dialect's full-text query for words: each a
// prefix, all required. Words are letters and digits only
// (complaint.SearchWords), so quoting them is enough.
func (d *dialect) ftsQuery(words []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		if d.name == SQLite {
			parts[i] = `"` + w + `"*`
		} else {
			parts[i] = w + `:*`
		}
	}
	if d.name == SQLite {
		return strings.Join(parts, " AND ")
	}
	return strings.Join(parts, " & ")
}

// Search implements complaint.Store. The filters and the cursor make one
// WHERE clause; a Text adds its sources of candidates (the words in the
// full-text index, the words in the shop's name, the one word as a key),
// each asked on its own for its first page, so that the database plans
// each with its own index, and the pages are merged here in the list's
// order. An OR of the sources in one query would make both databases scan.
func (s *ComplaintStore) Search(ctx context.Context, q complaint.Query) ([]complaint.Summary, error) {
	const op = "sqlstore.ComplaintStore.Search"
	d := s.db.d
	var where []string
	var args []any
	created, err := s.db.cursorCreated(ctx, op, "complaints", q.After)
	if err != nil {
		return nil, err
	}
	if q.After != "" {
		where = append(where, "(created_at, id) > (?, ?)")
		args = append(args, created, q.After)
	}
	if q.ShopID != "" {
		where = append(where, "shop_id = ?")
		args = append(args, q.ShopID)
	}
	if len(q.States) > 0 {
		where = append(where, "state "+in(len(q.States)))
		for _, st := range q.States {
			args = append(args, string(st))
		}
	}
	if q.Forwarded {
		where = append(where, "forwarded_on IS NOT NULL")
	}
	if q.Violation != nil {
		where = append(where, "violation = ?")
		args = append(args, *q.Violation)
	}
	if q.Overdue {
		where = append(where, "state = ? AND answer_due < ?")
		args = append(args, string(complaint.Forwarded), dateArg(q.Today))
	}
	if q.AssignedTo != "" {
		where = append(where, "assigned_to = ?")
		args = append(args, q.AssignedTo)
	}
	if q.Unassigned {
		where = append(where, "assigned_to = ''")
	}
	limit := fairshops.PageLimit(q.Limit)
	if q.Text == "" {
		list, err := s.searchPage(ctx, where, args, limit)
		if err != nil {
			return nil, wrap(op, "", err)
		}
		return list, nil
	}
	type source struct {
		cond string
		args []any
	}
	var sources []source
	if words := complaint.QueryWords(q.Text); len(words) > 0 {
		if d.name == SQLite {
			// Two plans, chosen by how many complaints the words match (a
			// count that stops at ftsFrequent): few, and SQLite looks each
			// up by rowid and sorts them; many (a common word), and a
			// lookup of every match (tens of thousands, each a random read)
			// costs seconds, so the unary + keeps the rowid out of the
			// plan: SQLite walks the list order (or a filter's index) and
			// tests each row against the matches, and a page fills soon.
			fts := d.ftsQuery(words)
			frequent := ftsFrequent
			if s.db.ftsFrequent > 0 {
				frequent = s.db.ftsFrequent
			}
			var n int
			if err := s.db.queryRow(ctx, `SELECT count(*) FROM (SELECT rowid FROM complaints_fts
				WHERE complaints_fts MATCH ? LIMIT ?)`, fts, frequent).Scan(&n); err != nil {
				return nil, wrap(op, "", err)
			}
			cond := `rowid IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?)`
			if n >= frequent {
				cond = "+" + cond
			}
			sources = append(sources, source{cond, []any{fts}})
		} else {
			// PostgreSQL cannot estimate how many rows a prefix (word:*)
			// matches, and plans every word as common: it walks the list
			// order and tests each row, which is fast for common words (one
			// page is found soon) and takes seconds at a million complaints
			// for a rare one. Words with digits (order numbers, IDs, postal
			// codes) are rare: they are looked up in the GIN index first
			// (OFFSET 0 keeps that a subquery of its own).
			cond := `search @@ to_tsquery('german', ?)`
			if slices.ContainsFunc(words, hasDigit) {
				cond = `id IN (SELECT id FROM complaints WHERE search @@ to_tsquery('german', ?) OFFSET 0)`
			}
			sources = append(sources, source{cond, []any{d.ftsQuery(words)}})
		}
		like := make([]string, len(words))
		var likeArgs []any
		for i, w := range words {
			like[i] = "lower(name) LIKE ?"
			likeArgs = append(likeArgs, "%"+w+"%")
		}
		sources = append(sources, source{`shop_id IN (SELECT id FROM shops WHERE ` + strings.Join(like, " AND ") + `)`, likeArgs})
	}
	if key, ok := complaint.Exact(q.Text); ok {
		var keys []string
		var keyArgs []any
		for _, col := range exactColumns {
			keys = append(keys, col+" = ?")
			keyArgs = append(keyArgs, key)
		}
		// A short reference as people type it: lower case, without dashes.
		if ref, err := complaint.ParseReference(key); err == nil {
			keys = append(keys, "reference = ?")
			keyArgs = append(keyArgs, ref)
		}
		sources = append(sources, source{"(" + strings.Join(keys, " OR ") + ")", keyArgs})
	}
	out := []complaint.Summary{}
	seen := map[string]bool{}
	for _, src := range sources {
		list, err := s.searchPage(ctx, append(slices.Clone(where), src.cond), append(slices.Clone(args), src.args...), limit)
		if err != nil {
			return nil, wrap(op, "", err)
		}
		for _, sm := range list {
			if !seen[sm.ID] {
				seen[sm.ID] = true
				out = append(out, sm)
			}
		}
	}
	slices.SortFunc(out, func(a, b complaint.Summary) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out[:min(len(out), limit)], nil
}

// ftsFrequent is the number of matches from which SQLite's word search
// walks the list order instead of looking the matches up (Search): at a
// million complaints a page of a word that matches 1,000 is found within
// about 50,000 rows in order, while 1,000 lookups by rowid take about as
// long.
const ftsFrequent = 1000

// hasDigit reports whether a word holds a digit.
func hasDigit(w string) bool { return strings.ContainsAny(w, "0123456789") }

// searchPage reads one page of summaries.
func (s *ComplaintStore) searchPage(ctx context.Context, where []string, args []any, limit int) ([]complaint.Summary, error) {
	sq := `SELECT ` + summaryColumns + ` FROM complaints`
	if len(where) > 0 {
		sq += ` WHERE ` + strings.Join(where, " AND ")
	}
	sq += ` ORDER BY created_at, id LIMIT ?`
	rows, err := s.db.query(ctx, sq, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []complaint.Summary{}
	for rows.Next() {
		var sm complaint.Summary
		var state, cat string
		if err := rows.Scan(&sm.ID, &sm.ShopID, &state, &cat, &sm.OrderRef, &sm.Contact.Name, &sm.Contact.Email,
			&sm.Contact.Phone, &sm.Excerpt, &sm.Violation, &sm.Displeasure, dateCol{&sm.ForwardedOn},
			dateCol{&sm.AnswerDue}, &sm.AssignedTo, &sm.Messages, timeCol{&sm.CreatedAt}, timeCol{&sm.UpdatedAt},
			nullString{&sm.Reference}); err != nil {
			return nil, err
		}
		sm.State, sm.Category = complaint.State(state), precheck.Category(cat)
		out = append(out, sm)
	}
	return out, rows.Err()
}

// month is the dialect's expression for the first day of a date column's
// month.
func (d *dialect) month(col string) string {
	if d.name == SQLite {
		return "substr(" + col + ", 1, 7) || '-01'"
	}
	return "date_trunc('month', " + col + ")::date"
}
