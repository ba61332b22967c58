/**
 * Flyway's Java migrations, in the package Flyway scans for {@code classpath:db/migration} beside the SQL ones (for
 * what SQL shared by SQLite and PostgreSQL cannot say).
 */
package db.migration;
