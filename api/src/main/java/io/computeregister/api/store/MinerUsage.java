package io.computeregister.api.store;

/**
 * What the reservations that still hold a miner take of it, summed (see {@link Store#minerUsage()}).
 *
 * @param holds how many reservations hold it
 * @param whole how many of them take the whole machine (an original miner's one renter, or a row without a claim)
 */
public record MinerUsage(int holds, int whole, int cpus, long memoryBytes, long diskBytes, int gpus, int ports) {

    public static final MinerUsage NONE = new MinerUsage(0, 0, 0, 0, 0, 0, 0);

    public boolean held() {
        return holds > 0;
    }

    /** What is left of {@code room} after this usage, per resource (negative where over-committed). */
    public Room left(Room room) {
        return new Room(room.cpus() - cpus, room.memoryBytes() - memoryBytes, room.diskBytes() - diskBytes,
                room.gpus() - gpus, room.ports() - ports);
    }

    /**
     * What a miner offers one request, per resource: its cores, memory, disk and host ports, and of its GPUs those the
     * request could use (model and memory per card).
     */
    public record Room(int cpus, long memoryBytes, long diskBytes, int gpus, int ports) {

        /** Whether {@code claim} fits in this room. */
        public boolean admits(Claim claim) {
            return claim.cpus() <= cpus && claim.memoryBytes() <= memoryBytes && claim.diskBytes() <= diskBytes
                    && claim.gpus() <= gpus && claim.ports() <= ports;
        }
    }

    /** Whether {@code claim} fits beside this usage in a miner offering {@code room}: nothing takes it whole. */
    public boolean admits(Claim claim, Room room) {
        return whole == 0 && left(room).admits(claim);
    }
}
