-- The re-checks of a complaint under later pre-check rules (issue 12, item
-- 6; docs/adr-recheck.md): one JSON document per complaint, a list of
-- records beside the filed pre-check, which stays as it was. Complaints
-- stored before have none ('[]'). Released migrations are never edited;
-- add a new file.

-- +goose Up
ALTER TABLE complaints ADD COLUMN rechecks jsonb NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE complaints DROP COLUMN rechecks;
