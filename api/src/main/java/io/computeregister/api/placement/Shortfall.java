package io.computeregister.api.placement;

/** One resource that does not fit: what was asked, what the miner has (same unit, named in {@code unit}). */
public record Shortfall(String reason, String resource, long requested, long available, String unit) {

    private static final double GIB = 1024.0 * 1024 * 1024;

    /**
     * "needs 2 gpus, 1 free" (or, when the resource says more than its unit, "needs 2 gpus with > 20 GB together, 1
     * free"); bytes in GiB ("needs 64.00 GiB ram, 12.50 GiB free").
     */
    public String explain() {
        if ("bytes".equals(unit)) {
            return String.format(java.util.Locale.ROOT, "needs %.2f GiB %s, %.2f GiB free", requested / GIB, resource,
                    available / GIB);
        }
        return "needs " + requested + " " + (resource.startsWith(unit) ? resource : unit) + ", " + available + " free";
    }
}
