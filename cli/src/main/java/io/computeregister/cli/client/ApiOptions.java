package io.computeregister.cli.client;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every renter command shares: where the API is, the key, JSON output, and the local state dir. */
public final class ApiOptions {

    static final String DEFAULT_API = "http://127.0.0.1:8903";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--api", paramLabel = "URL",
            description = "Register API base URL (env COMPUTE_API; default " + DEFAULT_API + ").")
    String api;

    @Option(names = "--key", paramLabel = "KEY",
            description = "API key sent as 'Authorization: Bearer KEY' (env COMPUTE_API_KEY; prefer the env var, "
                    + "a command line is visible to other users).")
    String key;

    @Option(names = "--json", description = "Print the API's data as JSON (for scripts) instead of a table.")
    boolean json;

    @Option(names = "--home", paramLabel = "DIR", hidden = true,
            description = "Where allocation credentials are kept (env COMPUTE_HOME; default ~/.compute).")
    Path home;

    public RegisterClient client() {
        String url = api != null ? api : env("COMPUTE_API", DEFAULT_API);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--api: not a URL: " + url);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--api must be an http:// or https:// URL, got " + url);
        }
        return new RegisterClient(uri, key != null ? key : env("COMPUTE_API_KEY", null));
    }

    public CredentialStore store() {
        Path dir = home != null ? home
                : Path.of(env("COMPUTE_HOME", Path.of(System.getProperty("user.home"), ".compute").toString()));
        return new CredentialStore(dir.resolve("allocations"));
    }

    public boolean json() {
        return json;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
