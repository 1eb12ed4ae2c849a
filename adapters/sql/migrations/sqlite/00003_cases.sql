-- Dispute moderation cases and their append-only, hash-chained history.
-- Released migrations are never edited; add a new file.
-- Amounts are exact decimal text (never REAL); the columns that lists,
-- timers and the one-case rule read are real columns; the rest of the case
-- (fee, facts, pre-check, claim, offer, statements, draft, proposals,
-- settlement) is one JSON document in the adapter's storage format.

-- +goose Up
CREATE TABLE cases (
    id                TEXT    NOT NULL PRIMARY KEY,
    complaint_id      TEXT    NOT NULL,
    shop_id           TEXT    NOT NULL,
    lang              TEXT    NOT NULL,
    mode              TEXT    NOT NULL,
    state             TEXT    NOT NULL,
    requested_by      TEXT    NOT NULL,
    requested_on      TEXT,
    reason            TEXT    NOT NULL,
    cost_bearer       TEXT    NOT NULL,
    dispute_value     TEXT    NOT NULL,
    dispute_currency  TEXT    NOT NULL,
    payout_limit      TEXT    NOT NULL,
    limit_currency    TEXT    NOT NULL,
    file_complete_on  TEXT,
    deadline_kind     TEXT    NOT NULL,
    deadline_due      TEXT,
    deadline_remind   TEXT,
    deadline_reminded INTEGER NOT NULL CHECK (deadline_reminded IN (0, 1)),
    next_due          TEXT,
    doc               TEXT    NOT NULL,
    token_hash        TEXT    NOT NULL,
    history_count     INTEGER NOT NULL CHECK (history_count >= 0),
    history_head      TEXT    NOT NULL,
    version           INTEGER NOT NULL CHECK (version > 0),
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
) STRICT;

-- One complaint has at most one case that is not declined (a declined case
-- never leaves that state, so an update cannot break the rule).
CREATE UNIQUE INDEX cases_one_per_complaint ON cases (complaint_id) WHERE state <> 'declined';
-- Store.CasesByComplaint, in the order of creation, then ID.
CREATE INDEX cases_complaint ON cases (complaint_id, created_at, id);
-- Store.ListCases of one shop (by ID); all shops page over the primary key.
CREATE INDEX cases_shop ON cases (shop_id, id);
-- Store.DueCases: only cases waiting on someone.
CREATE INDEX cases_due ON cases (next_due, id) WHERE next_due IS NOT NULL;

CREATE TABLE case_history (
    case_id     TEXT    NOT NULL REFERENCES cases (id),
    seq         INTEGER NOT NULL CHECK (seq > 0),
    at          TEXT    NOT NULL,
    actor_role  TEXT    NOT NULL,
    actor_shop  TEXT    NOT NULL,
    actor_name  TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    edit_before TEXT    NOT NULL,
    edit_after  TEXT    NOT NULL,
    prev        TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    PRIMARY KEY (case_id, seq)
) STRICT, WITHOUT ROWID;

-- +goose StatementBegin
CREATE TRIGGER case_history_no_update BEFORE UPDATE ON case_history
BEGIN
    SELECT RAISE(ABORT, 'case_history is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER case_history_no_delete BEFORE DELETE ON case_history
BEGIN
    SELECT RAISE(ABORT, 'case_history is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE case_history;
DROP TABLE cases;
