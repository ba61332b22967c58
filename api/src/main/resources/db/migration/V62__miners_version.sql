-- A counter every write to miners moves in its own transaction (JdbiStore.minersVersion): the placement index and
-- the lists that follow it reload the miners only when it moved, instead of reading every row every few seconds.
-- The row lock serialises the increments, so a reader that sees version N sees every miner write counted in N.
CREATE TABLE store_versions (
    name     TEXT   PRIMARY KEY,
    version  BIGINT NOT NULL
);
INSERT INTO store_versions (name, version) VALUES ('miners', 0);
