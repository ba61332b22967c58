-- A reservation on a miner that offers capacity (our miner: several renters per machine) holds a share of it: what
-- the allocation takes. NULL cpus = the whole machine: an original Python miner (one renter per machine, as the
-- original), and every row written before this migration.
ALTER TABLE reservations ADD COLUMN cpus INTEGER;
ALTER TABLE reservations ADD COLUMN memory_bytes BIGINT;
ALTER TABLE reservations ADD COLUMN disk_bytes BIGINT;
ALTER TABLE reservations ADD COLUMN gpus INTEGER;
ALTER TABLE reservations ADD COLUMN ports INTEGER;
