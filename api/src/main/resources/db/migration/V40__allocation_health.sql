-- The health loop's memory, kept in the store so a new leader continues where the old one stopped (the original
-- kept its failure counters in memory and lost them on restart, reference §8.25). One row per probed allocation.
CREATE TABLE allocation_health (
    allocation_uuid  TEXT PRIMARY KEY,
    miner_hotkey     TEXT    NOT NULL,
    misses           INTEGER NOT NULL,
    down             BOOLEAN NOT NULL,
    not_owned        INTEGER NOT NULL DEFAULT 0,
    last_probe_at    BIGINT  NOT NULL,
    changed_at       BIGINT  NOT NULL
);
