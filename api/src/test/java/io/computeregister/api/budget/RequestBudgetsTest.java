package io.computeregister.api.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant budgets of the calls that fan out, over real HTTP on the test database's clock (moved by hand): an
 * over-budget tenant gets 429 in the RegisterAPI error envelope with {@code Retry-After} in whole seconds, is charged
 * nothing for it, and other tenants and admins go on.
 */
class RequestBudgetsTest {

    private TestDb db;
    private ApiHarness api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
        if (db != null) db.close();
    }

    private void start(RequestBudgets budgets) {
        db = TestDb.open(TestDb.Kind.SQLITE);
        api = new ApiHarness(db, budgets);
    }

    /** A check_miner_status body naming {@code n} hotkeys (unknown ones: the budget counts what the body names). */
    private static String hotkeys(int n) {
        List<String> quoted = new ArrayList<>();
        for (int i = 0; i < n; i++) quoted.add("\"hk-" + i + "\"");
        return "[" + String.join(",", quoted) + "]";
    }

    private static void assertTooMany(ApiHarness.Reply r, long retryAfter, String unit) {
        assertThat(r.status()).as(r.raw()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains(Long.toString(retryAfter));
        assertThat(r.body().path("success").asBoolean()).isFalse();
        assertThat(r.body().path("message").asText()).isEqualTo("Too Many Requests");
        assertThat(r.body().path("err_detail").asText()).contains(unit).contains("retry after " + retryAfter + " s");
    }

    @Test
    void check_miner_status_costs_one_token_per_hotkey_and_a_refusal_costs_nothing() {
        start(new RequestBudgets(4096, 0));
        String acme = api.renterKey("acme");
        String globex = api.renterKey("globex");

        assertThat(api.post("/service/check_miner_status", hotkeys(4000), acme).status()).isEqualTo(200);
        // 96 left; 200 more need 104, which come back in 104 × 60 / 4096 = 1.52 s: retry after 2 s.
        assertTooMany(api.post("/service/check_miner_status", hotkeys(200), acme), 2, "check_miner_status probes");
        assertThat(api.post("/service/check_miner_status", hotkeys(96), acme).status())
                .as("the refusal took nothing: exactly the 96 left still pass").isEqualTo(200);
        assertTooMany(api.post("/service/check_miner_status", hotkeys(1), acme), 1, "check_miner_status probes");

        // Versions are read from the store, not probed: no charge.
        assertThat(api.post("/service/check_miner_status?query_version=true", hotkeys(10), acme).status())
                .isEqualTo(200);
        // Bad input is still a 422, whatever the budget.
        assertThat(api.post("/service/check_miner_status", "{}", acme).status()).isEqualTo(422);
        // Another tenant has its own budget; admins have none.
        assertThat(api.post("/service/check_miner_status", hotkeys(4096), globex).status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/service/check_miner_status", hotkeys(4096), ApiHarness.ADMIN_KEY).status())
                    .isEqualTo(200);
        }

        db.clock.advance(Duration.ofSeconds(30));
        assertThat(api.post("/service/check_miner_status", hotkeys(2048), acme).status()).isEqualTo(200);
        assertTooMany(api.post("/service/check_miner_status", hotkeys(1), acme), 1, "check_miner_status probes");
    }

    @Test
    void allocation_attempts_cost_one_token_each_and_dry_runs_nothing() {
        start(new RequestBudgets(0, 2));
        String acme = api.renterKey("acme");
        api.addMiners(Fixtures.miner("hk-a").uid(1).build(), Fixtures.miner("hk-b").uid(2).build(),
                Fixtures.miner("hk-c").uid(3).build());
        String spec = """
                {"requirements": {"cpu_count": 1, "gpu_type": "rtx", "gpu_size": 8, "ram": 4, "hard_disk": 20,
                 "timeline": 1}, "docker_requirement": {}}""";

        assertThat(api.post("/service/allocate_hotkey?hotkey=hk-a", null, acme).status()).isEqualTo(200);
        assertThat(api.post("/service/allocate_spec?dry_run=true", spec, acme).status()).isEqualTo(200);
        assertThat(api.post("/service/allocate_spec", spec, acme).status()).isEqualTo(200);
        // Two a minute: the next token comes in 30 s.
        assertTooMany(api.post("/service/allocate_hotkey?hotkey=hk-c", null, acme), 30, "allocation attempts");
        assertTooMany(api.post("/service/allocate_spec", spec, acme), 30, "allocation attempts");
        assertThat(api.miners.allocateCalls).as("a refused request reaches no miner").hasValue(2);
        assertThat(db.store.heldMiners()).as("and holds none").hasSize(2);
        assertThat(api.post("/service/allocate_hotkey", null, acme).status()).as("bad input: 422 first")
                .isEqualTo(422);

        db.clock.advance(Duration.ofSeconds(30));
        assertThat(api.post("/service/allocate_spec", spec, acme).status()).isEqualTo(200);
        assertThat(db.store.heldMiners()).containsExactlyInAnyOrder("hk-a", "hk-b", "hk-c");
    }

    @Test
    void budgets_too_small_for_one_largest_call_are_refused_naming_the_flag() {
        assertThatThrownBy(() -> new RequestBudgets(100, 10)).hasMessageContaining("--budget-probes");
        assertThatThrownBy(() -> new RequestBudgets(0, -1)).hasMessageContaining("--budget-allocations");
        assertThat(new RequestBudgets(0, 0)).isEqualTo(RequestBudgets.OFF);
    }
}
