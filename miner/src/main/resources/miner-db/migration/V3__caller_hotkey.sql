-- The hotkey of the dendrite that asked for each allocation, so a probe can tell a caller how many it holds here.
-- Rows written before this column: '' (no caller known; they count for nobody).
ALTER TABLE allocation ADD COLUMN caller_hotkey TEXT NOT NULL DEFAULT '';
-- One live allocation per renter key is decided in the admitting transaction; this makes that lookup cheap.
CREATE INDEX allocation_live_key ON allocation (renter_public_key) WHERE state <> 'removed';
