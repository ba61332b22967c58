/**
 * End-to-end tests of the register API through real parts: real miners (sandbox runtime and Docker), the real
 * dendrite, SQLite and PostgreSQL, an SSH login at the end of each allocation.
 */
package io.computeregister.api.e2e;
