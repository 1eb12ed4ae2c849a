-- Where a shop's notifications go (issue 14 item 2,
-- docs/adr-shop-notifications.md): the e-mail address, the webhook URL and
-- its signing secrets, edited by the shop and read by the relay at send
-- time. The secrets are kept in clear: an HMAC key cannot be hashed.
-- previous signs beside secret until previous_until (a rotation's grace).
-- shop_reads: when the shop last opened each complaint, for its unread
-- marker (issue 14 item 3; complaint.ShopReads).
-- Released migrations are never edited; add a new file.

-- +goose Up
CREATE TABLE shop_notify (
    shop_id        text PRIMARY KEY,
    email          text NOT NULL DEFAULT '',
    webhook_url    text NOT NULL DEFAULT '',
    secret         text NOT NULL DEFAULT '',
    previous       text NOT NULL DEFAULT '',
    previous_until timestamptz,
    secret_set_at  timestamptz,
    version        integer NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE shop_reads (
    complaint_id text PRIMARY KEY,
    read_at      timestamptz NOT NULL
);

-- +goose Down
DROP TABLE shop_reads;
DROP TABLE shop_notify;
