package io.computeregister.api.e2e;

import io.computeregister.api.testing.TestDb;

/** {@link RealMinerConcurrencyTest} with the API's store on PostgreSQL (each miner's share taken under a row lock). */
class RealMinerConcurrencyPostgresTest extends RealMinerConcurrencyTest {

    @Override
    String databaseUrl() {
        return TestDb.newPostgresUrl();
    }
}
