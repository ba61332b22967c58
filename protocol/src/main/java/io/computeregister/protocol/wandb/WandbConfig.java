package io.computeregister.protocol.wandb;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how to reach W&amp;B, read from the same variables the W&amp;B clients read. Off unless
 * {@code WANDB_API_KEY} is set: {@link #fromEnv} then returns empty and nothing talks to W&amp;B.
 *
 * @param baseUrl {@code WANDB_BASE_URL}, default {@code https://api.wandb.ai} (GraphQL at {@code /graphql})
 * @param entity  {@code WANDB_ENTITY}, default {@code neuralinternet} (the original's project owner, docs/protocol.md
 *                §1.5)
 * @param project {@code WANDB_PROJECT}, default {@code opencompute}
 * @param netuid  the subnet whose runs count ({@code config.config.netuid}), default 27
 * @param runId   {@code WANDB_RUN_ID}: the run this process writes, as the W&amp;B client reads it (the API: the
 *                validator run; a miner: its own run); null = found or created as each process does
 * @param apiKey  secret: never logged, never in {@link #toString()} or an exception
 * @param timeout bound of every call (connect and answer)
 */
public record WandbConfig(URI baseUrl, String entity, String project, int netuid, String runId, String apiKey,
                          Duration timeout) {

    public static final URI DEFAULT_BASE = URI.create("https://api.wandb.ai");
    public static final int DEFAULT_NETUID = 27;

    public WandbConfig {
        if (baseUrl == null || baseUrl.getHost() == null
                || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("WANDB_BASE_URL must be an http(s) URL, got " + baseUrl);
        }
        if (entity == null || entity.isBlank()) throw new IllegalArgumentException("WANDB_ENTITY is empty");
        if (project == null || project.isBlank()) throw new IllegalArgumentException("WANDB_PROJECT is empty");
        if (apiKey == null || apiKey.isBlank()) throw new IllegalArgumentException("WANDB_API_KEY is empty");
        if (netuid < 0 || netuid > 65535) throw new IllegalArgumentException("netuid must be 0-65535, got " + netuid);
        if (runId != null && !runId.matches("[A-Za-z0-9_-]{1,128}")) {
            // W&B run ids become URL path segments (file_stream): refuse anything that is not a plain token.
            throw new IllegalArgumentException("WANDB_RUN_ID must be letters, digits, '-' or '_', got '" + runId + "'");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("W&B timeout must be positive, got " + timeout);
        }
    }

    /** Reads the {@code WANDB_*} variables; empty when no API key is set (W&amp;B off). */
    public static Optional<WandbConfig> fromEnv(Map<String, String> env) {
        String key = env.get("WANDB_API_KEY");
        if (key == null || key.isBlank()) return Optional.empty();
        String base = env.getOrDefault("WANDB_BASE_URL", DEFAULT_BASE.toString());
        URI uri;
        try {
            uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("WANDB_BASE_URL is not a URL: " + base);
        }
        String runId = env.get("WANDB_RUN_ID");
        return Optional.of(new WandbConfig(uri, env.getOrDefault("WANDB_ENTITY", "neuralinternet"),
                env.getOrDefault("WANDB_PROJECT", "opencompute"), DEFAULT_NETUID,
                runId == null || runId.isBlank() ? null : runId.strip(), key.strip(), Duration.ofSeconds(30)));
    }

    /** The same, for another subnet (a miner's {@code --netuid}). */
    public WandbConfig withNetuid(int netuid) {
        return new WandbConfig(baseUrl, entity, project, netuid, runId, apiKey, timeout);
    }

    public String path() {
        return entity + "/" + project;
    }

    @Override
    public String toString() {
        return "WandbConfig[" + baseUrl + " " + path() + " netuid=" + netuid + " run=" + runId
                + " key=*** timeout=" + timeout + "]";
    }
}
