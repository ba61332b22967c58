-- The extra container ports an allocation publishes (docker_requirement.ports) and the host port our miner mapped
-- each to, as JSON ({"8888": 42011}); NULL when none.
ALTER TABLE allocations ADD COLUMN ports TEXT;
