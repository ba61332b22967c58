-- The schema V1..V68 build, in one script: Flyway applies it to an empty store instead of the fourteen migrations
-- (a first start runs one migration, not fourteen), and never to a store that already has a version. What each
-- table and column is for is said in the migration that added it. Never edit this file: a change to the schema is a
-- new V migration, which both a baselined store and an upgraded one then apply. SchemaBaselineTest builds a store
-- both ways, on SQLite and PostgreSQL, and compares their schemas. The placeholders seq_pk and events_notify are
-- the vendor-specific pieces (Database sets them; Flyway replaces them even in a comment).

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
    updated_at        BIGINT  NOT NULL,
    specs_source      TEXT
);

CREATE TABLE reservations (
    miner_hotkey     TEXT    NOT NULL,
    slot             INTEGER NOT NULL,
    token            TEXT    NOT NULL UNIQUE,
    tenant_id        TEXT    NOT NULL,
    allocation_uuid  TEXT,
    created_at       BIGINT  NOT NULL,
    expires_at       BIGINT  NOT NULL,
    regkey           TEXT,
    intended_uuid    TEXT,
    cpus             INTEGER,
    memory_bytes     BIGINT,
    disk_bytes       BIGINT,
    gpus             INTEGER,
    ports            INTEGER,
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
    ended_at          BIGINT,
    paused            BOOLEAN NOT NULL DEFAULT FALSE,
    terminal_ssh_key  TEXT,
    cpus              INTEGER,
    gpus              INTEGER,
    memory_bytes      BIGINT,
    disk_bytes        BIGINT,
    ports             TEXT
);
CREATE INDEX allocations_by_miner  ON allocations (miner_hotkey, state);
CREATE INDEX allocations_by_tenant ON allocations (tenant_id, state);

CREATE TABLE tenants (
    id          TEXT PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    is_admin    BOOLEAN NOT NULL,
    created_at  BIGINT  NOT NULL
);

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

CREATE TABLE events (
    seq              ${seq_pk},
    type             TEXT   NOT NULL,
    allocation_uuid  TEXT,
    payload          TEXT   NOT NULL,
    created_at       BIGINT NOT NULL
);

CREATE TABLE allocation_health (
    allocation_uuid  TEXT PRIMARY KEY,
    miner_hotkey     TEXT    NOT NULL,
    misses           INTEGER NOT NULL,
    down             BOOLEAN NOT NULL,
    not_owned        INTEGER NOT NULL DEFAULT 0,
    last_probe_at    BIGINT  NOT NULL,
    changed_at       BIGINT  NOT NULL
);

CREATE TABLE webhooks (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT   NOT NULL,
    url         TEXT   NOT NULL,
    secret_enc  TEXT   NOT NULL,
    format      TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    deleted_at  BIGINT
);
CREATE INDEX webhooks_by_tenant ON webhooks (tenant_id);

CREATE TABLE webhook_deliveries (
    webhook_id       TEXT    NOT NULL,
    event_seq        BIGINT  NOT NULL,
    order_key        TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT  NOT NULL,
    created_at       BIGINT  NOT NULL,
    delivered_at     BIGINT,
    failed_at        BIGINT,
    last_error       TEXT,
    PRIMARY KEY (webhook_id, event_seq)
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (delivered_at, failed_at, event_seq);
CREATE INDEX webhook_deliveries_by_group ON webhook_deliveries (webhook_id, order_key, event_seq);

CREATE TABLE webhook_fanout (
    event_seq  BIGINT PRIMARY KEY
);

CREATE TABLE webhook_watermark (
    name      TEXT PRIMARY KEY,
    last_seq  BIGINT NOT NULL
);
INSERT INTO webhook_watermark (name, last_seq) VALUES ('fanout', 0);

CREATE TABLE store_settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE store_versions (
    name     TEXT   PRIMARY KEY,
    version  BIGINT NOT NULL
);
INSERT INTO store_versions (name, version) VALUES ('miners', 0);

${events_notify}
