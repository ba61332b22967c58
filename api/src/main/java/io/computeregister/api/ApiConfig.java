package io.computeregister.api;

import io.computeregister.api.auth.AuthMode;
import java.nio.file.Path;
import java.util.List;

/**
 * The API process's configuration, validated once at start (conflicts fail naming the option).
 *
 * @param dbUrl     JDBC URL; null means SQLite at {@code <dataDir>/compute.db}
 * @param allowlist CIDRs allowed to call the API; empty = everyone (required non-empty with {@code auth=NONE} unless
 *                  the host is loopback)
 */
public record ApiConfig(
        String host,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        AuthMode auth,
        List<String> allowlist,
        boolean verifySsh) {

    public ApiConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        if (dataDir == null) throw new IllegalArgumentException("--data-dir is required");
        allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
        if (auth == AuthMode.NONE && allowlist.isEmpty() && !isLoopback(host)) {
            throw new IllegalArgumentException(
                    "--auth none on a non-loopback --host needs an --allow list of CIDRs (anyone could allocate)");
        }
    }

    public static ApiConfig defaults(Path dataDir) {
        return new ApiConfig("127.0.0.1", 8903, dataDir, null, null, null, AuthMode.KEYS, List.of(), true);
    }

    public String effectiveDbUrl() {
        return dbUrl != null ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("compute.db");
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }
}
