-- Erasure of personal data (GDPR Art. 17; issue 15, item 2;
-- docs/adr-data-protection.md). Released migrations are never edited; add
-- a new file.
-- The history stays append-only with one exception: an entry's detail may
-- be replaced by its tombstone ('erased sha256:' and 64 hex digits, the
-- digest of the erased text), nothing else of it may change
-- (complaint.Store.Erase rewrites internal notes so). The full-text index
-- deletes erased words from its pages at once ('secure-delete'), instead of
-- leaving them in older segments until a merge.

-- +goose Up
DROP TRIGGER complaint_history_no_update;

-- +goose StatementBegin
CREATE TRIGGER complaint_history_no_update BEFORE UPDATE ON complaint_history
WHEN NOT (new.detail GLOB 'erased sha256:[0-9a-f]*' AND length(new.detail) = 78
    AND new.complaint_id IS old.complaint_id AND new.seq IS old.seq AND new.at IS old.at
    AND new.actor_role IS old.actor_role AND new.actor_shop IS old.actor_shop AND new.actor_name IS old.actor_name
    AND new.action IS old.action AND new.prev IS old.prev AND new.hash IS old.hash)
BEGIN
    SELECT RAISE(ABORT, 'complaint_history is append-only');
END;
-- +goose StatementEnd

INSERT INTO complaints_fts (complaints_fts, rank) VALUES ('secure-delete', 1);

-- +goose Down
INSERT INTO complaints_fts (complaints_fts, rank) VALUES ('secure-delete', 0);
DROP TRIGGER complaint_history_no_update;

-- +goose StatementBegin
CREATE TRIGGER complaint_history_no_update BEFORE UPDATE ON complaint_history
BEGIN
    SELECT RAISE(ABORT, 'complaint_history is append-only');
END;
-- +goose StatementEnd
