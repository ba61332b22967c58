-- The miner's allocations. Times are epoch milliseconds (UTC).
CREATE TABLE allocation (
    id                TEXT    NOT NULL PRIMARY KEY,
    renter_public_key TEXT    NOT NULL,
    ssh_port          INTEGER NOT NULL,
    cpus              REAL    NOT NULL CHECK (cpus >= 0),
    memory_bytes      INTEGER NOT NULL CHECK (memory_bytes >= 0),
    gpus              INTEGER NOT NULL CHECK (gpus >= 0),
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    state             TEXT    NOT NULL CHECK (state IN ('active', 'paused', 'removed')),
    runtime           TEXT    NOT NULL
);

-- A port belongs to at most one allocation that is not removed.
CREATE UNIQUE INDEX allocation_live_port ON allocation (ssh_port) WHERE state <> 'removed';
CREATE INDEX allocation_state_expires ON allocation (state, expires_at);
