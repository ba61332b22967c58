-- Container ports an allocation publishes besides SSH (docker_requirement.ports), each on a host port of the miner's
-- range: held while the allocation lives, re-held when the miner restarts, given back when it is removed.
CREATE TABLE allocation_port (
    allocation_id   TEXT    NOT NULL REFERENCES allocation (id),
    container_port  INTEGER NOT NULL,
    host_port       INTEGER NOT NULL,
    PRIMARY KEY (allocation_id, container_port)
);
