package io.computeregister.bittensor.dendrite;

import java.util.ArrayDeque;

/**
 * Caps the number of requests on the wire without parking a thread per waiting call: a call over the cap is queued
 * as a continuation and started by whichever call finishes first. The queue itself is bounded too.
 */
final class InFlightLimit {
    private final int maxInFlight;
    private final int maxQueued;
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private int inFlight;

    InFlightLimit(int maxInFlight, int maxQueued) {
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
    }

    /** Runs {@code start} now or later (on the thread of a finishing call); false when the queue is full. */
    boolean submit(Runnable start) {
        synchronized (this) {
            if (inFlight >= maxInFlight) {
                if (queued.size() >= maxQueued) return false;
                queued.add(start);
                return true;
            }
            inFlight++;
        }
        start.run();
        return true;
    }

    /** Called exactly once per started call when it completes. */
    void release() {
        Runnable next;
        synchronized (this) {
            next = queued.poll();
            if (next == null) inFlight--;
        }
        if (next != null) next.run();
    }
}
