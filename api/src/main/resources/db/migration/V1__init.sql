-- Runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds (BIGINT) so both databases
-- compare them the same way; ${seq_pk} is the one vendor-specific piece (auto-increment key), set by Database.

-- Miners as the metagraph and their spec reports describe them. blocked/blocked_reason belong to the operator
-- and are never overwritten by a metagraph or specs refresh.
CREATE TABLE miners (
    hotkey            TEXT PRIMARY KEY,
    uid               INTEGER,
    ip                TEXT    NOT NULL,
    port              INTEGER NOT NULL,
    specs             TEXT,
    specs_updated_at  BIGINT,
    health            TEXT    NOT NULL DEFAULT 'unknown',
    last_seen         BIGINT,
    blocked           BOOLEAN NOT NULL DEFAULT FALSE,
    blocked_reason    TEXT,
    updated_at        BIGINT  NOT NULL
);

-- A row holds one slot of one miner: from the moment a request picks it (pending, short expiry) through the
-- allocation's whole life (expires with the allocation). The primary key is what makes double-booking impossible.
CREATE TABLE reservations (
    miner_hotkey     TEXT    NOT NULL,
    slot             INTEGER NOT NULL,
    token            TEXT    NOT NULL UNIQUE,
    tenant_id        TEXT    NOT NULL,
    allocation_uuid  TEXT,
    created_at       BIGINT  NOT NULL,
    expires_at       BIGINT  NOT NULL,
    PRIMARY KEY (miner_hotkey, slot)
);

CREATE TABLE allocations (
    uuid              TEXT PRIMARY KEY,
    miner_hotkey      TEXT    NOT NULL,
    tenant_id         TEXT    NOT NULL,
    state             TEXT    NOT NULL,
    resource          TEXT    NOT NULL,
    ssh_host          TEXT    NOT NULL,
    ssh_port          INTEGER NOT NULL,
    ssh_username      TEXT    NOT NULL,
    ssh_password_enc  TEXT    NOT NULL,
    ssh_key           TEXT    NOT NULL,
    regkey            TEXT    NOT NULL,
    miner_version     INTEGER NOT NULL,
    timeline_days     INTEGER NOT NULL,
    created_at        BIGINT  NOT NULL,
    expires_at        BIGINT  NOT NULL,
    ended_at          BIGINT
);
CREATE INDEX allocations_by_miner  ON allocations (miner_hotkey, state);
CREATE INDEX allocations_by_tenant ON allocations (tenant_id, state);

CREATE TABLE tenants (
    id          TEXT PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    is_admin    BOOLEAN NOT NULL,
    created_at  BIGINT  NOT NULL
);

-- Only a SHA-256 of the key is stored; prefix is the part shown in listings and logs.
CREATE TABLE api_keys (
    key_hash    TEXT PRIMARY KEY,
    prefix      TEXT   NOT NULL,
    tenant_id   TEXT   NOT NULL REFERENCES tenants (id),
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);

CREATE TABLE idempotency_keys (
    tenant_id        TEXT   NOT NULL,
    idem_key         TEXT   NOT NULL,
    request_hash     TEXT   NOT NULL,
    allocation_uuid  TEXT,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, idem_key)
);

-- The outbox: written in the same transaction as the state change it describes.
CREATE TABLE events (
    seq              ${seq_pk},
    type             TEXT   NOT NULL,
    allocation_uuid  TEXT,
    payload          TEXT   NOT NULL,
    created_at       BIGINT NOT NULL
);
