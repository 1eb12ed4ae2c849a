-- Dispute moderation cases and their append-only, hash-chained history.
-- Released migrations are never edited; add a new file.
-- Amounts are numeric (exact, scale kept; never float); the columns that
-- lists, timers and the one-case rule read are real columns; the rest of
-- the case (fee, facts, pre-check, claim, offer, statements, draft,
-- proposals, settlement) is one jsonb document in the adapter's storage
-- format, amounts in it as decimal strings.

-- +goose Up
CREATE TABLE cases (
    id                text COLLATE "C" NOT NULL PRIMARY KEY,
    complaint_id      text COLLATE "C" NOT NULL,
    shop_id           text COLLATE "C" NOT NULL,
    lang              text        NOT NULL,
    mode              text        NOT NULL,
    state             text        NOT NULL,
    requested_by      text        NOT NULL,
    requested_on      date,
    reason            text        NOT NULL,
    cost_bearer       text        NOT NULL,
    dispute_value     numeric     NOT NULL,
    dispute_currency  text        NOT NULL,
    payout_limit      numeric     NOT NULL,
    limit_currency    text        NOT NULL,
    file_complete_on  date,
    deadline_kind     text        NOT NULL,
    deadline_due      date,
    deadline_remind   date,
    deadline_reminded boolean     NOT NULL,
    next_due          date,
    doc               jsonb       NOT NULL,
    token_hash        text        NOT NULL,
    history_count     integer     NOT NULL CHECK (history_count >= 0),
    history_head      text        NOT NULL,
    version           integer     NOT NULL CHECK (version > 0),
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);

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
    case_id     text COLLATE "C" NOT NULL REFERENCES cases (id),
    seq         integer     NOT NULL CHECK (seq > 0),
    at          timestamptz NOT NULL,
    actor_role  text        NOT NULL,
    actor_shop  text        NOT NULL,
    actor_name  text        NOT NULL,
    action      text        NOT NULL,
    detail      text        NOT NULL,
    edit_before text        NOT NULL,
    edit_after  text        NOT NULL,
    prev        text        NOT NULL,
    hash        text        NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TRIGGER case_history_append_only BEFORE UPDATE OR DELETE ON case_history
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_append_only();
CREATE TRIGGER case_history_no_truncate BEFORE TRUNCATE ON case_history
    FOR EACH STATEMENT EXECUTE FUNCTION konfliktservice_append_only();

-- +goose Down
DROP TABLE case_history;
DROP TABLE cases;
