package io.computeregister.bittensor.bench;

import io.computeregister.bittensor.axon.AxonServer;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.AxonTarget;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.dendrite.DendriteResponse;
import io.computeregister.bittensor.synapse.Echo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fan-out benchmark (bench/dendrite-fanout.sh): N local axons, each with its own hotkey and port, and one dendrite
 * sending one signed Echo to each at once. Every reply is signature-checked and nonce-checked by its axon. Prints
 * "dendrite fan-out: N replies in T ms" for the measured round (after one warm-up round).
 */
public final class DendriteFanoutBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long t0 = System.nanoTime();
        List<AxonServer> axons = new ArrayList<>(n);
        List<AxonTarget> targets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Keypair hotkey = Keypair.generate();
            AxonServer axon = AxonServer.builder(hotkey).host("127.0.0.1").port(0).maxThreads(64).build()
                    .attach(Echo.class, s -> s.reply("echo " + s.text()))
                    .start();
            axons.add(axon);
            targets.add(new AxonTarget("127.0.0.1", axon.port(), hotkey.ss58Address()));
        }
        System.out.printf("started %d axons in %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
        try (Dendrite dendrite = Dendrite.create(Keypair.generate())) {
            for (int round = 0; round <= rounds; round++) {
                long start = System.nanoTime();
                List<DendriteResponse<Echo>> replies = dendrite.callAll(targets, new Echo("ping"),
                        Duration.ofSeconds(30)).join();
                long ms = (System.nanoTime() - start) / 1_000_000;
                Map<Integer, Integer> byStatus = new TreeMap<>();
                for (DendriteResponse<Echo> r : replies) byStatus.merge(r.statusCode(), 1, Integer::sum);
                long ok = byStatus.getOrDefault(200, 0);
                String label = round == 0 ? "warm-up" : "round " + round;
                System.out.printf("%s: statuses %s%n", label, byStatus);
                if (round > 0) System.out.printf("dendrite fan-out: %d replies in %d ms%n", ok, ms);
            }
        } finally {
            for (AxonServer a : axons) a.stop(Duration.ZERO);
        }
    }
}
