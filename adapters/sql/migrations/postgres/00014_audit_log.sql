-- The operators' audit log (issue 15, item 2; docs/adr-audit-log.md): one
-- hash-chained list of logins, bookings, article edits, re-queued events,
-- exports and erasures across the whole service. audit_head holds the last
-- entry's seq and hash in one row: an append takes it with an UPDATE (a
-- row lock that serialises appends across nodes until the transaction
-- ends), inserts the entry chained to it and moves it on. Entries hold no
-- personal data of consumers, no passwords and no tokens; the triggers
-- (konfliktservice_append_only, migration 00002) refuse any change or
-- removal. Released migrations are never edited.

-- +goose Up
CREATE TABLE audit_log (
    seq          bigint      NOT NULL PRIMARY KEY CHECK (seq > 0),
    at           timestamptz NOT NULL,
    actor_role   text        NOT NULL,
    actor_login  text COLLATE "C" NOT NULL,
    action       text COLLATE "C" NOT NULL,
    subject_kind text COLLATE "C" NOT NULL,
    subject_id   text COLLATE "C" NOT NULL,
    detail       text        NOT NULL,
    prev         text        NOT NULL,
    hash         text        NOT NULL
);

-- The operator's filters, each in log order.
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_actor ON audit_log (actor_login, seq);
CREATE INDEX audit_log_subject ON audit_log (subject_kind, subject_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_head (
    id   integer NOT NULL PRIMARY KEY CHECK (id = 1),
    seq  bigint  NOT NULL,
    hash text    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION konfliktservice_append_only();

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit_log;
