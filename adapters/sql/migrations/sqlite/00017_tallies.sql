-- The dashboard's counters (issue 14, item 4; docs/adr-complaint-tallies.md).
-- Released migrations are never edited; add a new file.
-- Tallies: how many complaints have each value of the columns the
-- dashboard counts by, kept by triggers on complaints in the same
-- transaction as every INSERT, UPDATE and DELETE (a change subtracts the
-- old row and adds the new one), so every write path (the store, bulk
-- loads, erasure) keeps them exact; Stats reads them instead of the rows.
-- slot spreads concurrent writers over rows (PostgreSQL); SQLite has one
-- writer and always writes slot 0. Readers sum over slots.
-- outcome is complaint.OutcomeOf without "today": 1 on time, 2 late,
-- 3 missed, 4 open (due, not answered, not ended, not marked missed: the
-- reader counts it missed once today is past the due day); a complaint
-- with no deadline or one that ended before it is in no deadline tally.
-- Complaints stored before are counted when the migration runs.

-- +goose Up
-- Complaints by state (all time).
CREATE TABLE complaint_tally_states (
    state TEXT    NOT NULL,
    slot  INTEGER NOT NULL DEFAULT 0,
    n     INTEGER NOT NULL,
    PRIMARY KEY (state, slot)
) WITHOUT ROWID;
-- Complaints by filing day (Europe/Berlin) and category.
CREATE TABLE complaint_tally_filed (
    filed_on TEXT    NOT NULL,
    category TEXT    NOT NULL,
    slot     INTEGER NOT NULL DEFAULT 0,
    n        INTEGER NOT NULL,
    PRIMARY KEY (filed_on, category, slot)
) WITHOUT ROWID;
-- Answer deadlines by due day and outcome.
CREATE TABLE complaint_tally_due (
    due_on  TEXT    NOT NULL,
    outcome INTEGER NOT NULL CHECK (outcome BETWEEN 1 AND 4),
    slot    INTEGER NOT NULL DEFAULT 0,
    n       INTEGER NOT NULL,
    PRIMARY KEY (due_on, outcome, slot)
) WITHOUT ROWID;
-- Complaints by shop: all, open (state not final), deadline missed
-- (outcome 3; the open deadlines are in complaint_tally_shop_due).
CREATE TABLE complaint_tally_shops (
    shop_id TEXT    NOT NULL,
    slot    INTEGER NOT NULL DEFAULT 0,
    total   INTEGER NOT NULL,
    open    INTEGER NOT NULL,
    missed  INTEGER NOT NULL,
    PRIMARY KEY (shop_id, slot)
) WITHOUT ROWID;
-- The shops with the most complaints first.
CREATE INDEX complaint_tally_shops_total ON complaint_tally_shops (total DESC, shop_id);
-- A shop's open answer deadlines (outcome 4) by due day.
CREATE TABLE complaint_tally_shop_due (
    shop_id TEXT    NOT NULL,
    due_on  TEXT    NOT NULL,
    slot    INTEGER NOT NULL DEFAULT 0,
    n       INTEGER NOT NULL,
    PRIMARY KEY (shop_id, due_on, slot)
) WITHOUT ROWID;

-- +goose StatementBegin
CREATE TRIGGER complaint_tally_insert AFTER INSERT ON complaints
BEGIN
    INSERT INTO complaint_tally_states (state, slot, n) SELECT new.state, 0, 1 WHERE true
        ON CONFLICT (state, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_filed (filed_on, category, slot, n)
        SELECT new.filed_on, new.category, 0, 1 WHERE new.filed_on IS NOT NULL
        ON CONFLICT (filed_on, category, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_due (due_on, outcome, slot, n)
        SELECT new.answer_due, o, 0, 1 FROM (SELECT CASE
            WHEN new.answer_due IS NULL THEN 0
            WHEN new.answered_on IS NOT NULL THEN CASE WHEN new.answered_on > new.answer_due THEN 2 ELSE 1 END
            WHEN new.deadline_missed <> 0 THEN 3
            WHEN new.ended_on IS NOT NULL THEN CASE WHEN new.ended_on > new.answer_due THEN 3 ELSE 0 END
            ELSE 4 END AS o) WHERE o > 0
        ON CONFLICT (due_on, outcome, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_shops (shop_id, slot, total, open, missed)
        SELECT new.shop_id, 0, 1, new.state NOT IN ('resolved', 'escalated', 'withdrawn', 'closed'),
            new.answer_due IS NOT NULL AND new.answered_on IS NULL AND (new.deadline_missed <> 0 OR
                (new.ended_on IS NOT NULL AND new.ended_on > new.answer_due)) WHERE true
        ON CONFLICT (shop_id, slot) DO UPDATE SET
            total = total + excluded.total, open = open + excluded.open, missed = missed + excluded.missed;
    INSERT INTO complaint_tally_shop_due (shop_id, due_on, slot, n)
        SELECT new.shop_id, new.answer_due, 0, 1 WHERE new.answer_due IS NOT NULL AND new.answered_on IS NULL
            AND new.deadline_missed = 0 AND new.ended_on IS NULL
        ON CONFLICT (shop_id, due_on, slot) DO UPDATE SET n = n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER complaint_tally_delete AFTER DELETE ON complaints
BEGIN
    INSERT INTO complaint_tally_states (state, slot, n) SELECT old.state, 0, -1 WHERE true
        ON CONFLICT (state, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_filed (filed_on, category, slot, n)
        SELECT old.filed_on, old.category, 0, -1 WHERE old.filed_on IS NOT NULL
        ON CONFLICT (filed_on, category, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_due (due_on, outcome, slot, n)
        SELECT old.answer_due, o, 0, -1 FROM (SELECT CASE
            WHEN old.answer_due IS NULL THEN 0
            WHEN old.answered_on IS NOT NULL THEN CASE WHEN old.answered_on > old.answer_due THEN 2 ELSE 1 END
            WHEN old.deadline_missed <> 0 THEN 3
            WHEN old.ended_on IS NOT NULL THEN CASE WHEN old.ended_on > old.answer_due THEN 3 ELSE 0 END
            ELSE 4 END AS o) WHERE o > 0
        ON CONFLICT (due_on, outcome, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_shops (shop_id, slot, total, open, missed)
        SELECT old.shop_id, 0, -1, -(old.state NOT IN ('resolved', 'escalated', 'withdrawn', 'closed')),
            -(old.answer_due IS NOT NULL AND old.answered_on IS NULL AND (old.deadline_missed <> 0 OR
                (old.ended_on IS NOT NULL AND old.ended_on > old.answer_due))) WHERE true
        ON CONFLICT (shop_id, slot) DO UPDATE SET
            total = total + excluded.total, open = open + excluded.open, missed = missed + excluded.missed;
    INSERT INTO complaint_tally_shop_due (shop_id, due_on, slot, n)
        SELECT old.shop_id, old.answer_due, 0, -1 WHERE old.answer_due IS NOT NULL AND old.answered_on IS NULL
            AND old.deadline_missed = 0 AND old.ended_on IS NULL
        ON CONFLICT (shop_id, due_on, slot) DO UPDATE SET n = n + excluded.n;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER complaint_tally_update AFTER UPDATE OF state, shop_id, category, filed_on, answer_due, answered_on, ended_on, deadline_missed ON complaints
WHEN old.state IS NOT new.state OR old.shop_id IS NOT new.shop_id OR old.category IS NOT new.category OR old.filed_on IS NOT new.filed_on OR old.answer_due IS NOT new.answer_due OR old.answered_on IS NOT new.answered_on OR old.ended_on IS NOT new.ended_on OR old.deadline_missed IS NOT new.deadline_missed
BEGIN
    INSERT INTO complaint_tally_states (state, slot, n) SELECT old.state, 0, -1 WHERE true
        ON CONFLICT (state, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_filed (filed_on, category, slot, n)
        SELECT old.filed_on, old.category, 0, -1 WHERE old.filed_on IS NOT NULL
        ON CONFLICT (filed_on, category, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_due (due_on, outcome, slot, n)
        SELECT old.answer_due, o, 0, -1 FROM (SELECT CASE
            WHEN old.answer_due IS NULL THEN 0
            WHEN old.answered_on IS NOT NULL THEN CASE WHEN old.answered_on > old.answer_due THEN 2 ELSE 1 END
            WHEN old.deadline_missed <> 0 THEN 3
            WHEN old.ended_on IS NOT NULL THEN CASE WHEN old.ended_on > old.answer_due THEN 3 ELSE 0 END
            ELSE 4 END AS o) WHERE o > 0
        ON CONFLICT (due_on, outcome, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_shops (shop_id, slot, total, open, missed)
        SELECT old.shop_id, 0, -1, -(old.state NOT IN ('resolved', 'escalated', 'withdrawn', 'closed')),
            -(old.answer_due IS NOT NULL AND old.answered_on IS NULL AND (old.deadline_missed <> 0 OR
                (old.ended_on IS NOT NULL AND old.ended_on > old.answer_due))) WHERE true
        ON CONFLICT (shop_id, slot) DO UPDATE SET
            total = total + excluded.total, open = open + excluded.open, missed = missed + excluded.missed;
    INSERT INTO complaint_tally_shop_due (shop_id, due_on, slot, n)
        SELECT old.shop_id, old.answer_due, 0, -1 WHERE old.answer_due IS NOT NULL AND old.answered_on IS NULL
            AND old.deadline_missed = 0 AND old.ended_on IS NULL
        ON CONFLICT (shop_id, due_on, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_states (state, slot, n) SELECT new.state, 0, 1 WHERE true
        ON CONFLICT (state, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_filed (filed_on, category, slot, n)
        SELECT new.filed_on, new.category, 0, 1 WHERE new.filed_on IS NOT NULL
        ON CONFLICT (filed_on, category, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_due (due_on, outcome, slot, n)
        SELECT new.answer_due, o, 0, 1 FROM (SELECT CASE
            WHEN new.answer_due IS NULL THEN 0
            WHEN new.answered_on IS NOT NULL THEN CASE WHEN new.answered_on > new.answer_due THEN 2 ELSE 1 END
            WHEN new.deadline_missed <> 0 THEN 3
            WHEN new.ended_on IS NOT NULL THEN CASE WHEN new.ended_on > new.answer_due THEN 3 ELSE 0 END
            ELSE 4 END AS o) WHERE o > 0
        ON CONFLICT (due_on, outcome, slot) DO UPDATE SET n = n + excluded.n;
    INSERT INTO complaint_tally_shops (shop_id, slot, total, open, missed)
        SELECT new.shop_id, 0, 1, new.state NOT IN ('resolved', 'escalated', 'withdrawn', 'closed'),
            new.answer_due IS NOT NULL AND new.answered_on IS NULL AND (new.deadline_missed <> 0 OR
                (new.ended_on IS NOT NULL AND new.ended_on > new.answer_due)) WHERE true
        ON CONFLICT (shop_id, slot) DO UPDATE SET
            total = total + excluded.total, open = open + excluded.open, missed = missed + excluded.missed;
    INSERT INTO complaint_tally_shop_due (shop_id, due_on, slot, n)
        SELECT new.shop_id, new.answer_due, 0, 1 WHERE new.answer_due IS NOT NULL AND new.answered_on IS NULL
            AND new.deadline_missed = 0 AND new.ended_on IS NULL
        ON CONFLICT (shop_id, due_on, slot) DO UPDATE SET n = n + excluded.n;
END;
-- +goose StatementEnd

-- Complaints stored before.
INSERT INTO complaint_tally_states (state, slot, n) SELECT state, 0, count(*) FROM complaints GROUP BY state;
INSERT INTO complaint_tally_filed (filed_on, category, slot, n)
    SELECT filed_on, category, 0, count(*) FROM complaints WHERE filed_on IS NOT NULL GROUP BY filed_on, category;
INSERT INTO complaint_tally_due (due_on, outcome, slot, n)
    SELECT answer_due, o, 0, count(*) FROM (SELECT answer_due, CASE
        WHEN answer_due IS NULL THEN 0
        WHEN answered_on IS NOT NULL THEN CASE WHEN answered_on > answer_due THEN 2 ELSE 1 END
        WHEN deadline_missed <> 0 THEN 3
        WHEN ended_on IS NOT NULL THEN CASE WHEN ended_on > answer_due THEN 3 ELSE 0 END
        ELSE 4 END AS o FROM complaints WHERE answer_due IS NOT NULL) WHERE o > 0 GROUP BY answer_due, o;
INSERT INTO complaint_tally_shops (shop_id, slot, total, open, missed)
    SELECT shop_id, 0, count(*), sum(state NOT IN ('resolved', 'escalated', 'withdrawn', 'closed')),
        sum(answer_due IS NOT NULL AND answered_on IS NULL AND (deadline_missed <> 0 OR
            (ended_on IS NOT NULL AND ended_on > answer_due)))
    FROM complaints GROUP BY shop_id;
INSERT INTO complaint_tally_shop_due (shop_id, due_on, slot, n)
    SELECT shop_id, answer_due, 0, count(*) FROM complaints WHERE answer_due IS NOT NULL AND answered_on IS NULL
        AND deadline_missed = 0 AND ended_on IS NULL GROUP BY shop_id, answer_due;

-- +goose Down
DROP TRIGGER complaint_tally_update;
DROP TRIGGER complaint_tally_delete;
DROP TRIGGER complaint_tally_insert;
DROP TABLE complaint_tally_shop_due;
DROP TABLE complaint_tally_shops;
DROP TABLE complaint_tally_due;
DROP TABLE complaint_tally_filed;
DROP TABLE complaint_tally_states;
