/**
 * Scale-out on PostgreSQL: one leader among the replicas ({@link io.computeregister.api.cluster.PgAdvisoryLeader},
 * {@code pg_try_advisory_lock} on a dedicated connection), and events announced to every replica
 * ({@link io.computeregister.api.cluster.PgEventNotifier}, LISTEN/NOTIFY fed by a trigger on {@code events}). With
 * SQLite, {@link io.computeregister.api.cluster.SoleLeader}: one process does everything.
 */
package io.computeregister.api.cluster;
