package io.computeregister.api.wandb;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how to reach W&B. Off unless {@code WANDB_API_KEY} is set: {@link #fromEnv} then returns empty and the
 * callers use {@link WandbSource#OFF} / {@link WandbSink#OFF}.
 *
 * @param baseUrl        {@code WANDB_BASE_URL}, default {@code https://api.wandb.ai} (GraphQL at {@code /graphql})
 * @param entity         {@code WANDB_ENTITY}, default {@code neuralinternet} (the original's project owner, §1.5)
 * @param project        {@code WANDB_PROJECT}, default {@code opencompute}
 * @param netuid         the subnet whose runs count ({@code config.config.netuid}), default 27
 * @param validatorRunId {@code WANDB_RUN_ID}: the validator run the sink writes; null = the newest run of the hotkey
 * @param apiKey         secret: never logged, never in {@link #toString()} or an exception
 */
public record WandbConfig(URI baseUrl, String entity, String project, int netuid, String validatorRunId,
                          String apiKey, Duration timeout) {

    public static final URI DEFAULT_BASE = URI.create("https://api.wandb.ai");

    public WandbConfig {
        if (baseUrl == null || baseUrl.getHost() == null
                || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("WANDB_BASE_URL must be an http(s) URL, got " + baseUrl);
        }
        if (entity == null || entity.isBlank()) throw new IllegalArgumentException("WANDB_ENTITY is empty");
        if (project == null || project.isBlank()) throw new IllegalArgumentException("WANDB_PROJECT is empty");
        if (apiKey == null || apiKey.isBlank()) throw new IllegalArgumentException("WANDB_API_KEY is empty");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("W&B timeout must be positive, got " + timeout);
        }
    }

    /** Reads the {@code WANDB_*} variables; empty when no API key is set (W&B off). */
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
        return Optional.of(new WandbConfig(uri, env.getOrDefault("WANDB_ENTITY", "neuralinternet"),
                env.getOrDefault("WANDB_PROJECT", "opencompute"), 27, env.get("WANDB_RUN_ID"), key.strip(),
                Duration.ofSeconds(30)));
    }

    public String path() {
        return entity + "/" + project;
    }

    @Override
    public String toString() {
        return "WandbConfig[" + baseUrl + " " + path() + " netuid=" + netuid + " run=" + validatorRunId
                + " key=*** timeout=" + timeout + "]";
    }
}
