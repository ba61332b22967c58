-- What each allocation took, for usage and billing: our miner's share (the reservation's claim), an original miner's
-- whole machine. NULL for allocations made before this migration (counted as taking nothing).
ALTER TABLE allocations ADD COLUMN cpus INTEGER;
ALTER TABLE allocations ADD COLUMN gpus INTEGER;
ALTER TABLE allocations ADD COLUMN memory_bytes BIGINT;
ALTER TABLE allocations ADD COLUMN disk_bytes BIGINT;
