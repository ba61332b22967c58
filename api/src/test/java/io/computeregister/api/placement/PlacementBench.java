package io.computeregister.api.placement;

import io.computeregister.api.allocation.Requirements;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.MinerUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Placement decisions per second over a synthetic fleet, and the p99 of one decision. No network, no database: the
 * pipeline on a snapshot, as the API runs it. Run through bench/placement/run.sh (not part of the unit tests).
 *
 * <p>Two phases: one thread (latency of one decision, and throughput per core), then one thread per core sharing the
 * snapshot, as the API's concurrent requests do (throughput of the machine).
 *
 * <p>With capacity accounting: three miners in four are ours (an {@code offer}, several renters share one; about a
 * third of them hold some renters already, taking part of their cores, memory and cards), one in four an original
 * miner (the whole machine; one in ten held). Every decision checks each fitting miner's free share.
 *
 * <p>Args: [miners=10000] [seconds=10]
 */
public final class PlacementBench {

    private static final String[] MODELS = {"nvidia geforce rtx 4090", "nvidia geforce rtx 3090", "nvidia a100-sxm4-80gb",
        "nvidia h100 80gb hbm3", "nvidia rtx a6000", "nvidia geforce rtx 4080", "nvidia l40s", "tesla v100-sxm2-32gb"};
    private static final long[] MIB = {24564, 24576, 81920, 81559, 49140, 16376, 46068, 32768};
    private static final String[] ASKED = {"4090", "a100", "h100", "3090", "a6000", "rtx", "l40", ""};

    public static void main(String[] args) {
        int minerCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Random random = new Random(27);

        List<IndexedMiner> fleet = new ArrayList<>(minerCount);
        Map<String, MinerUsage> held = new HashMap<>();
        for (int i = 0; i < minerCount; i++) {
            int model = random.nextInt(MODELS.length);
            int cards = 1 + random.nextInt(8);
            boolean hasSpecs = random.nextInt(50) != 0;
            Health health = random.nextInt(20) == 0 ? Health.DOWN : random.nextBoolean() ? Health.ONLINE : Health.UNKNOWN;
            String hotkey = "5Miner" + i;
            int cores = 4 + random.nextInt(124);
            long ram = (8L + random.nextInt(1016)) << 30;
            long disk = (50L + random.nextInt(4000)) << 30;
            boolean ours = random.nextInt(4) < Integer.getInteger("bench.ours.in4", 3);
            Offer offer = null;
            if (ours) {
                List<Offer.Card> offered = new ArrayList<>();
                for (int c = 0; c < cards; c++) offered.add(new Offer.Card(c, MODELS[model], MIB[model]));
                offer = new Offer(cores - 2, ram - (4L << 30), disk - (20L << 30), offered, 100);
            }
            Hardware capacity = hasSpecs
                    ? new Hardware(cores, cards, cards * MIB[model], MODELS[model], ram, disk, offer)
                    : null;
            fleet.add(new IndexedMiner(hotkey, i, "10.0." + (i / 250) + "." + (i % 250), 8091, health,
                    random.nextInt(100) == 0, null, capacity, capacity == null ? null : "specs", null));
            if (ours && random.nextInt(3) == 0) {
                int renters = 1 + random.nextInt(3);
                held.put(hotkey, new MinerUsage(renters, 0, Math.min(cores - 2, renters * 4), renters * (8L << 30),
                        renters * (50L << 30), Math.min(cards, renters), renters));
            } else if (!ours && random.nextInt(10) == 0) {
                held.put(hotkey, new MinerUsage(1, 1, 0, 0, 0, 0, 0));
            }
        }
        MinerSnapshot snapshot = new MinerSnapshot(fleet);
        Held usage = hotkey -> held.getOrDefault(hotkey, MinerUsage.NONE);
        Placement placement = Placement.standard(10);

        PlacementRequest[] requests = new PlacementRequest[1024];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = PlacementRequest.forSpec(new Requirements(1 + random.nextInt(32),
                    ASKED[random.nextInt(ASKED.length)], random.nextInt(100), 1 + random.nextInt(256),
                    1 + random.nextInt(1000)).device(), random.nextLong());
        }

        long sink = 0;
        long warmupEnd = System.nanoTime() + 3_000_000_000L;
        for (int i = 0; System.nanoTime() < warmupEnd; i++) {
            sink += placement.place(requests[i & 1023], snapshot, usage).candidates().size();
        }

        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long[] latencies = new long[1 << 22];
        int n = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now = start;
        while (now < end && n < latencies.length) {
            long t0 = now;
            sink += placement.place(requests[n & 1023], snapshot, usage).candidates().size();
            now = System.nanoTime();
            latencies[n++] = now - t0;
        }
        double elapsed = (now - start) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double p50 = sorted[(int) (n * 0.50)] / 1e6;
        double p99 = sorted[(int) Math.min(n - 1, n * 0.99)] / 1e6;

        System.out.printf("placement: %d miners, %d decisions in %.1f s, one thread (sink %d)%n",
                minerCount, n, elapsed, sink);
        System.out.printf("decisions/s: %.0f   (target >= 2000)%n", n / elapsed);
        System.out.printf("decisions per CPU-second: %.0f   (wall/CPU = %.2f; above 1 means other load on the box)%n",
                n / cpu, elapsed / cpu);
        System.out.printf("p50: %.3f ms   p99: %.3f ms   (target p99 < 5 ms)%n", p50, p99);

        int cores = Runtime.getRuntime().availableProcessors();
        java.util.concurrent.atomic.LongAdder decisions = new java.util.concurrent.atomic.LongAdder();
        long parallelEnd = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        long parallelStart = System.nanoTime();
        for (int t = 0; t < cores; t++) {
            int offset = t * 97;
            workers.add(Thread.ofPlatform().start(() -> {
                long local = 0;
                for (int i = offset; System.nanoTime() < parallelEnd; i++) {
                    local += placement.place(requests[i & 1023], snapshot, usage).candidates().size();
                    decisions.increment();
                }
                if (local == 42) System.out.print(""); // keep the work observable
            }));
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        double parallelElapsed = (System.nanoTime() - parallelStart) / 1e9;
        System.out.printf("decisions/s with %d threads (one per core): %.0f   (target >= 2000)%n",
                cores, decisions.sum() / parallelElapsed);
    }
}
