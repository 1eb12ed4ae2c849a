-- Settlements carried out (issue 16, item 2; docs/adr-settlement-obligations.md).
-- Released migrations are never edited; add a new file.
-- A settled case carries its obligations in its document; the store writes
-- the day a missed obligation reopened the case for the operator into a
-- column of its own with every Create and Update, so the operator's list
-- of reopened cases (mediation.Filter.Reopened) reads an index, not every
-- document. Cases stored before have no obligations and are not reopened.

-- +goose Up
ALTER TABLE cases ADD COLUMN reopened_on TEXT;
CREATE INDEX cases_reopened ON cases (id) WHERE reopened_on IS NOT NULL;

-- +goose Down
DROP INDEX cases_reopened;
ALTER TABLE cases DROP COLUMN reopened_on;
