package io.computeregister.protocol.wandb.standin;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stand-in's projects and their runs, behind one lock: what the GraphQL schema and the file stream read and
 * write, and what tests seed and read back.
 */
final class RunStore {

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Map<String, StoredRun>> projects = new LinkedHashMap<>();
    private long sequence;

    RunStore(Clock clock) {
        this.clock = clock;
    }

    synchronized boolean hasProject(String entity, String project) {
        return projects.containsKey(entity + "/" + project);
    }

    synchronized void createProject(String entity, String project) {
        projects.computeIfAbsent(entity + "/" + project, k -> new LinkedHashMap<>());
    }

    /** The project's runs in {@code order} ({@code -created_at} newest first, ties: the later-created first). */
    synchronized List<StoredRun> runs(String entity, String project, String order) {
        Map<String, StoredRun> runs = projects.getOrDefault(entity + "/" + project, Map.of());
        List<StoredRun> list = new ArrayList<>(runs.values());
        boolean descending = order.startsWith("-");
        String key = order.startsWith("-") || order.startsWith("+") ? order.substring(1) : order;
        Comparator<StoredRun> by = switch (key) {
            case "created_at" -> Comparator.comparing((StoredRun r) -> r.createdAt);
            case "heartbeat_at" -> Comparator.comparing((StoredRun r) -> r.heartbeatAt == null ? r.createdAt
                    : r.heartbeatAt);
            case "display_name" -> Comparator.comparing((StoredRun r) -> r.displayName == null ? "" : r.displayName);
            default -> throw new GraphqlRequest.GraphqlError("unsupported order " + order);
        };
        by = by.thenComparingLong(r -> r.sequence);
        list.sort(descending ? by.reversed() : by);
        return list;
    }

    synchronized Optional<StoredRun> run(String entity, String project, String name) {
        return Optional.ofNullable(projects.getOrDefault(entity + "/" + project, Map.of()).get(name));
    }

    /**
     * {@code upsertBucket}: creates the project and the run on first use (state running); REPLACES the stored config
     * when one is given.
     *
     * @return whether the run was created
     */
    synchronized boolean upsert(String entity, String project, String name, String displayName, String description,
                                String config) {
        Map<String, StoredRun> runs = projects.computeIfAbsent(entity + "/" + project, k -> new LinkedHashMap<>());
        StoredRun run = runs.get(name);
        boolean inserted = run == null;
        if (inserted) {
            run = new StoredRun(entity, project, name, ++sequence);
            run.state = "running";
            run.createdAt = clock.instant();
            run.heartbeatAt = run.createdAt;
            run.displayName = displayName != null ? displayName : name;
            run.config = "{}";
            runs.put(name, run);
        }
        if (displayName != null) run.displayName = displayName;
        if (description != null) run.description = description;
        if (config != null) run.config = config;
        return inserted;
    }

    /** Adds a run as a test wants it (state, creation time and config text as given). */
    synchronized RunSnapshot seed(String entity, String project, String name, String displayName, String state,
                                  Instant createdAt, String config) {
        Map<String, StoredRun> runs = projects.computeIfAbsent(entity + "/" + project, k -> new LinkedHashMap<>());
        StoredRun run = new StoredRun(entity, project, name, ++sequence);
        run.displayName = displayName;
        run.state = state;
        run.createdAt = createdAt;
        run.heartbeatAt = createdAt;
        run.config = config;
        runs.put(name, run);
        return run.snapshot();
    }

    /** A file-stream post: a heartbeat marks the run running; "complete" marks it finished (exit 0) or failed. */
    synchronized boolean fileStream(String entity, String project, String name, boolean complete, int exitCode) {
        Optional<StoredRun> found = run(entity, project, name);
        if (found.isEmpty()) return false;
        StoredRun run = found.get();
        run.heartbeatAt = clock.instant();
        run.state = !complete ? "running" : exitCode == 0 ? "finished" : "failed";
        return true;
    }

    synchronized void setState(String entity, String project, String name, String state) {
        run(entity, project, name).orElseThrow(() -> new IllegalArgumentException("no run " + name)).state = state;
    }

    synchronized Optional<RunSnapshot> snapshot(String entity, String project, String name) {
        return run(entity, project, name).map(StoredRun::snapshot);
    }

    synchronized List<RunSnapshot> snapshots(String entity, String project) {
        return projects.getOrDefault(entity + "/" + project, Map.of()).values().stream().map(StoredRun::snapshot)
                .toList();
    }

    /** A fresh run id as the W&amp;B client makes them: 8 characters of [a-z0-9]. */
    synchronized String newRunId() {
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) sb.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        return sb.toString();
    }
}
