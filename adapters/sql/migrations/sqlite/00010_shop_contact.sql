-- A shop's contact for complaints (issue 13.4): e-mail, phone and the hours
-- the phone is answered, public on the ID page. Shops registered before
-- have none (''). Released migrations are never edited; add a new file.

-- +goose Up
ALTER TABLE shops ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN contact_hours TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE shops DROP COLUMN contact_hours;
ALTER TABLE shops DROP COLUMN contact_phone;
ALTER TABLE shops DROP COLUMN contact_email;
