package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"
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
		page []complaint.Summary // a page read already (SQLite's words)
	}
	var sources []source
	if words := complaint.QueryWords(q.Text); len(words) > 0 {
		if d.name == SQLite {
			page, err := s.ftsPage(ctx, d.ftsQuery(words), where, args, limit)
			if err != nil {
				return nil, wrap(op, "", err)
			}
			sources = append(sources, source{page: page})
		} else {
			cond, cargs, err := s.tsSource(ctx, words)
			if err != nil {
				return nil, wrap(op, "", err)
			}
			sources = append(sources, source{cond: cond, args: cargs})
		}
		like := make([]string, len(words))
		var likeArgs []any
		for i, w := range words {
			like[i] = "lower(name) LIKE ?"
			likeArgs = append(likeArgs, "%"+w+"%")
		}
		sources = append(sources, source{cond: `shop_id IN (SELECT id FROM shops WHERE ` + strings.Join(like, " AND ") + `)`, args: likeArgs})
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
		sources = append(sources, source{cond: "(" + strings.Join(keys, " OR ") + ")", args: keyArgs})
	}
	out := []complaint.Summary{}
	seen := map[string]bool{}
	for _, src := range sources {
		list := src.page
		if src.cond != "" {
			list, err = s.searchPage(ctx, append(slices.Clone(where), src.cond), append(slices.Clone(args), src.args...), limit)
			if err != nil {
				return nil, wrap(op, "", err)
			}
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
// walks the list order (ftsPage) instead of looking every match up by
// rowid and sorting them: at a million complaints 5,000 lookups take about
// as long as a walk of 20,000 rows in order.
const ftsFrequent = 5000

// ftsWalk is how many rows in list order the walk of ftsPage reads before
// it gives up (the matches are few in the order asked for, or late in it)
// and looks the matches up instead.
const ftsWalk = 20_000

// ftsWalkChunk is how many rows one query of the walk reads.
const ftsWalkChunk = 500

// ftsPage is the first page (limit) of the complaints that match the FTS5
// query fts and the filters where/args, in list order. The full-text
// index is asked once, for the rowids of all matches (one string, so that
// tens of thousands of them do not cross database/sql one by one; FTS5
// merges the doclists of every term a prefix matches, the cost of a word
// search). Few matches are looked up by rowid and sorted. Many (a common
// word) would make that thousands of random reads, so the rowids in list
// order under the filters are read instead (the index of the filters or of
// the list order, no row read) and tested here against the matches until
// a page is full; a match set that never fills a page within ftsWalk rows
// is looked up after all. Either way the page is exactly the first one of
// the matches in list order.
func (s *ComplaintStore) ftsPage(ctx context.Context, fts string, where []string, args []any, limit int) ([]complaint.Summary, error) {
	var n int
	var list string
	if err := s.db.queryRow(ctx, `SELECT count(*), coalesce(group_concat(rowid), '') FROM complaints_fts
		WHERE complaints_fts MATCH ?`, fts).Scan(&n, &list); err != nil {
		return nil, err
	}
	if n == 0 {
		return []complaint.Summary{}, nil
	}
	frequent, walk := ftsFrequent, ftsWalk
	if s.db.ftsFrequent > 0 {
		frequent = s.db.ftsFrequent
	}
	if s.db.ftsWalk > 0 {
		walk = s.db.ftsWalk
	}
	lookup := func(rowids string) ([]complaint.Summary, error) {
		return s.searchPage(ctx, append(slices.Clone(where), `rowid IN (SELECT value FROM json_each(?))`),
			append(slices.Clone(args), "["+rowids+"]"), limit)
	}
	if n < frequent {
		return lookup(list)
	}
	match := make([]int64, 0, n)
	for f := range strings.SplitSeq(list, ",") {
		r, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("fts rowid %q: %w", f, err)
		}
		match = append(match, r)
	}
	slices.Sort(match) // FTS5 hands them out in order: no work

	// The walk reads the list order in chunks after a cursor of its own:
	// one query with a large LIMIT would be planned as a sort (SQLite
	// reads that many rows of every state asked for, then sorts them).
	var found []string
	read := 0
	var lastCreated any
	var lastID string
	for read < walk && len(found) < limit {
		w, a := slices.Clone(where), slices.Clone(args)
		if read > 0 {
			w = append(w, "(created_at, id) > (?, ?)")
			a = append(a, lastCreated, lastID)
		}
		sq := `SELECT rowid, created_at, id FROM complaints`
		if len(w) > 0 {
			sq += ` WHERE ` + strings.Join(w, " AND ")
		}
		chunk := ftsWalkChunk
		if s.db.ftsChunk > 0 {
			chunk = s.db.ftsChunk
		}
		chunk = min(chunk, walk-read)
		got, err := func() (int, error) {
			rows, err := s.db.query(ctx, sq+` ORDER BY created_at, id LIMIT ?`, append(a, chunk)...)
			if err != nil {
				return 0, err
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				n++
				var r int64
				if err := rows.Scan(&r, &lastCreated, &lastID); err != nil {
					return n, err
				}
				if _, ok := slices.BinarySearch(match, r); ok && len(found) < limit {
					found = append(found, strconv.FormatInt(r, 10))
				}
			}
			return n, rows.Err()
		}()
		if err != nil {
			return nil, err
		}
		read += got
		if got < chunk { // the end of the list
			break
		}
	}
	if len(found) < limit && read == walk {
		return lookup(list) // the walk gave up before the end of the list
	}
	if len(found) == 0 {
		return []complaint.Summary{}, nil
	}
	return lookup(strings.Join(found, ","))
}

// tsSource is PostgreSQL's condition for the words (each a prefix, all
// required). A prefix (word:*) is a GIN partial match: PostgreSQL reads the
// whole posting list of every lexeme it matches and cannot estimate how
// many rows that is. Migration 00025 indexes every lexeme's first 3, 5
// and 8 characters as words of their own (konfliktservice_search_prefixes),
// so the same words are looked up there exactly by their longest such
// prefix, where the planner has
// statistics and GIN skips between the posting lists; the prefix query
// stays in the condition, so what matches is unchanged (a row that matches
// it holds the longest such prefix of each word's lexeme; shorter
// words are left to the prefix query alone). It is
// written as the function behind @@ (ts_match_vq), which no index answers:
// as @@ the planner would also ask the index on search for the prefixes
// and AND both bitmaps, paying the partial match again. One common word
// (commonLexeme) keeps the prefix query alone, as do queries of only
// words shorter than 3 characters or that PostgreSQL parses into anything
// but prefixes joined by &.
func (s *ComplaintStore) tsSource(ctx context.Context, words []string) (string, []any, error) {
	q := s.db.d.ftsQuery(words)
	var parsed string
	if err := s.db.queryRow(ctx, `SELECT to_tsquery('german', ?)::text`, q).Scan(&parsed); err != nil {
		return "", nil, err
	}
	if exact, ok := prefixLexemes(parsed); ok && !(len(words) == 1 && s.commonLexeme(ctx, strings.Trim(exact, "'"))) {
		return `konfliktservice_search_prefixes(search) @@ ?::tsquery AND ts_match_vq(search, to_tsquery('german', ?))`,
			[]any{exact, q}, nil
	}
	// Words with digits (order numbers, IDs, postal codes) are rare:
	// they are looked up in the GIN index first (OFFSET 0 keeps that a
	// subquery of its own); other prefixes walk the list order.
	if slices.ContainsFunc(words, hasDigit) {
		return `id IN (SELECT id FROM complaints WHERE search @@ to_tsquery('german', ?) OFFSET 0)`, []any{q}, nil
	}
	return `search @@ to_tsquery('german', ?)`, []any{q}, nil
}

// commonPrefix is the share of complaints from which one word is searched
// without the prefixes' index (tsSource): a page of it is found within a
// few thousand rows of the list order, and as a filter on each of them the
// prefix query on search is cheaper than the prefixes computed per row.
const commonPrefix = 0.005

// commonLexeme reports whether ANALYZE found lex among the most common
// lexemes of the prefixes' index (pg_stats of the expression index) in at
// least commonPrefix of the complaints. Without statistics (a new
// database, an error) it is not.
func (s *ComplaintStore) commonLexeme(ctx context.Context, lex string) bool {
	var f float64
	err := s.db.queryRow(ctx, `SELECT coalesce(max(u.f), 0) FROM pg_stats st,
		unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) AS u(e, f)
		WHERE st.schemaname = current_schema() AND st.tablename = 'complaints_search_prefixes' AND u.e = ?`, lex).Scan(&f)
	return err == nil && f >= commonPrefix
}

// hasDigit reports whether a word holds a digit.
func hasDigit(w string) bool { return strings.ContainsAny(w, "0123456789") }

// prefixLengths are the lengths of the lexeme prefixes that migration
// 00025 indexes (konfliktservice_search_prefixes), shortest first.
var prefixLengths = []int{3, 5, 8}

// prefixLexemes turns PostgreSQL's text of a tsquery of prefixes joined by
// & ('packstat':* & 'zoll':*) into the query of their longest indexed
// prefixes (prefixLengths) as exact lexemes ('packstat' & 'zol'), leaving
// out lexemes shorter than the shortest (the prefix query next to it
// still requires them); false for any other shape or when no lexeme is
// left.
func prefixLexemes(tsquery string) (string, bool) {
	var out []string
	for part := range strings.SplitSeq(tsquery, " & ") {
		lex, ok := strings.CutPrefix(part, "'")
		if ok {
			lex, ok = strings.CutSuffix(lex, "':*")
		}
		if !ok || lex == "" || strings.ContainsAny(lex, `'\ `) {
			return "", false
		}
		r := []rune(lex)
		if len(r) < prefixLengths[0] {
			continue // not indexed; the prefix query still requires it
		}
		k := prefixLengths[0]
		for _, l := range prefixLengths {
			if l <= len(r) {
				k = l
			}
		}
		out = append(out, "'"+string(r[:k])+"'")
	}
	return strings.Join(out, " & "), len(out) > 0
}

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
