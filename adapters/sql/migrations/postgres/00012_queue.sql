-- The operators' queue, search and dashboard (issue 14, item 4;
-- docs/adr-queue-search.md). Released migrations are never edited; add a
-- new file.
-- New columns of complaints, written by the store with every Create and
-- Update: the assignment; what the queue filters and the dashboard counts
-- by (category, standard violation, displeasure-only, the days filed,
-- first answered and ended, read in Europe/Berlin); the summary's excerpt;
-- and the searchable text (complaint.SearchText) with its tsvector in the
-- german configuration (stemmed, umlauts folded), GIN-indexed.
-- Complaints stored before get their values from their documents and
-- history.

-- +goose Up
ALTER TABLE complaints
    ADD COLUMN assigned_to text COLLATE "C" NOT NULL DEFAULT '',
    ADD COLUMN category    text    NOT NULL DEFAULT '',
    ADD COLUMN violation   boolean NOT NULL DEFAULT false,
    ADD COLUMN displeasure boolean NOT NULL DEFAULT false,
    ADD COLUMN filed_on    date,
    ADD COLUMN answered_on date,
    ADD COLUMN ended_on    date,
    ADD COLUMN excerpt     text    NOT NULL DEFAULT '',
    ADD COLUMN search_text text    NOT NULL DEFAULT '';

UPDATE complaints SET
    category = coalesce(facts->>'category', ''),
    violation = coalesce(jsonb_array_length(precheck->'standard_violations'), 0) > 0,
    displeasure = coalesce(precheck->>'clarity', '') = 'displeasure',
    filed_on = (created_at AT TIME ZONE 'Europe/Berlin')::date,
    answered_on = (SELECT (min(h.at) AT TIME ZONE 'Europe/Berlin')::date FROM complaint_history h
        WHERE h.complaint_id = complaints.id AND h.action = 'answered'),
    ended_on = (SELECT (min(h.at) AT TIME ZONE 'Europe/Berlin')::date FROM complaint_history h
        WHERE h.complaint_id = complaints.id AND h.action IN ('resolved', 'withdrawn', 'escalated', 'closed')),
    excerpt = left(coalesce(facts->>'description', ''), 140),
    search_text = trim(regexp_replace(lower(id || ' ' || order_ref || ' ' || contact_name || ' ' ||
        contact_email || ' ' || coalesce(facts->>'description', '')), '[^[:alnum:]]+', ' ', 'g'));

ALTER TABLE complaints ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('german'::regconfig, search_text)) STORED;

-- The search; the queue's views mine / unassigned, in the list's order.
CREATE INDEX complaints_search ON complaints USING gin (search);
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

-- The operators' canned replies (complaint.MacroStore).
CREATE TABLE macros (
    id         text COLLATE "C" NOT NULL PRIMARY KEY,
    title      text        NOT NULL,
    body       text        NOT NULL,
    version    integer     NOT NULL CHECK (version > 0),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE macros;
DROP INDEX complaints_shop_stats;
DROP INDEX complaints_answer_due;
DROP INDEX complaints_filed;
DROP INDEX complaints_order_ref;
DROP INDEX complaints_assigned;
DROP INDEX complaints_search;
ALTER TABLE complaints
    DROP COLUMN search,
    DROP COLUMN search_text,
    DROP COLUMN excerpt,
    DROP COLUMN ended_on,
    DROP COLUMN answered_on,
    DROP COLUMN filed_on,
    DROP COLUMN displeasure,
    DROP COLUMN violation,
    DROP COLUMN category,
    DROP COLUMN assigned_to;
