package io.computeregister.api.placement;

/**
 * Why a miner was filtered. Clients and tests match these strings (dry_run reports and error summaries), so changing
 * one is a wire change.
 */
public final class Reasons {

    private Reasons() {}

    public static final String NOT_IN_METAGRAPH = "miner not in metagraph";
    public static final String OFFLINE = "miner offline";
    public static final String BLOCKED = "miner blocked";
    public static final String NO_SPECS = "no specs reported";
    public static final String GPU_MODEL = "gpu model mismatch";
    public static final String NO_GPU = "insufficient gpus";
    public static final String GPU_MEMORY = "insufficient gpu memory";
    public static final String CPU = "insufficient cpu";
    public static final String RAM = "insufficient ram";
    public static final String DISK = "insufficient disk";
    public static final String BUSY = "busy";
    public static final String IMAGE = "image not offered";
    /** What the free-capacity reasons start with. */
    public static final String FREE_PREFIX = "not enough free ";
    // Our miners rent by share: what others hold leaves too little of it (the report says how much is free).
    public static final String FREE_GPUS = "not enough free gpus";
    public static final String FREE_CPU = "not enough free cpu";
    public static final String FREE_RAM = "not enough free ram";
    public static final String FREE_DISK = "not enough free disk";
    public static final String FREE_PORTS = "not enough free ports";
}
