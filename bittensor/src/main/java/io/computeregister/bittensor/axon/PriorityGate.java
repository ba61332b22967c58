package io.computeregister.bittensor.axon;

import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admits at most {@code slots} handlers at once; waiters are admitted highest priority first, then in arrival
 * order. Plays the part of Python's priority thread pool, but bounded and with a wait limit.
 */
final class PriorityGate {
    private final int slots;
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>();
    private int running;
    private long arrivals;

    private final class Waiter implements Comparable<Waiter> {
        final double priority;
        final long seq;
        final Condition admitted = lock.newCondition();
        boolean granted;

        Waiter(double priority, long seq) {
            this.priority = priority;
            this.seq = seq;
        }

        @Override
        public int compareTo(Waiter o) {
            int byPriority = Double.compare(o.priority, priority);
            return byPriority != 0 ? byPriority : Long.compare(seq, o.seq);
        }
    }

    PriorityGate(int slots) {
        this.slots = slots;
    }

    /** True once admitted (then call {@link #release()}), false if {@code timeoutNanos} passed first. */
    boolean enter(double priority, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            if (running < slots && waiting.isEmpty()) {
                running++;
                return true;
            }
            Waiter w = new Waiter(Double.isNaN(priority) ? Double.NEGATIVE_INFINITY : priority, arrivals++);
            waiting.add(w);
            long remaining = timeoutNanos;
            try {
                while (!w.granted) {
                    if (remaining <= 0) {
                        waiting.remove(w);
                        return false;
                    }
                    remaining = w.admitted.awaitNanos(remaining);
                }
                return true;
            } catch (InterruptedException e) {
                if (w.granted) releaseLocked();
                else waiting.remove(w);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            releaseLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Hands the slot straight to the best waiter, so a newcomer cannot overtake it. */
    private void releaseLocked() {
        Waiter next = waiting.poll();
        if (next == null) {
            running--;
        } else {
            next.granted = true;
            next.admitted.signal();
        }
    }
}
