package io.computeregister.bittensor.axon;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The caller's wait for one reply, as its handler sees it. The axon answers the caller 408 at its timeout and lets the
 * handler run to its end (it is never interrupted half-way), so what the handler produces after that reaches nobody.
 * A handler whose result must not be lost (credentials of a machine it just started) {@link #claim}s the reply as its
 * last step: either the caller still waits and will get the reply, or it has been answered 408 and the handler undoes
 * its work. The two outcomes exclude each other: one atomic state, moved once by whichever side comes first.
 */
public final class PendingReply {

    private enum State { WAITING, CLAIMED, ABANDONED }

    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);

    /** A caller that waits: for a handler called directly (tests, tools), not through an axon. */
    public static PendingReply waiting() {
        return new PendingReply();
    }

    PendingReply() {}

    /**
     * Claims the reply for the caller; call it last, right before returning the reply.
     *
     * @return true: the caller gets the reply (the axon sends it even if the timeout passes meanwhile); false: the
     *     caller has already been answered 408 and will never see it
     */
    public boolean claim() {
        state.compareAndSet(State.WAITING, State.CLAIMED);
        return state.get() == State.CLAIMED;
    }

    /** Whether the caller has already been answered with its timeout. */
    public boolean abandoned() {
        return state.get() == State.ABANDONED;
    }

    /** The axon at the caller's timeout: true if the caller is answered 408 now; false if the reply was claimed. */
    boolean abandon() {
        state.compareAndSet(State.WAITING, State.ABANDONED);
        return state.get() == State.ABANDONED;
    }
}
