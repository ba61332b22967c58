-- A paused allocation is still held by its renter (state stays 'active', so deallocate, expiry and placement treat
-- it as any other); the flag records what the renter asked the miner to do (pause_docker / unpause_docker).
ALTER TABLE allocations ADD COLUMN paused BOOLEAN NOT NULL DEFAULT FALSE;
