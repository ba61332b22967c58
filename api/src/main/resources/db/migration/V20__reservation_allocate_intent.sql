-- Write-ahead for crash safety: before the Allocate call leaves the API, the pending reservation records the
-- regkey (the RSA public key PEM the miner will own the container by; never the private key) and the uuid the
-- allocation will get. A process that dies mid-call leaves these behind; at the next start (and in the periodic sweep
-- of expired pending rows) the API asks the miner to deallocate with that regkey, then releases the row.
ALTER TABLE reservations ADD COLUMN regkey TEXT;
ALTER TABLE reservations ADD COLUMN intended_uuid TEXT;
