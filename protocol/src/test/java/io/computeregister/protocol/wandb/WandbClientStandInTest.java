package io.computeregister.protocol.wandb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.protocol.wandb.standin.RunSnapshot;
import io.computeregister.protocol.wandb.standin.WandbStandIn;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our client against the W&amp;B stand-in: paging through more runs than one page holds, a read-modify-write of a
 * whole config, the file stream, and answers that are not W&amp;B's.
 */
class WandbClientStandInTest {

    private static final String KEY = "client-standin-key-0123456789abcdef0123456789abcdef";
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    private WandbStandIn wandb;
    private WandbClient client;

    @BeforeEach
    void start() {
        wandb = new WandbStandIn(KEY);
        client = new WandbClient(WandbConfig.fromEnv(wandb.env()).orElseThrow());
    }

    @AfterEach
    void stop() {
        wandb.close();
    }

    @Test
    void runs_reads_every_page_newest_first_with_config_values_unwrapped() {
        int n = WandbClient.PER_PAGE + 30;
        for (int i = 0; i < n; i++) {
            wandb.seedRun("neuralinternet", "opencompute", String.format("run%05d", i), "miner-" + i, "running",
                    T0.plusSeconds(i), Map.of("role", "miner", "hotkey", "5F" + i, "config", Map.of("netuid", 27)));
        }

        List<WandbRun> runs = client.runs(Map.of("config.role", "miner"));

        assertThat(runs).hasSize(n);
        assertThat(runs.getFirst().id()).isEqualTo(String.format("run%05d", n - 1));
        assertThat(runs.getFirst().hotkey()).isEqualTo("5F" + (n - 1));
        assertThat(runs.getFirst().config().has("_wandb")).isFalse();
        assertThat(runs.getFirst().createdAt()).isEqualTo("2026-11-20T08:02:09");
        assertThat(runs.getFirst().lastSeen()).isEqualTo(T0.plusSeconds(n - 1));
    }

    @Test
    void a_read_modify_write_changes_one_key_and_keeps_the_rest() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("role", "validator");
        config.put("hotkey", "5Cvalidator");
        config.put("stats", Map.of("1", Map.of("hotkey", "5F1", "score", 0.5)));
        wandb.seedRun("neuralinternet", "opencompute", "valrun01", "validator-5Cvalidator", "running", T0, config);

        WandbClient.StoredRun run = client.run("valrun01").orElseThrow();
        client.upsert(run.id(), null, run.config().with("allocated_hotkeys", List.of("5F1")));

        RunSnapshot stored = wandb.run("neuralinternet", "opencompute", "valrun01").orElseThrow();
        assertThat(stored.value("allocated_hotkeys").toString()).isEqualTo("[\"5F1\"]");
        assertThat(stored.value("stats").path("1").path("score").asDouble()).isEqualTo(0.5);
        assertThat(stored.value("_wandb").path("cli_version").asText()).isEqualTo("0.16.6");
        assertThat(stored.displayName()).isEqualTo("validator-5Cvalidator");
        assertThat(client.run("nosuchid")).isEmpty();
    }

    @Test
    void upsert_creates_a_named_run_that_heartbeats_keep_running_and_finish_ends() {
        assertThat(client.run("mynewrun")).as("no project yet: no run").isEmpty();
        client.upsert("mynewrun", "miner-5Fme", RunConfig.empty().with("role", "miner"));
        assertThat(wandb.run("neuralinternet", "opencompute", "mynewrun")).get()
                .extracting(RunSnapshot::displayName, RunSnapshot::state).containsExactly("miner-5Fme", "running");

        client.finish("mynewrun", 0);
        assertThat(wandb.run("neuralinternet", "opencompute", "mynewrun").orElseThrow().state()).isEqualTo("finished");
        client.heartbeat("mynewrun");
        assertThat(wandb.run("neuralinternet", "opencompute", "mynewrun").orElseThrow().state()).isEqualTo("running");
        assertThat(wandb.heartbeats()).isEqualTo(1);

        assertThatThrownBy(() -> client.heartbeat("nosuchid")).isInstanceOf(WandbException.class)
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void a_project_that_does_not_exist_a_refused_key_and_a_page_that_is_not_json_are_errors_never_no_runs() {
        assertThatThrownBy(() -> client.runs(Map.of())).isInstanceOf(WandbException.class)
                .hasMessage("W&B has no project neuralinternet/opencompute (or the API key cannot see it)");

        var wrongKey = new WandbClient(WandbConfig.fromEnv(Map.of("WANDB_API_KEY", "wrong-key",
                "WANDB_BASE_URL", wandb.baseUrl())).orElseThrow());
        assertThatThrownBy(() -> wrongKey.runs(Map.of())).isInstanceOf(WandbException.class)
                .hasMessageContaining("refused the API key (HTTP 401)");

        wandb.failWith(200, "text/html", "<html>maintenance</html>");
        assertThatThrownBy(() -> client.runs(Map.of())).isInstanceOf(WandbException.class)
                .hasMessage("W&B runs: unexpected answer from " + wandb.baseUrl() + "/graphql (HTTP 200), not JSON")
                .message().doesNotContain(KEY);
    }
}
