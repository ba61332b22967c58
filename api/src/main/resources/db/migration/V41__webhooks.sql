-- Renters' webhook endpoints. The signing secret is sealed with the store's SecretBox (it must be read back to sign).
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

-- One row per webhook x event: the delivery's own retry state. order_key groups what must arrive in order (the
-- allocation uuid, or '' for events without one): a row is only sent once every earlier row of its group is done.
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

-- Events already fanned out to deliveries above the watermark; the watermark only passes events older than a
-- minute, so an event whose transaction commits after a later-numbered one is still picked up (no gap is skipped).
CREATE TABLE webhook_fanout (
    event_seq  BIGINT PRIMARY KEY
);
CREATE TABLE webhook_watermark (
    name      TEXT PRIMARY KEY,
    last_seq  BIGINT NOT NULL
);
INSERT INTO webhook_watermark (name, last_seq) VALUES ('fanout', 0);
