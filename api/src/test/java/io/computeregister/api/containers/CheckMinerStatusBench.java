package io.computeregister.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.http.Json;
import io.computeregister.api.jobs.ApiClient;
import io.computeregister.api.miners.MinerDiscovery;
import io.computeregister.bittensor.axon.AxonServer;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import io.computeregister.miner.axon.CallerPolicy;
import io.computeregister.protocol.allocate.Allocate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code POST /service/check_miner_status} end to end (bench/check-miner-status/run.sh, not a unit test): N local
 * {@link AxonServer}s, each with its own random sr25519 hotkey and port, serving {@code Allocate} behind the miner's
 * {@link CallerPolicy} (only the API's hotkey is allowed); a static metagraph listing them; the real register API
 * ({@link ApiMain} on SQLite in a temp dir, real dendrite, API-key auth). One request carries all N hotkeys as a bare
 * JSON array; after one warm-up request, each measured round is one such request over HTTP, timed from send to the
 * whole answer, and every hotkey must be reported as answering.
 *
 * <p>The axons answer a probe ({@code checking=true, timeline > 0}) {@code status: true} with a port, as the miner's
 * {@code AllocateHandler} does when the request fits; the miner's ledger and runtime are not what is measured.
 *
 * <p>Args: [axons=1000] [rounds=3]
 */
public final class CheckMinerStatusBench {

    private static final String ADMIN_KEY = "cr_bench-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";
    /** What check_miner_status reports for a miner that answered the probe (free, or running a container). */
    private static final Set<String> ANSWERED = Set.of("Docker OFFLINE", "Docker ONLINE");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (n < 1 || n > ContainerHandlers.MAX_HOTKEYS) {
            throw new IllegalArgumentException("axons must be 1.." + ContainerHandlers.MAX_HOTKEYS + ", got " + n);
        }
        // The timeout ApiMain gives check_miner_status: the allocation settings' probe timeout.
        Duration probeTimeout = AllocationSettings.defaults(true).probeTimeout();
        Duration target = probeTimeout.plusSeconds(1);
        Keypair apiHotkey = Keypair.generate();
        CallerPolicy policy = CallerPolicy.restricted(Set.of(apiHotkey.ss58Address()), Optional.empty(), false);
        Path dir = Files.createTempDirectory("check-miner-status-bench-");

        List<AxonServer> axons = new ArrayList<>(n);
        ApiMain api = null;
        try {
            long t0 = System.nanoTime();
            List<Metagraph.Neuron> neurons = new ArrayList<>(n);
            for (int uid = 0; uid < n; uid++) {
                Keypair hotkey = Keypair.generate();
                AxonServer axon = AxonServer.builder(hotkey).host("127.0.0.1").port(0).maxThreads(64).build();
                axons.add(axon);
                axon.attach(Allocate.class, CheckMinerStatusBench::answerProbe, policy, policy).start();
                neurons.add(new Metagraph.Neuron(uid, hotkey.ss58Address(), hotkey.ss58Address(), "127.0.0.1",
                        axon.port(), 0, false, true));
            }
            Path metagraph = dir.resolve("metagraph.json");
            Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, neurons)));
            System.out.printf("started %d axons in %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);

            t0 = System.nanoTime();
            api = ApiMain.start(new ApiConfig("127.0.0.1", 0, dir.resolve("api"), null, null, AuthMode.KEYS,
                            List.of(), true, Duration.ofHours(1)), apiHotkey, new StaticMetagraphSource(metagraph, 27),
                    null, Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY), new PrintStream(new ByteArrayOutputStream()));
            // The axons serve no Specs, so discovery lists them as down; check_miner_status probes them regardless.
            MinerDiscovery.Round discovered = api.discovery().runOnce();
            System.out.printf("register API on port %d (SQLite in %s), metagraph of %d neurons loaded in %d ms%n",
                    api.port(), dir, discovered.neurons(), (System.nanoTime() - t0) / 1_000_000);

            String body = Json.write(neurons.stream().map(Metagraph.Neuron::hotkey).toList());
            ApiClient client = new ApiClient(api.port());
            boolean allMet = true;
            for (int round = 0; round <= rounds; round++) {
                long start = System.nanoTime();
                JsonNode reply = client.post("/service/check_miner_status", body, ADMIN_KEY);
                long ms = (System.nanoTime() - start) / 1_000_000;
                int status = reply.path("_status").asInt();
                if (status != 200) throw new IllegalStateException("check_miner_status answered " + status + ": " + reply);
                Map<String, Integer> byStatus = new TreeMap<>();
                for (JsonNode item : reply.path("data")) byStatus.merge(item.path("status").asText(), 1, Integer::sum);
                int online = byStatus.entrySet().stream().filter(e -> ANSWERED.contains(e.getKey()))
                        .mapToInt(Map.Entry::getValue).sum();
                String label = round == 0 ? "warm-up" : "round " + round;
                System.out.printf("%s: %d items, statuses %s%n", label, reply.path("data").size(), byStatus);
                boolean met = online == n && reply.path("data").size() == n && ms <= target.toMillis();
                if (round > 0) {
                    allMet &= met;
                    System.out.printf("check_miner_status: %d hotkeys, %d online, in %d ms (probe timeout %d ms; "
                                    + "target %d ms: %s)%n", n, online, ms, probeTimeout.toMillis(), target.toMillis(),
                            met ? "met" : "MISSED");
                }
            }
            System.out.println(allMet ? "every measured round met the target" : "TARGET MISSED in at least one round");
        } finally {
            if (api != null) api.close();
            for (AxonServer a : axons) a.stop(Duration.ZERO);
            try (var paths = Files.walk(dir)) { // the SQLite store, its key file and the metagraph
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The probe row of the miner's dispatch table: the request fits (status true) and the port; no to the rest. */
    private static Allocate answerProbe(Allocate request) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", request.checking() && request.timeline() > 0);
        output.put("port", 4444);
        return request.output(output);
    }
}
