package io.computeregister.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Everything the API persists. One implementation ({@link JdbiStore}) over SQLite or PostgreSQL; every method is
 * one transaction, so no caller can leave half-written state behind.
 */
public interface Store extends AutoCloseable {

    // ---- miners

    /** Inserts or updates address, uid, specs and health; never touches the operator's block flag. */
    void upsertMiner(MinerRecord miner);

    Optional<MinerRecord> findMiner(String hotkey);

    List<MinerRecord> listMiners();

    /**
     * Every miner in {@link #listMiners()}'s order, handed over one at a time as the rows are read: a load of a large
     * fleet never holds every row at once.
     */
    void forEachMiner(Consumer<MinerRecord> each);

    /** The spec reports of these miners as stored (a null value: none), by hotkey; unknown hotkeys are left out. */
    Map<String, String> minerSpecs(Collection<String> hotkeys);

    /**
     * A number every write to the miners (upsert, block) moves, in the write's own transaction: when it has not
     * moved, {@link #listMiners()} would return what it returned before (the placement index reloads only then).
     */
    long minersVersion();

    /** Blocks or unblocks a miner; an unknown hotkey gets a placeholder row so a block can precede registration. */
    void setBlocked(String hotkey, boolean blocked, String reason);

    // ---- reservations: the only way to hold a miner

    /**
     * Takes a whole miner (slot {@code slot}; an original miner has one renter) for {@code ttl}, first dropping any
     * holder that no longer holds it. Empty when anything else holds the miner: the primary key and the check of the
     * miner's other reservations in the same transaction decide, so two concurrent calls can never both succeed.
     */
    Optional<Reservation> reserve(String minerHotkey, int slot, String tenantId, Duration ttl);

    /**
     * Takes {@code claim}'s share of a miner that offers {@code room} (our miner: several renters side by side) for
     * {@code ttl}. In one transaction that excludes every other reservation of that miner (SQLite: the one writer;
     * PostgreSQL: the miner's row locked), it drops the reservations that no longer hold it, sums what the others
     * take, and inserts this one only if the claim fits beside them and nothing holds the whole machine. Empty when it
     * does not fit: 50 concurrent calls never take more than the room has.
     */
    Optional<Reservation> reserve(String minerHotkey, Claim claim, MinerUsage.Room room, String tenantId,
                                  Duration ttl);

    /** Releases a reservation that never became an allocation (or whose allocation is gone); idempotent. */
    void release(String token);

    /**
     * Write-ahead before {@code Allocate} is sent: records on a pending reservation the regkey the miner will own the
     * container by and the uuid the allocation will get. False (nothing written) when the reservation is no longer a
     * pending one of ours.
     */
    boolean recordAllocateIntent(String token, String allocationUuid, String regkeyPem);

    /**
     * A pending reservation its request has given up on while the miner may hold its container (the cleanup
     * deallocate was not confirmed): its hold ends now, so the recovery sweep takes it on its next round instead of
     * after the whole pending TTL. It keeps its regkey, so it still holds the miner until the sweep gets the miner to
     * confirm.
     */
    void abandonPending(String token);

    /**
     * Reservations that never became an allocation: all of them ({@code expiredOnly} false; at start, when no request
     * of this process can own one) or only those whose pending hold has run out.
     */
    List<PendingReservation> pendingReservations(boolean expiredOnly);

    /**
     * Hotkeys with at least one reservation that still holds its miner (for the placement snapshot): unexpired, or
     * one only the miner's confirmation can free (an Allocate may have reached it, or it did not confirm a
     * deallocation), or one whose allocation is still active.
     */
    Set<String> heldMiners();

    /** What the reservations that still hold each held miner take of it (miners nothing holds are absent). */
    Map<String, MinerUsage> minerUsage();

    /** {@link #minerUsage()} for one miner; {@link MinerUsage#NONE} when nothing holds it. */
    MinerUsage minerUsage(String minerHotkey);

    // ---- allocations

    /**
     * Turns the reservation into the allocation's hold (its expiry becomes the allocation's), writes the allocation,
     * binds the idempotency key (if any) and appends the event, all in one transaction. False, with nothing written,
     * when the reservation is no longer ours (it expired and someone else took the miner).
     */
    boolean commitAllocation(String reservationToken, AllocationRecord allocation, String idempotencyKey, Event event);

    /** An allocation with its password decrypted: the one read that needs it (an idempotent replay returns it). */
    Optional<AllocationRecord> findAllocation(String uuid);

    /**
     * The active allocation on a miner, if any, without its password ("" in the record; never read or decrypted):
     * the checks before a miner call need the ids and the regkey only.
     */
    Optional<AllocationRecord> findActiveAllocationOnMiner(String minerHotkey);

    /** Every active allocation on a miner (our miner rents to several at once), newest first, without passwords. */
    List<AllocationRecord> findActiveAllocationsOnMiner(String minerHotkey);

    /**
     * Active allocations, of one tenant or (tenantId null) of all, for the background jobs: with the regkey (probes
     * and deallocations need it) but without the password, which is neither read nor decrypted ("" in the records).
     * So a row sealed under another {@code COMPUTE_SECRET_KEY} cannot stop a health, expiry or reconciliation round.
     */
    List<AllocationRecord> listActiveAllocations(String tenantId);

    /**
     * As {@link #listActiveAllocations} for the list endpoints, which never show secrets: the password and the regkey
     * are neither read nor decrypted, and are "" in the records returned.
     */
    List<AllocationRecord> listActiveAllocationsRedacted(String tenantId);

    /**
     * Ends an active allocation and appends the event. {@link AllocationState#DEALLOCATED} (the miner confirmed the
     * container is gone) frees the miner's slot; {@link AllocationState#DEALLOCATED_UNCONFIRMED} keeps it held until
     * {@link #confirmDeallocation}. False if it was not active.
     */
    boolean endAllocation(String uuid, AllocationState endState, Event event);

    /**
     * Allocations ended without the miner's confirmation that their container is gone (with the regkey, without the
     * password): the reconciliation job asks their miners again until they confirm.
     */
    List<AllocationRecord> listUnconfirmedDeallocations();

    /**
     * The miner confirmed (or answered that it holds nothing for the allocation's key): the allocation becomes
     * {@link AllocationState#DEALLOCATED} and its miner's slot is freed, in one transaction. False if it was not
     * waiting for a confirmation.
     */
    boolean confirmDeallocation(String uuid);

    /**
     * Moves an active allocation's expiry {@code by} later, its reservation's with it, and appends the event built
     * from the new expiry, in one transaction; empty (nothing written) if it is not active.
     */
    Optional<Instant> extendAllocation(String uuid, Duration by, Function<Instant, Event> event);

    /**
     * The allocations that were live at some moment of [{@code from}, {@code to}), of one tenant or (null) all, in
     * start order: for usage and billing.
     */
    List<AllocationSpan> allocationSpans(Instant from, Instant to, String tenantId);

    /** Marks an active allocation paused or running and appends the event; false if it is not active. */
    boolean setPaused(String uuid, boolean paused, Event event);

    /**
     * Records a new SSH key in its slot (the renter's own or the terminal's) on an active allocation and appends the
     * event; false if it is not active.
     */
    boolean updateSshKey(String uuid, SshKeySlot slot, String sshKey, Event event);

    // ---- tenants and keys

    Tenant createTenant(String name, boolean admin);

    Optional<Tenant> findTenantByName(String name);

    /** Stores a key; false (nothing written) when a key with the same hash exists already, revoked or not. */
    boolean addApiKey(ApiKeyRecord key);

    /**
     * The tenant owning an unrevoked key with this hash. Read on every request and never cached, so a revocation
     * holds at once on every replica.
     */
    Optional<Tenant> findTenantByKeyHash(String keyHash);

    /** Keys of one tenant, or (tenantId null) of all, revoked ones included, oldest first. */
    List<ApiKeyInfo> listApiKeys(String tenantId);

    /**
     * Revokes the working key with this prefix, of one tenant or (tenantId null) of any; idempotent. Nothing changes
     * when the prefix is unknown (in that scope) or shared by several working keys.
     */
    KeyRevocation revokeApiKey(String prefix, String tenantId);

    // ---- idempotency

    IdempotencyClaim claimIdempotencyKey(String tenantId, String key, String requestHash, Duration claimLifetime);

    /** Forgets an unbound claim after a failed request so the client may retry with the same key. */
    void releaseIdempotencyKey(String tenantId, String key);

    // ---- events

    /** Appends an event not tied to another change (e.g. a miner going down), in its own transaction. */
    void appendEvent(Event event);

    /**
     * The newest event's seq, 0 when there is none. Every change to an allocation (commit, end, pause, key) appends
     * its event in the same transaction, so this also versions the allocations: the allocations_sql cache relies on
     * it. A new method that changes an allocation must append an event too.
     */
    long lastEventSeq();

    /**
     * Whether events commit in seq order, so that {@link #lastEventSeq()} not moving means no allocation changed:
     * true with one writer (SQLite); false on PostgreSQL, where a change may commit after one with a higher seq.
     */
    boolean eventsCommitInSeqOrder();

    // ---- health

    /** A trivial round trip; throws when the database does not answer. */
    void ping();

    /** When any miner row last changed (a metagraph or specs sync); empty with no miners. */
    java.util.Optional<java.time.Instant> minersUpdatedAt();

    /** Events with seq greater than {@code afterSeq}, oldest first. */
    List<Event> eventsAfter(long afterSeq, int limit);

    @Override
    void close();
}
