package io.computeregister.api.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.EachDatabase;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Many renters at once, over real HTTP, on both databases: no miner is ever handed out twice. */
class AllocationConcurrencyTest {

    private static List<ApiHarness.Reply> concurrently(int n, Callable<ApiHarness.Reply> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<ApiHarness.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(() -> {
                go.await();
                return call.call();
            });
        }
        List<ApiHarness.Reply> replies = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiHarness.Reply>> futures = new ArrayList<>();
            for (var c : calls) futures.add(pool.submit(c));
            go.countDown();
            for (var f : futures) replies.add(f.get());
        }
        return replies;
    }

    @EachDatabase
    void fifty_allocate_hotkey_calls_for_one_miner_yield_exactly_one_allocation(TestDb db) throws Exception {
        try (ApiHarness api = new ApiHarness(db)) {
            String key = api.renterKey("acme");
            api.addMiners(Fixtures.miner("hk-only").build());

            List<ApiHarness.Reply> replies =
                    concurrently(50, () -> api.post("/service/allocate_hotkey?hotkey=hk-only", null, key));

            assertThat(replies).filteredOn(r -> r.status() == 200).hasSize(1);
            List<ApiHarness.Reply> refused = replies.stream().filter(r -> r.status() != 200).toList();
            assertThat(refused).hasSize(49).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(404);
                assertThat(r.body().path("err_detail").asText()).contains("busy");
            });
            assertThat(api.miners.clobbered).isEmpty();
            assertThat(api.miners.allocateCalls).hasValue(1);
            assertThat(db.store.listActiveAllocations(null)).hasSize(1);
        }
    }

    @EachDatabase
    void fifty_allocate_spec_calls_over_five_miners_yield_five_allocations_on_five_miners(TestDb db) throws Exception {
        try (ApiHarness api = new ApiHarness(db)) {
            String key = api.renterKey("acme");
            for (int i = 1; i <= 5; i++) api.addMiners(Fixtures.miner("hk-" + i).uid(i).build());
            String body = """
                    {"requirements": {"cpu_count": 1, "gpu_type": "rtx", "gpu_size": 8, "ram": 4, "hard_disk": 20,
                     "timeline": 1}, "docker_requirement": {}}""";

            List<ApiHarness.Reply> replies = concurrently(50, () -> api.post("/service/allocate_spec", body, key));

            List<ApiHarness.Reply> won = replies.stream().filter(r -> r.status() == 200).toList();
            assertThat(won).hasSize(5);
            Set<String> miners = new HashSet<>();
            won.forEach(r -> miners.add(r.body().path("data").path("hotkey").asText()));
            assertThat(miners).containsExactlyInAnyOrder("hk-1", "hk-2", "hk-3", "hk-4", "hk-5");
            assertThat(replies).filteredOn(r -> r.status() != 200).hasSize(45)
                    .allSatisfy(r -> assertThat(r.body().path("message").asText()).isEqualTo("Fail to allocate resource"));
            assertThat(api.miners.clobbered).isEmpty();
            assertThat(db.store.listActiveAllocations(null)).hasSize(5);
        }
    }
}
