-- The device indices of the GPUs an allocation holds, comma-separated ascending ("" for none), so that two
-- allocations never get the same card (Docker's device request by count always takes the first cards). Rows written
-- before this column hold their GPUs by count only: '' here, and the count still limits what is free.
ALTER TABLE allocation ADD COLUMN gpu_ids TEXT NOT NULL DEFAULT '';
