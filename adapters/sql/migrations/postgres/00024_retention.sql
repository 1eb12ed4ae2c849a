-- The retention engine reads only what is due, and the audit log can be
-- pruned (issue 15, item 2; docs/adr-retention.md). Released migrations are
-- never edited; add a new file.
-- complaints.erased: the complaint's personal data were erased (written by
-- ComplaintStore.Erase; back-filled from the history's "erased" entries).
-- complaints_retention: only the ended complaints not erased, by the day
-- they ended, for ComplaintStore.DueForErasure.
-- cases.settled_on: the day (Europe/Berlin) the case was settled;
-- cases.settlement_erased: its settlement was erased at the end of its own
-- period. cases_settlement_retention: only the settlements kept, by that day.
-- case_history: an entry's detail, edit_before and edit_after may each be
-- replaced by its tombstone ('erased sha256:' and 64 hex digits), nothing
-- else (CaseStore.Erase, the settlement's erasure step, rewrites the
-- drafts' options so); deletes and truncation stay refused.
-- audit_head.pruned_seq: the last entry of the audit log's pruned prefix
-- (0: none); deletes of entries up to it pass, every other change or
-- removal stays refused (AuditLog.Prune moves it, deletes them and appends
-- the checkpoint entry audit.pruned in one transaction).

-- +goose Up
ALTER TABLE complaints ADD COLUMN erased boolean NOT NULL DEFAULT false;
UPDATE complaints SET erased = true WHERE EXISTS (
    SELECT 1 FROM complaint_history h WHERE h.complaint_id = complaints.id AND h.action = 'erased');
CREATE INDEX complaints_retention ON complaints (ended_on, id) WHERE ended_on IS NOT NULL AND NOT erased;

ALTER TABLE cases ADD COLUMN settled_on date;
ALTER TABLE cases ADD COLUMN settlement_erased boolean NOT NULL DEFAULT false;
UPDATE cases SET settled_on = ((doc -> 'settlement' ->> 'settled_at')::timestamptz AT TIME ZONE 'Europe/Berlin')::date
    WHERE doc -> 'settlement' ->> 'settled_at' IS NOT NULL;
CREATE INDEX cases_settlement_retention ON cases (settled_on, id)
    WHERE settled_on IS NOT NULL AND NOT settlement_erased;

-- +goose StatementBegin
CREATE FUNCTION konfliktservice_case_history_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.detail = OLD.detail OR NEW.detail ~ '^erased sha256:[0-9a-f]{64}$')
        AND (NEW.edit_before = OLD.edit_before OR NEW.edit_before ~ '^erased sha256:[0-9a-f]{64}$')
        AND (NEW.edit_after = OLD.edit_after OR NEW.edit_after ~ '^erased sha256:[0-9a-f]{64}$')
        AND (NEW.case_id, NEW.seq, NEW.at, NEW.actor_role, NEW.actor_shop, NEW.actor_name, NEW.action,
             NEW.prev, NEW.hash)
        IS NOT DISTINCT FROM (OLD.case_id, OLD.seq, OLD.at, OLD.actor_role, OLD.actor_shop, OLD.actor_name,
             OLD.action, OLD.prev, OLD.hash) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
-- +goose StatementEnd
DROP TRIGGER case_history_append_only ON case_history;
CREATE TRIGGER case_history_append_only BEFORE DELETE ON case_history
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_append_only();
CREATE TRIGGER case_history_erasure_only BEFORE UPDATE ON case_history
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_case_history_erasure();

ALTER TABLE audit_head ADD COLUMN pruned_seq bigint NOT NULL DEFAULT 0 CHECK (pruned_seq >= 0);
-- +goose StatementBegin
CREATE FUNCTION konfliktservice_audit_prune_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.seq <= (SELECT pruned_seq FROM audit_head WHERE id = 1) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
-- +goose StatementEnd
DROP TRIGGER audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_append_only();
CREATE TRIGGER audit_log_prune_only BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_audit_prune_only();

-- +goose Down
DROP TRIGGER audit_log_prune_only ON audit_log;
DROP TRIGGER audit_log_no_update ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_append_only();
DROP FUNCTION konfliktservice_audit_prune_only();
ALTER TABLE audit_head DROP COLUMN pruned_seq;
DROP TRIGGER case_history_erasure_only ON case_history;
DROP TRIGGER case_history_append_only ON case_history;
CREATE TRIGGER case_history_append_only BEFORE UPDATE OR DELETE ON case_history
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_append_only();
DROP FUNCTION konfliktservice_case_history_erasure();
DROP INDEX cases_settlement_retention;
ALTER TABLE cases DROP COLUMN settlement_erased;
ALTER TABLE cases DROP COLUMN settled_on;
DROP INDEX complaints_retention;
ALTER TABLE complaints DROP COLUMN erased;
