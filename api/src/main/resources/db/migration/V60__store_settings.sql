-- Facts about the store itself, one row per name. 'secret_key_fingerprint' is an HMAC-SHA256, under the key that seals
-- passwords and webhook secrets (COMPUTE_SECRET_KEY), of a fixed text: never the key. A process whose key gives another
-- fingerprint refuses to start (store.SecretKeyCheck). The row is written at the first start, not here: a migration
-- does not know the key.
CREATE TABLE store_settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
