-- Complaints, their message threads and their append-only, hash-chained
-- history. Released migrations are never edited; add a new file.
-- The columns that lists, filters and timers read are real columns with
-- indexes; the facts and the pre-check are JSON documents (jsonb) in the
-- adapter's own storage format (see docs/adr-sql.md), read and written with
-- the complaint and never queried alone. IDs compare byte-wise (COLLATE "C").

-- +goose Up
CREATE TABLE complaints (
    id              text COLLATE "C" NOT NULL PRIMARY KEY,
    shop_id         text COLLATE "C" NOT NULL,
    lang            text        NOT NULL,
    state           text        NOT NULL,
    order_ref       text        NOT NULL,
    contact_name    text        NOT NULL,
    contact_email   text        NOT NULL,
    contact_phone   text        NOT NULL,
    facts           jsonb       NOT NULL,
    precheck        jsonb       NOT NULL,
    forwarded_on    date,
    answer_due      date,
    reminder_on     date,
    reminded        boolean     NOT NULL,
    deadline_missed boolean     NOT NULL,
    next_due        date,
    token_hash      text        NOT NULL,
    message_count   integer     NOT NULL CHECK (message_count >= 0),
    last_message_id text        NOT NULL,
    history_count   integer     NOT NULL CHECK (history_count >= 0),
    history_head    text        NOT NULL,
    version         integer     NOT NULL CHECK (version > 0),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

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
    complaint_id text COLLATE "C" NOT NULL REFERENCES complaints (id),
    seq          integer     NOT NULL CHECK (seq > 0),
    id           text        NOT NULL,
    author       text        NOT NULL,
    body         text        NOT NULL,
    at           timestamptz NOT NULL,
    PRIMARY KEY (complaint_id, seq)
);

-- The audit log: append-only. It holds no personal data, so nothing ever
-- needs to change or remove an entry; the triggers refuse it.
CREATE TABLE complaint_history (
    complaint_id text COLLATE "C" NOT NULL REFERENCES complaints (id),
    seq          integer     NOT NULL CHECK (seq > 0),
    at           timestamptz NOT NULL,
    actor_role   text        NOT NULL,
    actor_shop   text        NOT NULL,
    actor_name   text        NOT NULL,
    action       text        NOT NULL,
    detail       text        NOT NULL,
    prev         text        NOT NULL,
    hash         text        NOT NULL,
    PRIMARY KEY (complaint_id, seq)
);

-- +goose StatementBegin
CREATE FUNCTION konfliktservice_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
-- +goose StatementEnd

CREATE TRIGGER complaint_history_append_only BEFORE UPDATE OR DELETE ON complaint_history
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_append_only();
CREATE TRIGGER complaint_history_no_truncate BEFORE TRUNCATE ON complaint_history
    FOR EACH STATEMENT EXECUTE FUNCTION konfliktservice_append_only();

-- +goose Down
DROP TABLE complaint_history;
DROP TABLE complaint_messages;
DROP TABLE complaints;
DROP FUNCTION konfliktservice_append_only();
