-- Logins, shop API keys and web sessions. Released migrations are never
-- edited; add a new file. Only hashes of keys and session tokens are kept.

-- +goose Up
CREATE TABLE accounts (
    id            text COLLATE "C" NOT NULL PRIMARY KEY,
    login         text COLLATE "C" NOT NULL UNIQUE,
    role          text        NOT NULL,
    shop_id       text        NOT NULL,
    password_hash text        NOT NULL,
    disabled      boolean     NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE TABLE api_keys (
    id         text COLLATE "C" NOT NULL PRIMARY KEY,
    shop_id    text COLLATE "C" NOT NULL,
    label      text        NOT NULL,
    hash       text COLLATE "C" NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

-- A shop's keys, oldest first.
CREATE INDEX api_keys_shop ON api_keys (shop_id, created_at, id);

CREATE TABLE sessions (
    hash       text COLLATE "C" NOT NULL PRIMARY KEY,
    account_id text        NOT NULL,
    login      text        NOT NULL,
    role       text        NOT NULL,
    shop_id    text        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

-- The sweep of expired sessions.
CREATE INDEX sessions_expires ON sessions (expires_at);

-- +goose Down
DROP TABLE sessions;
DROP TABLE api_keys;
DROP TABLE accounts;
