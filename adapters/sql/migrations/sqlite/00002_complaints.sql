-- Complaints, their message threads and their append-only, hash-chained
-- history. Released migrations are never edited; add a new file.
-- The columns that lists, filters and timers read are real columns with
-- indexes; the facts and the pre-check are JSON documents (text) in the
-- adapter's own storage format (see docs/adr-sql.md), read and written with
-- the complaint and never queried alone.

-- +goose Up
CREATE TABLE complaints (
    id              TEXT    NOT NULL PRIMARY KEY,
    shop_id         TEXT    NOT NULL,
    lang            TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    order_ref       TEXT    NOT NULL,
    contact_name    TEXT    NOT NULL,
    contact_email   TEXT    NOT NULL,
    contact_phone   TEXT    NOT NULL,
    facts           TEXT    NOT NULL,
    precheck        TEXT    NOT NULL,
    forwarded_on    TEXT,
    answer_due      TEXT,
    reminder_on     TEXT,
    reminded        INTEGER NOT NULL CHECK (reminded IN (0, 1)),
    deadline_missed INTEGER NOT NULL CHECK (deadline_missed IN (0, 1)),
    next_due        TEXT,
    token_hash      TEXT    NOT NULL,
    message_count   INTEGER NOT NULL CHECK (message_count >= 0),
    last_message_id TEXT    NOT NULL,
    history_count   INTEGER NOT NULL CHECK (history_count >= 0),
    history_head    TEXT    NOT NULL,
    version         INTEGER NOT NULL CHECK (version > 0),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;

-- Store.List: every complaint, one shop's, or those in some states, each in
-- the order of creation, then ID (the cursor's order).
CREATE INDEX complaints_created ON complaints (created_at, id);
CREATE INDEX complaints_shop ON complaints (shop_id, created_at, id);
CREATE INDEX complaints_state ON complaints (state, created_at, id);
-- Store.Due: only complaints with a timer.
CREATE INDEX complaints_due ON complaints (next_due, id) WHERE next_due IS NOT NULL;

-- The thread: rows are appended, never rewritten by the store (an erasure
-- of personal data may pseudonymise bodies one day, so no trigger here).
CREATE TABLE complaint_messages (
    complaint_id TEXT    NOT NULL REFERENCES complaints (id),
    seq          INTEGER NOT NULL CHECK (seq > 0),
    id           TEXT    NOT NULL,
    author       TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    PRIMARY KEY (complaint_id, seq)
) STRICT, WITHOUT ROWID;

-- The audit log: append-only. It holds no personal data, so nothing ever
-- needs to change or remove an entry; the triggers refuse it.
CREATE TABLE complaint_history (
    complaint_id TEXT    NOT NULL REFERENCES complaints (id),
    seq          INTEGER NOT NULL CHECK (seq > 0),
    at           TEXT    NOT NULL,
    actor_role   TEXT    NOT NULL,
    actor_shop   TEXT    NOT NULL,
    actor_name   TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    detail       TEXT    NOT NULL,
    prev         TEXT    NOT NULL,
    hash         TEXT    NOT NULL,
    PRIMARY KEY (complaint_id, seq)
) STRICT, WITHOUT ROWID;

-- +goose StatementBegin
CREATE TRIGGER complaint_history_no_update BEFORE UPDATE ON complaint_history
BEGIN
    SELECT RAISE(ABORT, 'complaint_history is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER complaint_history_no_delete BEFORE DELETE ON complaint_history
BEGIN
    SELECT RAISE(ABORT, 'complaint_history is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE complaint_history;
DROP TABLE complaint_messages;
DROP TABLE complaints;
