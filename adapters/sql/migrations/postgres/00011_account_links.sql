-- Invitations, password resets and login throttling (issue 14, item 1;
-- docs/adr-accounts.md). Accounts gain the e-mail address their reset
-- links go to ('' for accounts made before). one_time_tokens keeps
-- invitations and resets by the SHA-256 of their token only; a use is a
-- conditional UPDATE (used_at IS NULL AND expires_at > now). login_failures
-- counts failed logins per login name, known or not, so that every node
-- throttles alike. Released migrations are never edited; add a new file.

-- +goose Up
ALTER TABLE accounts ADD COLUMN email text NOT NULL DEFAULT '';

CREATE TABLE one_time_tokens (
    id         text COLLATE "C" NOT NULL PRIMARY KEY,
    hash       text COLLATE "C" NOT NULL UNIQUE,
    purpose    text        NOT NULL,
    account_id text        NOT NULL,
    login      text        NOT NULL,
    role       text        NOT NULL,
    shop_id    text        NOT NULL,
    email      text        NOT NULL,
    lang       text        NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

-- The sweep of expired tokens.
CREATE INDEX one_time_tokens_expires ON one_time_tokens (expires_at);

CREATE TABLE login_failures (
    login          text COLLATE "C" NOT NULL PRIMARY KEY,
    failures       integer     NOT NULL,
    last_failed_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE one_time_tokens;
ALTER TABLE accounts DROP COLUMN email;
