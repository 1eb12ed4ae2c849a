-- Invitations, password resets and login throttling (issue 14, item 1;
-- docs/adr-accounts.md). Accounts gain the e-mail address their reset
-- links go to ('' for accounts made before). one_time_tokens keeps
-- invitations and resets by the SHA-256 of their token only; a use is a
-- conditional UPDATE (used_at IS NULL AND expires_at > now). login_failures
-- counts failed logins per login name, known or not, so that every node
-- throttles alike. Released migrations are never edited; add a new file.

-- +goose Up
ALTER TABLE accounts ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE one_time_tokens (
    id         TEXT NOT NULL PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,
    purpose    TEXT NOT NULL,
    account_id TEXT NOT NULL,
    login      TEXT NOT NULL,
    role       TEXT NOT NULL,
    shop_id    TEXT NOT NULL,
    email      TEXT NOT NULL,
    lang       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
) STRICT;

-- The sweep of expired tokens.
CREATE INDEX one_time_tokens_expires ON one_time_tokens (expires_at);

CREATE TABLE login_failures (
    login          TEXT    NOT NULL PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failed_at TEXT    NOT NULL
) STRICT;

-- +goose Down
DROP TABLE login_failures;
DROP TABLE one_time_tokens;
ALTER TABLE accounts DROP COLUMN email;
