-- Erasure of personal data (GDPR Art. 17; issue 15, item 2;
-- docs/adr-data-protection.md). Released migrations are never edited; add
-- a new file.
-- The history stays append-only with one exception: an entry's detail may
-- be replaced by its tombstone ('erased sha256:' and 64 hex digits, the
-- digest of the erased text), nothing else of it may change
-- (complaint.Store.Erase rewrites internal notes so). Deletes and
-- truncation stay refused.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION konfliktservice_history_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.detail ~ '^erased sha256:[0-9a-f]{64}$'
        AND (NEW.complaint_id, NEW.seq, NEW.at, NEW.actor_role, NEW.actor_shop, NEW.actor_name, NEW.action,
             NEW.prev, NEW.hash)
        IS NOT DISTINCT FROM (OLD.complaint_id, OLD.seq, OLD.at, OLD.actor_role, OLD.actor_shop, OLD.actor_name,
             OLD.action, OLD.prev, OLD.hash) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
-- +goose StatementEnd

DROP TRIGGER complaint_history_append_only ON complaint_history;
CREATE TRIGGER complaint_history_append_only BEFORE DELETE ON complaint_history
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_append_only();
CREATE TRIGGER complaint_history_erasure_only BEFORE UPDATE ON complaint_history
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_history_erasure();

-- +goose Down
DROP TRIGGER complaint_history_erasure_only ON complaint_history;
DROP TRIGGER complaint_history_append_only ON complaint_history;
CREATE TRIGGER complaint_history_append_only BEFORE UPDATE OR DELETE ON complaint_history
    FOR EACH ROW EXECUTE FUNCTION konfliktservice_append_only();
DROP FUNCTION konfliktservice_history_erasure();
