-- The dashboard's counters (issue 14, item 4; docs/adr-complaint-tallies.md).
-- Released migrations are never edited; add a new file.
-- Tallies: how many complaints have each value of the columns the
-- dashboard counts by, kept by a trigger on complaints in the same
-- transaction as every INSERT, UPDATE and DELETE (a change subtracts the
-- old row and adds the new one), so every write path (the store, COPY,
-- erasure) keeps them exact; Stats reads them instead of the rows.
-- slot spreads concurrent writers over rows: a transaction adds to the row
-- of its backend's slot (pg_backend_pid() % 16), so concurrent filings do
-- not queue on one row lock until commit. Readers sum over slots.
-- outcome is complaint.OutcomeOf without "today": 1 on time, 2 late,
-- 3 missed, 4 open (due, not answered, not ended, not marked missed: the
-- reader counts it missed once today is past the due day); a complaint
-- with no deadline or one that ended before it is in no deadline tally.
-- Complaints stored before are counted when the migration runs.

-- +goose Up
-- Complaints by state (all time).
CREATE TABLE complaint_tally_states (
    state text     COLLATE "C" NOT NULL,
    slot  smallint NOT NULL DEFAULT 0,
    n     integer  NOT NULL,
    PRIMARY KEY (state, slot)
);
-- Complaints by filing day (Europe/Berlin) and category.
CREATE TABLE complaint_tally_filed (
    filed_on date     NOT NULL,
    category text     COLLATE "C" NOT NULL,
    slot     smallint NOT NULL DEFAULT 0,
    n        integer  NOT NULL,
    PRIMARY KEY (filed_on, category, slot)
);
-- Answer deadlines by due day and outcome.
CREATE TABLE complaint_tally_due (
    due_on  date     NOT NULL,
    outcome smallint NOT NULL CHECK (outcome BETWEEN 1 AND 4),
    slot    smallint NOT NULL DEFAULT 0,
    n       integer  NOT NULL,
    PRIMARY KEY (due_on, outcome, slot)
);
-- Complaints by shop: all, open (state not final), deadline missed
-- (outcome 3; the open deadlines are in complaint_tally_shop_due).
CREATE TABLE complaint_tally_shops (
    shop_id text     COLLATE "C" NOT NULL,
    slot    smallint NOT NULL DEFAULT 0,
    total   integer  NOT NULL,
    open    integer  NOT NULL,
    missed  integer  NOT NULL,
    PRIMARY KEY (shop_id, slot)
);
-- A shop's open answer deadlines (outcome 4) by due day.
CREATE TABLE complaint_tally_shop_due (
    shop_id text     COLLATE "C" NOT NULL,
    due_on  date     NOT NULL,
    slot    smallint NOT NULL DEFAULT 0,
    n       integer  NOT NULL,
    PRIMARY KEY (shop_id, due_on, slot)
);

-- +goose StatementBegin
CREATE FUNCTION konfliktservice_tally_add(c complaints, d integer, s smallint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    o smallint := CASE
        WHEN c.answer_due IS NULL THEN 0
        WHEN c.answered_on IS NOT NULL THEN CASE WHEN c.answered_on > c.answer_due THEN 2 ELSE 1 END
        WHEN c.deadline_missed THEN 3
        WHEN c.ended_on IS NOT NULL THEN CASE WHEN c.ended_on > c.answer_due THEN 3 ELSE 0 END
        ELSE 4 END;
BEGIN
    INSERT INTO complaint_tally_states AS t (state, slot, n) VALUES (c.state, s, d)
        ON CONFLICT (state, slot) DO UPDATE SET n = t.n + excluded.n;
    IF c.filed_on IS NOT NULL THEN
        INSERT INTO complaint_tally_filed AS t (filed_on, category, slot, n) VALUES (c.filed_on, c.category, s, d)
            ON CONFLICT (filed_on, category, slot) DO UPDATE SET n = t.n + excluded.n;
    END IF;
    IF o > 0 THEN
        INSERT INTO complaint_tally_due AS t (due_on, outcome, slot, n) VALUES (c.answer_due, o, s, d)
            ON CONFLICT (due_on, outcome, slot) DO UPDATE SET n = t.n + excluded.n;
    END IF;
    INSERT INTO complaint_tally_shops AS t (shop_id, slot, total, open, missed)
        VALUES (c.shop_id, s, d, CASE WHEN c.state IN ('resolved', 'escalated', 'withdrawn', 'closed') THEN 0 ELSE d END,
            CASE WHEN o = 3 THEN d ELSE 0 END)
        ON CONFLICT (shop_id, slot) DO UPDATE SET
            total = t.total + excluded.total, open = t.open + excluded.open, missed = t.missed + excluded.missed;
    IF o = 4 THEN
        INSERT INTO complaint_tally_shop_due AS t (shop_id, due_on, slot, n) VALUES (c.shop_id, c.answer_due, s, d)
            ON CONFLICT (shop_id, due_on, slot) DO UPDATE SET n = t.n + excluded.n;
    END IF;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION konfliktservice_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    s smallint := pg_backend_pid() % 16;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM konfliktservice_tally_add(OLD, -1, s);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM konfliktservice_tally_add(NEW, 1, s);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER complaint_tally_insert AFTER INSERT OR DELETE ON complaints
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_tally();
CREATE TRIGGER complaint_tally_update AFTER UPDATE ON complaints
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.shop_id IS DISTINCT FROM NEW.shop_id
        OR OLD.category IS DISTINCT FROM NEW.category OR OLD.filed_on IS DISTINCT FROM NEW.filed_on
        OR OLD.answer_due IS DISTINCT FROM NEW.answer_due OR OLD.answered_on IS DISTINCT FROM NEW.answered_on
        OR OLD.ended_on IS DISTINCT FROM NEW.ended_on OR OLD.deadline_missed IS DISTINCT FROM NEW.deadline_missed)
    EXECUTE FUNCTION konfliktservice_tally();

-- Complaints stored before.
INSERT INTO complaint_tally_states (state, slot, n) SELECT state, 0, count(*) FROM complaints GROUP BY state;
INSERT INTO complaint_tally_filed (filed_on, category, slot, n)
    SELECT filed_on, category, 0, count(*) FROM complaints WHERE filed_on IS NOT NULL GROUP BY filed_on, category;
INSERT INTO complaint_tally_due (due_on, outcome, slot, n)
    SELECT answer_due, o, 0, count(*) FROM (SELECT answer_due, CASE
        WHEN answered_on IS NOT NULL THEN CASE WHEN answered_on > answer_due THEN 2 ELSE 1 END
        WHEN deadline_missed THEN 3
        WHEN ended_on IS NOT NULL THEN CASE WHEN ended_on > answer_due THEN 3 ELSE 0 END
        ELSE 4 END AS o FROM complaints WHERE answer_due IS NOT NULL) t WHERE o > 0 GROUP BY answer_due, o;
INSERT INTO complaint_tally_shops (shop_id, slot, total, open, missed)
    SELECT shop_id, 0, count(*), count(*) FILTER (WHERE state NOT IN ('resolved', 'escalated', 'withdrawn', 'closed')),
        count(*) FILTER (WHERE answer_due IS NOT NULL AND answered_on IS NULL AND (deadline_missed OR
            (ended_on IS NOT NULL AND ended_on > answer_due)))
    FROM complaints GROUP BY shop_id;
INSERT INTO complaint_tally_shop_due (shop_id, due_on, slot, n)
    SELECT shop_id, answer_due, 0, count(*) FROM complaints WHERE answer_due IS NOT NULL AND answered_on IS NULL
        AND NOT deadline_missed AND ended_on IS NULL GROUP BY shop_id, answer_due;

-- +goose Down
DROP TRIGGER complaint_tally_update ON complaints;
DROP TRIGGER complaint_tally_insert ON complaints;
DROP FUNCTION konfliktservice_tally();
DROP FUNCTION konfliktservice_tally_add(complaints, integer, smallint);
DROP TABLE complaint_tally_shop_due;
DROP TABLE complaint_tally_shops;
DROP TABLE complaint_tally_due;
DROP TABLE complaint_tally_filed;
DROP TABLE complaint_tally_states;
