-- The queue's word search at a million complaints (issue 14, item 4;
-- docs/adr-queue-search.md, "Prefixes at a million complaints"). Released
-- migrations are never edited; add a new file.
-- PostgreSQL's migration 00025 adds an index of lexeme prefixes. SQLite
-- needs no schema change: its word search asks FTS5 once and walks the
-- list order itself (adapters/sql/queue.go: ftsPage). An FTS5 prefix
-- index (prefix='2 3') was measured and left out: a two- or three-letter
-- prefix matches a tenth of all complaints, and reading those rowids, not
-- merging the doclists, is the cost. The version exists so that both
-- dialects keep the same numbers.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
