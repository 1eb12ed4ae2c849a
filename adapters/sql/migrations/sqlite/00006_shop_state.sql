-- The federal state of a shop's seat (rules revision 2): its public holidays
-- end the shop's periods in the pre-check (BGB §193). Shops registered
-- before have none (''). Released migrations are never edited; add a new file.

-- +goose Up
ALTER TABLE shops ADD COLUMN state TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE shops DROP COLUMN state;
