package io.computeregister.api.e2e;

import io.computeregister.api.testing.TestDb;

/** The sandbox end-to-end scenario with the API's store on (embedded) PostgreSQL instead of SQLite. */
class SandboxEndToEndPostgresTest extends SandboxEndToEndTest {

    @Override
    String databaseUrl() {
        return TestDb.newPostgresUrl();
    }
}
