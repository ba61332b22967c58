-- A terminal key exchanged through exchange_docker_key(key_type=terminal) gets its own slot: it used to overwrite the
-- renter's user key in ssh_key, so allocations_sql showed the console's terminal key as the renter's own.
ALTER TABLE allocations ADD COLUMN terminal_ssh_key TEXT;
