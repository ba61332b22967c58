/**
 * What the API's tests share: the HTTP harness, one test per database ({@code @EachDatabase} over SQLite and embedded
 * PostgreSQL), fixtures, a mutable clock, and the in-memory miner fleet that answers as the real miner does
 * ({@code MinerClientContractTest}).
 */
package io.computeregister.api.testing;
