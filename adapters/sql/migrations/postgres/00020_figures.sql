-- Service figures per shop (issue 16 item 3; docs/adr-service-figures.md).
-- Released migrations are never edited; add a new file.
-- The shop's choice to show its figures to the public (off by default),
-- the order counts it reports per month (the first day of the month), and
-- the indexes the figures count by: a shop's complaints by forwarding day,
-- its mediation cases by request day.

-- +goose Up
ALTER TABLE shops ADD COLUMN public_figures boolean NOT NULL DEFAULT false;

CREATE TABLE shop_order_counts (
    shop_id    text        NOT NULL,
    month      date        NOT NULL,
    orders     bigint      NOT NULL CHECK (orders >= 0),
    PRIMARY KEY (shop_id, month)
);

CREATE INDEX complaints_shop_forwarded ON complaints (shop_id, forwarded_on) WHERE forwarded_on IS NOT NULL;
CREATE INDEX cases_shop_requested ON cases (shop_id, requested_on) WHERE requested_on IS NOT NULL;

-- +goose Down
DROP INDEX cases_shop_requested;
DROP INDEX complaints_shop_forwarded;
DROP TABLE shop_order_counts;
ALTER TABLE shops DROP COLUMN public_figures;
