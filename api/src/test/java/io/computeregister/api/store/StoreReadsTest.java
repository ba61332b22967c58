package io.computeregister.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.api.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.statement.UnableToCreateStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SQLite reads asked for on a virtual thread run on the store's platform threads (a JNI call would keep the virtual
 * thread's carrier); reads on a platform thread, a read nested in another, and every read on PostgreSQL run in place.
 * What the caller sees is the same either way: the answer, or the exception the read threw.
 */
class StoreReadsTest {

    private TestDb db;
    private Database database;

    @BeforeEach
    void open() {
        db = TestDb.open(TestDb.Kind.SQLITE);
        database = db.database;
    }

    @AfterEach
    void close() {
        db.close();
    }

    private record Seen(String thread, boolean virtual, long answer) {}

    private Seen readOnce() {
        return readOn(database);
    }

    private static Seen readOn(Database on) {
        return on.readers().withHandle(h -> new Seen(Thread.currentThread().getName(),
                Thread.currentThread().isVirtual(), h.createQuery("SELECT 41 + 1").mapTo(Long.class).one()));
    }

    @Test
    void a_sqlite_read_asked_on_virtual_threads_runs_on_the_stores_platform_threads() throws Exception {
        List<Seen> seen = new ArrayList<>();
        try (ExecutorService renters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Seen>> reads = new ArrayList<>();
            for (int i = 0; i < 32; i++) reads.add(renters.submit(this::readOnce));
            for (Future<Seen> read : reads) seen.add(read.get());
        }
        assertThat(seen).hasSize(32).allSatisfy(s -> {
            assertThat(s.answer()).isEqualTo(42);
            assertThat(s.virtual()).isFalse();
            assertThat(s.thread()).startsWith("compute-store-read-");
        });
    }

    @Test
    void a_read_on_a_platform_thread_runs_in_place() throws Exception {
        Seen[] seen = new Seen[1];
        Thread job = Thread.ofPlatform().name("a-job").start(() -> seen[0] = readOnce());
        job.join();
        assertThat(seen[0]).isEqualTo(new Seen("a-job", false, 42));
    }

    @Test
    void a_read_nested_in_another_runs_in_place_instead_of_waiting_for_a_free_thread() throws Exception {
        try (ExecutorService renters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Seen>>> reads = new ArrayList<>();
            // More outer reads than the store has threads: a nested read that queued would wait for ever.
            for (int i = 0; i < 16; i++) {
                reads.add(renters.submit(() -> database.readers().withHandle(h -> {
                    Seen outer = new Seen(Thread.currentThread().getName(), Thread.currentThread().isVirtual(), 0);
                    return List.of(outer, readOnce());
                })));
            }
            for (Future<List<Seen>> read : reads) {
                List<Seen> pair = read.get();
                assertThat(pair.get(1).thread()).isEqualTo(pair.get(0).thread()).startsWith("compute-store-read-");
                assertThat(pair.get(1).answer()).isEqualTo(42);
            }
        }
    }

    @Test
    void a_postgresql_read_asked_on_a_virtual_thread_runs_in_place() throws Exception {
        try (TestDb pg = TestDb.open(TestDb.Kind.POSTGRES);
             ExecutorService renters = Executors.newVirtualThreadPerTaskExecutor()) {
            Seen seen = renters.submit(() -> readOn(pg.database)).get();
            assertThat(seen.virtual()).isTrue();
            assertThat(seen.answer()).isEqualTo(42);
        }
    }

    @Test
    void the_caller_gets_the_exception_the_read_threw() throws Exception {
        try (ExecutorService renters = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> read = renters.submit(() -> database.readers()
                    .withHandle(h -> h.createQuery("SELECT * FROM no_such_table").mapToMap().list()));
            assertThatThrownBy(read::get).cause()
                    .isInstanceOf(UnableToCreateStatementException.class)
                    .hasMessageContaining("no_such_table");
        }
    }
}
