-- The operators' audit log (issue 15, item 2; docs/adr-audit-log.md): one
-- hash-chained list of logins, bookings, article edits, re-queued events,
-- exports and erasures across the whole service. audit_head holds the last
-- entry's seq and hash in one row: an append takes it with an UPDATE (on
-- PostgreSQL a row lock that serialises appends across nodes), inserts the
-- entry chained to it and moves it on, in one transaction. Entries hold no
-- personal data of consumers, no passwords and no tokens; the triggers
-- refuse any change or removal. Released migrations are never edited.

-- +goose Up
CREATE TABLE audit_log (
    seq          INTEGER NOT NULL PRIMARY KEY CHECK (seq > 0),
    at           TEXT    NOT NULL,
    actor_role   TEXT    NOT NULL,
    actor_login  TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    subject_kind TEXT    NOT NULL,
    subject_id   TEXT    NOT NULL,
    detail       TEXT    NOT NULL,
    prev         TEXT    NOT NULL,
    hash         TEXT    NOT NULL
) STRICT;

-- The operator's filters, each in log order.
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_actor ON audit_log (actor_login, seq);
CREATE INDEX audit_log_subject ON audit_log (subject_kind, subject_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_head (
    id   INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
) STRICT;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit_log;
