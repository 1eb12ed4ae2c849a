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
    shop_id        TEXT PRIMARY KEY,
    email          TEXT NOT NULL DEFAULT '',
    webhook_url    TEXT NOT NULL DEFAULT '',
    secret         TEXT NOT NULL DEFAULT '',
    previous       TEXT NOT NULL DEFAULT '',
    previous_until TEXT,
    secret_set_at  TEXT,
    version        INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE shop_reads (
    complaint_id TEXT PRIMARY KEY,
    read_at      TEXT NOT NULL
);

-- +goose Down
DROP TABLE shop_reads;
DROP TABLE shop_notify;
