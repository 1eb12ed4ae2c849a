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
DROP INDEX cases_settlement_retention;
ALTER TABLE cases DROP COLUMN settlement_erased;
ALTER TABLE cases DROP COLUMN settled_on;
DROP INDEX complaints_retention;
ALTER TABLE complaints DROP COLUMN erased;
