/**
 * Everything the API persists, behind {@link io.computeregister.api.store.Store} (one implementation,
 * {@link io.computeregister.api.store.JdbiStore}, over SQLite or PostgreSQL; Flyway migrations in
 * {@code db/migration}). Every method is one transaction; a reservation's unique key is what keeps two requests off
 * one miner; every change to an allocation appends its event in the same transaction. Secrets are sealed at rest
 * ({@link io.computeregister.api.store.SecretBox}).
 */
package io.computeregister.api.store;
