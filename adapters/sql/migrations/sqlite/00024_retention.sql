-- The retention engine reads only what is due, and the audit log can be
-- pruned (issue 15, item 2; docs/adr-retention.md). Released migrations are
-- never edited; add a new file.
-- complaints.erased: the complaint's personal data were erased (written by
-- ComplaintStore.Erase; back-filled from the history's "erased" entries).
-- complaints_retention: only the ended complaints not erased, by the day
-- they ended, for ComplaintStore.DueForErasure.
-- cases.settled_on: the day (Europe/Berlin) the case was settled;
-- cases.settlement_erased: its settlement was erased at the end of its own
-- period. The back-fill reads the day from the case document in UTC+1,
-- which is Berlin's offset at every New Year, so the year the retention
-- counts from is exact; rows written after it carry the Berlin day.
-- cases_settlement_retention: only the settlements kept, by that day.
-- case_history: an entry's detail, edit_before and edit_after may each be
-- replaced by its tombstone ('erased sha256:' and 64 hex digits), nothing
-- else (CaseStore.Erase, the settlement's erasure step, rewrites the
-- drafts' options so); deletes stay refused.
-- audit_head.pruned_seq: the last entry of the audit log's pruned prefix
-- (0: none); the delete trigger now lets entries up to it go, and only
-- those (AuditLog.Prune moves it, deletes them and appends the checkpoint
-- entry audit.pruned in one transaction). Updates stay refused.

-- +goose Up
ALTER TABLE complaints ADD COLUMN erased INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1));
UPDATE complaints SET erased = 1 WHERE EXISTS (
    SELECT 1 FROM complaint_history h WHERE h.complaint_id = complaints.id AND h.action = 'erased');
CREATE INDEX complaints_retention ON complaints (ended_on, id) WHERE ended_on IS NOT NULL AND NOT erased;

ALTER TABLE cases ADD COLUMN settled_on TEXT;
ALTER TABLE cases ADD COLUMN settlement_erased INTEGER NOT NULL DEFAULT 0 CHECK (settlement_erased IN (0, 1));
UPDATE cases SET settled_on = date(json_extract(doc, '$.settlement.settled_at'), '+1 hour')
    WHERE json_extract(doc, '$.settlement.settled_at') IS NOT NULL;
CREATE INDEX cases_settlement_retention ON cases (settled_on, id)
    WHERE settled_on IS NOT NULL AND NOT settlement_erased;

DROP TRIGGER case_history_no_update;
-- +goose StatementBegin
CREATE TRIGGER case_history_no_update BEFORE UPDATE ON case_history
WHEN NOT ((new.detail IS old.detail OR (new.detail GLOB 'erased sha256:[0-9a-f]*' AND length(new.detail) = 78))
    AND (new.edit_before IS old.edit_before
        OR (new.edit_before GLOB 'erased sha256:[0-9a-f]*' AND length(new.edit_before) = 78))
    AND (new.edit_after IS old.edit_after
        OR (new.edit_after GLOB 'erased sha256:[0-9a-f]*' AND length(new.edit_after) = 78))
    AND new.case_id IS old.case_id AND new.seq IS old.seq AND new.at IS old.at
    AND new.actor_role IS old.actor_role AND new.actor_shop IS old.actor_shop AND new.actor_name IS old.actor_name
    AND new.action IS old.action AND new.prev IS old.prev AND new.hash IS old.hash)
BEGIN
    SELECT RAISE(ABORT, 'case_history is append-only');
END;
-- +goose StatementEnd

ALTER TABLE audit_head ADD COLUMN pruned_seq INTEGER NOT NULL DEFAULT 0 CHECK (pruned_seq >= 0);
DROP TRIGGER audit_log_no_delete;
-- +goose StatementBegin
CREATE TRIGGER audit_log_prune_only BEFORE DELETE ON audit_log
WHEN OLD.seq > (SELECT pruned_seq FROM audit_head WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_log_prune_only;
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
ALTER TABLE audit_head DROP COLUMN pruned_seq;
DROP TRIGGER case_history_no_update;
-- +goose StatementBegin
CREATE TRIGGER case_history_no_update BEFORE UPDATE ON case_history
BEGIN
    SELECT RAISE(ABORT, 'case_history is append-only');
END;
-- +goose StatementEnd
DROP INDEX cases_settlement_retention;
ALTER TABLE cases DROP COLUMN settlement_erased;
ALTER TABLE cases DROP COLUMN settled_on;
DROP INDEX complaints_retention;
ALTER TABLE complaints DROP COLUMN erased;
