package io.computeregister.api.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** The placement pipeline (see package-info): feasibility → rank → top-K. Stateless and thread-safe. */
public final class Placement {

    /** A ranker and its weight in the total score. */
    public record Weighted(Ranker ranker, double weight) {}

    // Arrays, not lists: the per-miner loop is the hot path of every decision (see bench/placement).
    private final Feasibility[] checks;
    private final Weighted[] rankers;
    private final double weightSum;
    private final int topK;

    public Placement(List<Feasibility> checks, List<Weighted> rankers, int topK) {
        if (topK < 1) throw new IllegalArgumentException("topK must be >= 1, got " + topK);
        if (rankers.isEmpty()) throw new IllegalArgumentException("at least one ranker is needed");
        this.checks = checks.toArray(Feasibility[]::new);
        this.rankers = rankers.toArray(Weighted[]::new);
        this.weightSum = rankers.stream().mapToDouble(Weighted::weight).sum();
        this.topK = topK;
    }

    /** The production chain. Order matters: each check only sees miners every earlier one let through. */
    public static Placement standard(int topK) {
        return new Placement(List.of(
                new Online(),       // a flag compare; down miners are the commonest reason to skip
                new NotBlocked(),   // a flag compare
                new HasSpecs(),     // a null check; the checks below need specs
                new ImageOffered(), // a null check unless an image is named
                new GpuModel(),     // one substring test; prunes most miners for a GPU request
                new Capacity(),     // five number compares, reports every shortfall
                new NotHeld()),     // a set lookup; last, so only otherwise-fitting miners pay for it
                List.of(new Weighted(new TightestFit(), 1.0), new Weighted(new HealthRank(), 0.5)),
                topK);
    }

    private record Scored(IndexedMiner miner, double score, long tieBreak) {}

    // Worst first, so the heap head is the one to evict.
    private static final Comparator<Scored> WORST_FIRST =
            Comparator.comparingDouble(Scored::score).thenComparingLong(s -> -s.tieBreak());

    public Decision place(PlacementRequest request, MinerSnapshot snapshot, Held held) {
        long started = System.nanoTime();
        int evaluated = 0;
        int filtered = 0;
        ReasonCounter counts = new ReasonCounter();
        PriorityQueue<Scored> best = new PriorityQueue<>(topK + 1, WORST_FIRST);
        Verdict pinnedVerdict = null;

        List<IndexedMiner> pool;
        if (request.pinnedHotkey() != null) {
            IndexedMiner pinned = snapshot.find(request.pinnedHotkey());
            pool = pinned == null ? List.of() : List.of(pinned);
            if (pinned == null) {
                pinnedVerdict = new Verdict.Unresolvable(Reasons.NOT_IN_METAGRAPH);
                counts.add(Reasons.NOT_IN_METAGRAPH);
            }
        } else {
            pool = snapshot.miners();
        }

        for (IndexedMiner miner : pool) {
            evaluated++;
            Verdict verdict = Verdict.FITS;
            for (Feasibility check : checks) {
                verdict = check.check(request, miner, held);
                if (!verdict.fits()) break;
            }
            if (request.pinnedHotkey() != null) pinnedVerdict = verdict;
            if (!verdict.fits()) {
                filtered++;
                counts.add(verdict);
                continue;
            }
            double score = totalScore(request, miner);
            long tie = tieBreak(request.seed(), miner.hotkey());
            if (best.size() < topK) {
                best.add(new Scored(miner, score, tie));
            } else if (beats(score, tie, best.peek())) { // compare before allocating: most miners lose
                best.poll();
                best.add(new Scored(miner, score, tie));
            }
        }

        List<Scored> ranked = new ArrayList<>(best);
        ranked.sort(WORST_FIRST.reversed());
        List<IndexedMiner> candidates = ranked.stream().map(Scored::miner).toList();
        int feasible = evaluated - filtered;
        Map<String, Integer> byReason = counts.sorted();
        PlacementReport report = new PlacementReport(evaluated, feasible, filtered, byReason,
                ranked.stream().map(s -> scoredMiner(request, s)).toList(),
                (System.nanoTime() - started) / 1_000,
                summary(feasible, Math.max(evaluated, request.pinnedHotkey() != null ? 1 : 0), byReason,
                        counts.examples));
        return new Decision(candidates, report, pinnedVerdict);
    }

    private static boolean beats(double score, long tie, Scored worst) {
        return score > worst.score() || (score == worst.score() && tie < worst.tieBreak());
    }

    private double totalScore(PlacementRequest request, IndexedMiner miner) {
        double sum = 0;
        for (Weighted w : rankers) sum += w.weight() * w.ranker().score(request, miner);
        return sum / weightSum;
    }

    private PlacementReport.ScoredMiner scoredMiner(PlacementRequest request, Scored s) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Weighted w : rankers) scores.put(w.ranker().name(), round(w.ranker().score(request, s.miner())));
        IndexedMiner m = s.miner();
        return new PlacementReport.ScoredMiner(m.hotkey(), m.uid(), round(s.score()), scores, m.specsSource(),
                m.specsReportedAt() == null ? null : m.specsReportedAt().toString());
    }

    /**
     * Reason histogram. Reasons are a handful of shared constants, so an identity scan of a tiny array beats a
     * HashMap by a wide margin here: it runs once per filtered miner, i.e. ~10,000 times per decision.
     */
    private static final class ReasonCounter {
        private String[] keys = new String[16];
        private int[] counts = new int[16];
        /** The first shortfall counted under each free-capacity reason, to say how much was free. */
        private final Map<String, Shortfall> examples = new LinkedHashMap<>();
        private int size;

        void add(Verdict verdict) {
            if (verdict instanceof Verdict.Unfit u) {
                if (u.shortfalls().isEmpty()) {
                    add(u.reason());
                } else {
                    for (Shortfall s : u.shortfalls()) {
                        add(s.reason());
                        if (s.reason().startsWith(Reasons.FREE_PREFIX)) examples.putIfAbsent(s.reason(), s);
                    }
                }
            } else if (verdict instanceof Verdict.Unresolvable r) {
                add(r.reason());
            }
        }

        void add(String reason) {
            for (int i = 0; i < size; i++) {
                if (keys[i] == reason) {
                    counts[i]++;
                    return;
                }
            }
            for (int i = 0; i < size; i++) { // a reason built at run time (not one of the constants)
                if (keys[i].equals(reason)) {
                    counts[i]++;
                    return;
                }
            }
            if (size == keys.length) {
                keys = java.util.Arrays.copyOf(keys, size * 2);
                counts = java.util.Arrays.copyOf(counts, size * 2);
            }
            keys[size] = reason;
            counts[size++] = 1;
        }

        Map<String, Integer> sorted() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) order[i] = i;
            java.util.Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -counts[i]).thenComparing(i -> keys[i]));
            Map<String, Integer> out = new LinkedHashMap<>();
            for (int i : order) out.put(keys[i], counts[i]);
            return out;
        }
    }

    /**
     * "0/37 miners fit: 20 gpu model mismatch, 12 insufficient gpu memory, 5 busy" (K8s FitError style); a reason of
     * what others hold says how much was free on the first such miner ("1 not enough free gpus (needs 2 gpus, 1
     * free)").
     */
    static String summary(int feasible, int evaluated, Map<String, Integer> byReason, Map<String, Shortfall> examples) {
        StringBuilder sb = new StringBuilder().append(feasible).append('/').append(evaluated).append(" miners fit");
        if (!byReason.isEmpty()) {
            sb.append(": ");
            boolean first = true;
            for (var e : byReason.entrySet()) {
                if (!first) sb.append(", ");
                sb.append(e.getValue()).append(' ').append(e.getKey());
                Shortfall example = examples.get(e.getKey());
                if (example != null) sb.append(" (").append(example.explain()).append(')');
                first = false;
            }
        }
        return sb.toString();
    }

    /** splitmix64 of seed and hotkey: a repeatable, well-spread order among equal scores. */
    static long tieBreak(long seed, String hotkey) {
        long z = seed ^ ((long) hotkey.hashCode() * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
