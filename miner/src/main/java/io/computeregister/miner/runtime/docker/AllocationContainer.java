package io.computeregister.miner.runtime.docker;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * How an allocation maps to Docker objects: the container name, its network's name, the tag of the derived image when
 * the request carries a build step, and the labels that mark all three as ours and name the allocation. Labels are what
 * {@code list()} and the leftover search filter on, so objects someone else keeps on the same engine are never seen or
 * touched.
 */
final class AllocationContainer {

    static final String NAME_PREFIX = "compute-alloc-";
    static final String NETWORK_PREFIX = "compute-net-";
    static final String LABEL_MANAGED = "io.computeregister.managed";
    static final String LABEL_ALLOCATION = "io.computeregister.allocation";
    /** Host directory bind-mounted as the volume; read back on remove so it survives a miner restart. */
    static final String LABEL_VOLUME = "io.computeregister.volume";
    /** Derived image built for this allocation (request's dockerfile step), removed with the container. */
    static final String LABEL_DERIVED_IMAGE = "io.computeregister.derived-image";
    static final String DERIVED_REPOSITORY = "compute-register/alloc";

    /** Docker tags allow [A-Za-z0-9_.-] up to 128 chars; container names the same set. A UUID fits easily. */
    private static final Pattern ALLOCATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private AllocationContainer() {}

    static boolean isValidId(String allocationId) {
        return allocationId != null && ALLOCATION_ID.matcher(allocationId).matches();
    }

    static String requireValidId(String allocationId) {
        if (!isValidId(allocationId)) {
            throw new IllegalArgumentException("allocationId must match " + ALLOCATION_ID.pattern() + ", got '"
                    + allocationId + "'");
        }
        return allocationId;
    }

    static String name(String allocationId) {
        return NAME_PREFIX + allocationId;
    }

    static String derivedImage(String allocationId) {
        return DERIVED_REPOSITORY + ":" + allocationId;
    }

    static String network(String allocationId) {
        return NETWORK_PREFIX + allocationId;
    }

    /** The labels of every object made for the allocation: ours, and whose. */
    static Map<String, String> labels(String allocationId) {
        return Map.of(LABEL_MANAGED, "true", LABEL_ALLOCATION, allocationId);
    }

    /** Whether {@code labels} (of a container, network or image) say it is ours and the allocation's. */
    static boolean isOurs(Map<String, String> labels, String allocationId) {
        return labels != null && "true".equals(labels.get(LABEL_MANAGED))
                && allocationId.equals(labels.get(LABEL_ALLOCATION));
    }
}
