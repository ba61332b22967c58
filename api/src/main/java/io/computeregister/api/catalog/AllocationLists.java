package io.computeregister.api.catalog;

import io.computeregister.api.allocation.AllocationView;
import io.computeregister.api.http.Envelope;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * allocations_sql's answers (docs/protocol.md §2.9), one per caller's view (a tenant's own allocations, or every
 * tenant's for an admin), rendered once per change of the allocations and served from memory, in chunks, gzipped
 * once for the clients that accept it ({@link ChunkedAnswer}). A request costs one read of the newest event seq.
 *
 * <p>Every change to an allocation appends an event in its own transaction (Store), so the newest event's seq
 * versions every list. The seq is read before the rows: an answer rendered under seq N holds data at least as new
 * as N, and the next change makes the next request render it again, once: concurrent requests of one view wait for
 * that one rendering instead of each repeating it. On SQLite (one writer) seqs commit in order and this is exact;
 * on PostgreSQL two concurrent changes may commit out of seq order, which the newest seq cannot see, so there an
 * answer is also never served when older than {@link #UNORDERED_MAX_AGE}.
 */
final class AllocationLists {

    /** The view of an admin, who sees every tenant's allocations. */
    private static final String ALL_TENANTS = "*";
    private static final int MAX_VIEWS = 4096;
    private static final Duration UNORDERED_MAX_AGE = Duration.ofSeconds(1);

    private final Store store;
    private final boolean seqsCommitInOrder;
    private final Map<String, View> views = new ConcurrentHashMap<>();

    AllocationLists(Store store) {
        this.store = store;
        this.seqsCommitInOrder = store.eventsCommitInSeqOrder();
    }

    /** The answer for this caller, rendered again only when an allocation changed since the last one. */
    ChunkedAnswer current(Tenant tenant) {
        String key = tenant.admin() ? ALL_TENANTS : tenant.id();
        View view = views.get(key);
        if (view == null) {
            if (views.size() >= MAX_VIEWS) views.clear(); // crude bound; a view is rendered again on demand
            view = views.computeIfAbsent(key, k -> new View(tenant.admin() ? null : tenant.id()));
        }
        return view.current();
    }

    private record Rendered(long seq, long renderedAt, ChunkedAnswer answer) {}

    private final class View {
        private final String tenantId;
        private final ReentrantLock rendering = new ReentrantLock();
        private volatile Rendered last;

        View(String tenantId) {
            this.tenantId = tenantId;
        }

        ChunkedAnswer current() {
            long seq = store.lastEventSeq();
            Rendered r = last;
            if (r != null && r.seq() == seq && young(r)) return r.answer();
            rendering.lock(); // not synchronized: a virtual thread waiting on a monitor pins its carrier on JDK 21
            try {
                r = last;
                if (r != null && r.seq() >= seq && young(r)) return r.answer(); // rendered while we waited
                long renderedAt = System.nanoTime();
                r = new Rendered(seq, renderedAt, render());
                last = r;
                return r.answer();
            } finally {
                rendering.unlock();
            }
        }

        private boolean young(Rendered r) {
            return seqsCommitInOrder || System.nanoTime() - r.renderedAt() <= UNORDERED_MAX_AGE.toNanos();
        }

        private ChunkedAnswer render() {
            // The redacted query: the lists blank the password anyway, so it is neither read nor decrypted.
            List<AllocationRecord> rows = store.listActiveAllocationsRedacted(tenantId);
            if (rows.isEmpty()) {
                return ChunkedAnswer.of(404, Envelope.failure("No resources found.",
                        "No allocated resources found. Allocate a resource with validator."));
            }
            List<AllocationView> items = new ArrayList<>(rows.size());
            for (AllocationRecord a : rows) items.add(listed(a));
            return ChunkedAnswer.of(200, Envelope.success("List allocations successfully.", items));
        }
    }

    /** The docs/protocol.md §9.3 shape without the secret: the password was returned once, at allocation time. */
    static AllocationView listed(AllocationRecord a) {
        AllocationView full = AllocationView.of(a);
        return new AllocationView(full.resource(), full.hotkey(), "", full.sshIp(), full.sshPort(), full.sshUsername(),
                "", full.sshCommand(), full.sshKey(), full.uuidKey(), full.minerVersion(), full.ports());
    }
}
