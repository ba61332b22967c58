package io.computeregister.api.jobs;

import io.computeregister.api.store.Database;
import io.computeregister.api.store.Event;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The health loop's and reconciliation's per-allocation memory ({@code allocation_health}, migration V40): consecutive
 * missed probes, whether the allocation was reported down, consecutive "not owned" answers. A state change and its
 * outbox event are written in one transaction, so a renter is told exactly when the state changes, even across a
 * leader change.
 */
public final class HealthLedger {

    /** What a probe result changed. */
    public enum Transition { NONE, WENT_DOWN, CAME_BACK }

    public record Row(String allocationUuid, int misses, boolean down, int notOwned) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public HealthLedger(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    public Optional<Row> find(String allocationUuid) {
        return jdbi.withHandle(h -> find(h, allocationUuid));
    }

    private static Optional<Row> find(Handle h, String uuid) {
        return h.createQuery("SELECT * FROM allocation_health WHERE allocation_uuid = :u").bind("u", uuid)
                .map((rs, ctx) -> new Row(rs.getString("allocation_uuid"), rs.getInt("misses"),
                        rs.getBoolean("down"), rs.getInt("not_owned")))
                .findOne();
    }

    /**
     * The miner answered: misses reset; a down allocation comes back (event {@code cameBack} written in the same
     * transaction). {@code owned=false} counts one more consecutive "not owned" answer; true resets that count.
     */
    public Transition answered(String uuid, String minerHotkey, boolean owned, Event cameBack) {
        return answered(uuid, minerHotkey, Boolean.valueOf(owned), cameBack);
    }

    /**
     * The miner answered a probe that says nothing about this allocation (an original miner's liveness probe,
     * {@code Allocate(checking=true, timeline=1)}): misses reset, a down allocation comes back, the "not owned" count
     * stays as it was.
     */
    public Transition reachable(String uuid, String minerHotkey, Event cameBack) {
        return answered(uuid, minerHotkey, null, cameBack);
    }

    private Transition answered(String uuid, String minerHotkey, Boolean owned, Event cameBack) {
        return jdbi.inTransaction(h -> {
            long now = clock.millis();
            Row before = find(h, uuid).orElse(new Row(uuid, 0, false, 0));
            int notOwned = owned == null ? before.notOwned() : owned ? 0 : before.notOwned() + 1;
            write(h, uuid, minerHotkey, 0, false, notOwned, now, before.down() ? now : null);
            if (!before.down()) return Transition.NONE;
            append(h, cameBack, now);
            return Transition.CAME_BACK;
        });
    }

    /** One more missed probe; at {@code threshold} consecutive misses the allocation goes down (event written). */
    public Transition missed(String uuid, String minerHotkey, int threshold, Event wentDown) {
        return jdbi.inTransaction(h -> {
            long now = clock.millis();
            Row before = find(h, uuid).orElse(new Row(uuid, 0, false, 0));
            int misses = before.misses() + 1;
            boolean goesDown = !before.down() && misses >= threshold;
            write(h, uuid, minerHotkey, misses, before.down() || goesDown, before.notOwned(), now,
                    goesDown ? now : null);
            if (!goesDown) return Transition.NONE;
            append(h, wentDown, now);
            return Transition.WENT_DOWN;
        });
    }

    /** Forgets allocations that are no longer active (their rows would otherwise only grow). */
    public int forgetEnded() {
        return jdbi.withHandle(h -> h.createUpdate("""
                DELETE FROM allocation_health WHERE allocation_uuid NOT IN
                    (SELECT uuid FROM allocations WHERE state = 'active')""").execute());
    }

    private static void write(Handle h, String uuid, String miner, int misses, boolean down, int notOwned, long now,
                              Long changedAt) {
        int updated = h.createUpdate("""
                        UPDATE allocation_health SET misses = :misses, down = :down, not_owned = :notOwned,
                            last_probe_at = :now, changed_at = COALESCE(:changed, changed_at)
                        WHERE allocation_uuid = :u""")
                .bind("misses", misses).bind("down", down).bind("notOwned", notOwned).bind("now", now)
                .bind("changed", changedAt).bind("u", uuid).execute();
        if (updated == 0) {
            h.createUpdate("""
                            INSERT INTO allocation_health (allocation_uuid, miner_hotkey, misses, down, not_owned,
                                last_probe_at, changed_at)
                            VALUES (:u, :m, :misses, :down, :notOwned, :now, :now)""")
                    .bind("u", uuid).bind("m", miner).bind("misses", misses).bind("down", down)
                    .bind("notOwned", notOwned).bind("now", now).execute();
        }
    }

    /** The same outbox row {@code JdbiStore} writes (the events table of migration V1). */
    static void append(Handle h, Event event, long now) {
        h.createUpdate("""
                        INSERT INTO events (type, allocation_uuid, payload, created_at)
                        VALUES (:type, :uuid, :payload, :now)""")
                .bind("type", event.type()).bind("uuid", event.allocationUuid()).bind("payload", event.payloadJson())
                .bind("now", now)
                .execute();
    }
}
