package io.computeregister.api.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens dedicated PostgreSQL connections outside the pool: an advisory lock and a LISTEN live exactly as long as
 * their session, so they must not sit on a pooled connection that someone else borrows or the pool recycles.
 * {@link #toString()} never shows the password.
 */
public final class PgConnector {

    private final String jdbcUrl;
    private final String user;
    private final String password;

    public PgConnector(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL URL: " + jdbcUrl.replaceAll("\\?.*", ""));
        }
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** A new connection in auto-commit mode; TCP keep-alive so a dead peer is noticed by the OS too. */
    public Connection open() throws SQLException {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "10");
        p.setProperty("ApplicationName", "compute-register-cluster");
        Connection c = DriverManager.getConnection(jdbcUrl, p);
        c.setAutoCommit(true);
        return c;
    }

    @Override
    public String toString() {
        return "PgConnector[" + jdbcUrl.replaceAll("\\?.*", "") + "]";
    }
}
