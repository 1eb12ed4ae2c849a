-- The operators' queue, search and dashboard (issue 14, item 4;
-- docs/adr-queue-search.md). Released migrations are never edited; add a
-- new file.
-- New columns of complaints, written by the store with every Create and
-- Update: the assignment; what the queue filters and the dashboard counts
-- by (category, standard violation, displeasure-only, the days filed,
-- first answered and ended, read in Europe/Berlin); the summary's excerpt;
-- and the searchable text (complaint.SearchText), indexed by an FTS5
-- table over it (external content, kept in step by triggers; the
-- unicode61 tokenizer folds case and diacritics: "Rücksendung" and
-- "rucksendung" meet).
-- Complaints stored before get their values from their documents and
-- history; their filing day is read in UTC (SQLite knows no time zones).

-- +goose Up
ALTER TABLE complaints ADD COLUMN assigned_to TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN violation INTEGER NOT NULL DEFAULT 0 CHECK (violation IN (0, 1));
ALTER TABLE complaints ADD COLUMN displeasure INTEGER NOT NULL DEFAULT 0 CHECK (displeasure IN (0, 1));
ALTER TABLE complaints ADD COLUMN filed_on TEXT;
ALTER TABLE complaints ADD COLUMN answered_on TEXT;
ALTER TABLE complaints ADD COLUMN ended_on TEXT;
ALTER TABLE complaints ADD COLUMN excerpt TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

UPDATE complaints SET
    category = coalesce(json_extract(facts, '$.category'), ''),
    violation = coalesce(json_array_length(precheck, '$.standard_violations'), 0) > 0,
    displeasure = coalesce(json_extract(precheck, '$.clarity'), '') = 'displeasure',
    filed_on = substr(created_at, 1, 10),
    answered_on = (SELECT substr(min(h.at), 1, 10) FROM complaint_history h
        WHERE h.complaint_id = complaints.id AND h.action = 'answered'),
    ended_on = (SELECT substr(min(h.at), 1, 10) FROM complaint_history h
        WHERE h.complaint_id = complaints.id AND h.action IN ('resolved', 'withdrawn', 'escalated', 'closed')),
    excerpt = substr(coalesce(json_extract(facts, '$.description'), ''), 1, 140),
    search_text = lower(id || ' ' || order_ref || ' ' || contact_name || ' ' || contact_email || ' ' ||
        coalesce(json_extract(facts, '$.description'), ''));

-- The queue's views: mine / unassigned, in the list's order.
CREATE INDEX complaints_assigned ON complaints (assigned_to, created_at, id);
-- A one-word search matches the order reference exactly.
CREATE INDEX complaints_order_ref ON complaints (order_ref);
-- The dashboard: complaints filed per month and category; deadlines per month.
CREATE INDEX complaints_filed ON complaints (filed_on, category);
CREATE INDEX complaints_answer_due ON complaints (answer_due, answered_on, ended_on, deadline_missed)
    WHERE answer_due IS NOT NULL;
-- The shops with the most complaints, their open ones and missed deadlines:
-- covering, so the count reads the index, never the wide rows.
CREATE INDEX complaints_shop_stats ON complaints (shop_id, state, answer_due, answered_on, ended_on, deadline_missed);

CREATE VIRTUAL TABLE complaints_fts USING fts5(
    search_text, content = 'complaints', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO complaints_fts (complaints_fts) VALUES ('rebuild');

-- +goose StatementBegin
CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints
BEGIN
    INSERT INTO complaints_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER complaints_fts_update AFTER UPDATE OF search_text ON complaints
WHEN old.search_text IS NOT new.search_text
BEGIN
    INSERT INTO complaints_fts (complaints_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO complaints_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER complaints_fts_delete AFTER DELETE ON complaints
BEGIN
    INSERT INTO complaints_fts (complaints_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
-- +goose StatementEnd

-- The operators' canned replies (complaint.MacroStore).
CREATE TABLE macros (
    id         TEXT    NOT NULL PRIMARY KEY,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 0),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;

-- +goose Down
DROP TABLE macros;
DROP TRIGGER complaints_fts_delete;
DROP TRIGGER complaints_fts_update;
DROP TRIGGER complaints_fts_insert;
DROP TABLE complaints_fts;
DROP INDEX complaints_shop_stats;
DROP INDEX complaints_answer_due;
DROP INDEX complaints_filed;
DROP INDEX complaints_order_ref;
DROP INDEX complaints_assigned;
ALTER TABLE complaints DROP COLUMN search_text;
ALTER TABLE complaints DROP COLUMN excerpt;
ALTER TABLE complaints DROP COLUMN ended_on;
ALTER TABLE complaints DROP COLUMN answered_on;
ALTER TABLE complaints DROP COLUMN filed_on;
ALTER TABLE complaints DROP COLUMN displeasure;
ALTER TABLE complaints DROP COLUMN violation;
ALTER TABLE complaints DROP COLUMN category;
ALTER TABLE complaints DROP COLUMN assigned_to;
