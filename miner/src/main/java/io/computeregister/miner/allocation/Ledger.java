package io.computeregister.miner.allocation;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.computeregister.miner.allocation.Allocation.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The miner's persisted record of its allocations: {@code <data-dir>/miner.db} (SQLite, WAL), schema by Flyway
 * ({@code miner-db/migration}), queries through JDBI.
 *
 * <p>Concurrency: one pooled connection, so statements from all threads run one after another, and every write runs
 * in an IMMEDIATE transaction, so another process on the same file cannot slip in between a read and the write that
 * depends on it (waiting up to the busy timeout instead). {@link #admit} checks ownership and capacity and inserts in
 * one such transaction: two concurrent requests can never both take the last GPU, nor the same one, nor both be
 * admitted for one renter key.
 */
public final class Ledger implements AutoCloseable {

    public static final String FILE_NAME = "miner.db";
    private static final String MIGRATIONS = "classpath:miner-db/migration";
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private static final String COLUMNS =
            "id, renter_public_key, ssh_port, cpus, memory_bytes, gpus, created_at, expires_at, state, runtime, gpu_ids,"
                    + " caller_hotkey";
    private static final String LIVE = "state <> 'removed'";

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Path file;

    private Ledger(Path file, HikariDataSource pool) {
        this.file = file;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    /**
     * Opens (creating if needed) {@code dataDir/miner.db} and brings its schema up to date.
     *
     * @throws LedgerFailure if the directory cannot be created or the database cannot be opened or migrated
     */
    public static Ledger open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new LedgerFailure("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: allocations are few and must survive a power cut; the cost is one fsync per commit.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            // Flyway gets its own connections (it may want more than the pool's one).
            Flyway.configure().dataSource(sqlite).locations(MIGRATIONS).load().migrate();
        } catch (RuntimeException e) {
            throw new LedgerFailure("cannot open or migrate " + file + ": " + e.getMessage(), e);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(sqlite);
        hikari.setMaximumPoolSize(1);
        hikari.setPoolName("miner-ledger");
        return new Ledger(file, new HikariDataSource(hikari));
    }

    public Path file() {
        return file;
    }

    /**
     * Records a new allocation if it fits what {@code host} has left; otherwise records nothing and returns every
     * shortfall. The allocation asks for what {@link Allocation#resources()} says (GPUs of any model).
     *
     * @throws AllocationConflict if the id exists or the port belongs to a live allocation
     * @throws KeyInUse if the renter's public key already owns a live allocation
     */
    public Admission admit(Allocation allocation, HostResources host) {
        return admit(allocation, allocation.resources(), host);
    }

    /**
     * As above for {@code request}, which may ask for a GPU model and memory. The GPUs are chosen in the same
     * transaction as the check ({@link Headroom#gpusFor}) and recorded by device index: {@link #find} the allocation
     * afterwards for {@link Allocation#gpuIds()} (their number may exceed {@code request.gpus()} when the memory asked
     * for needs more cards).
     */
    public Admission admit(Allocation allocation, ResourceRequest request, HostResources host) {
        return jdbi.inTransaction(h -> {
            if (findIn(h, allocation.id()).isPresent()) {
                throw new AllocationConflict("allocation " + allocation.id() + " is already in the ledger");
            }
            // Ownership is decided here, in the admitting transaction: checked before it, two concurrent requests
            // with one key would both pass and both be admitted (one key must name one allocation).
            Optional<String> keyOwner = h.createQuery("SELECT id FROM allocation WHERE renter_public_key = :key AND "
                            + LIVE).bind("key", allocation.renterPublicKey()).mapTo(String.class).findFirst();
            if (keyOwner.isPresent()) {
                throw new KeyInUse("public_key already owns a live allocation");
            }
            Optional<String> portOwner = h.createQuery("SELECT id FROM allocation WHERE ssh_port = :port AND " + LIVE)
                    .bind("port", allocation.sshPort()).mapTo(String.class).findOne();
            if (portOwner.isPresent()) {
                throw new AllocationConflict("port " + allocation.sshPort() + " is held by allocation "
                        + portOwner.get());
            }
            Headroom headroom = Headroom.of(host, liveIn(h));
            Admission admission = headroom.fits(request);
            if (admission.fits()) {
                insert(h, allocation.withGpus(headroom.gpusFor(request).orElseThrow()));
            }
            return admission;
        });
    }

    public Optional<Allocation> find(String id) {
        return jdbi.withHandle(h -> findIn(h, id));
    }

    /** Active and paused allocations, oldest first. */
    public List<Allocation> live() {
        return jdbi.withHandle(Ledger::liveIn);
    }

    /** Live allocations whose expiry is at or before {@code now}, soonest first. */
    public List<Allocation> expired(Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM allocation WHERE " + LIVE
                        + " AND expires_at <= :now ORDER BY expires_at, id")
                .bind("now", now.toEpochMilli()).map(Ledger::row).list());
    }

    /** How many live allocations {@code callerHotkey} asked for (never which, never whose else). */
    public int heldBy(String callerHotkey) {
        if (callerHotkey == null || callerHotkey.isBlank()) {
            return 0;
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM allocation WHERE caller_hotkey = :caller AND "
                + LIVE).bind("caller", callerHotkey.strip()).mapTo(Integer.class).one());
    }

    /** SSH ports of live allocations (to mark as held in the port range at start). */
    public Set<Integer> livePorts() {
        return jdbi.withHandle(h -> {
            Set<Integer> ports = new LinkedHashSet<>(
                    h.createQuery("SELECT ssh_port FROM allocation WHERE " + LIVE + " ORDER BY ssh_port")
                            .mapTo(Integer.class).list());
            ports.addAll(h.createQuery("SELECT p.host_port FROM allocation_port p JOIN allocation a"
                            + " ON a.id = p.allocation_id WHERE a." + LIVE + " ORDER BY p.host_port")
                    .mapTo(Integer.class).list());
            return ports;
        });
    }

    /** Records the extra ports of an allocation (container port to host port), in one transaction. */
    public void recordPorts(String id, Map<Integer, Integer> containerToHost) {
        if (containerToHost.isEmpty()) return;
        jdbi.useTransaction(h -> {
            for (var e : containerToHost.entrySet()) {
                h.createUpdate("INSERT INTO allocation_port (allocation_id, container_port, host_port)"
                                + " VALUES (:id, :c, :h)")
                        .bind("id", id).bind("c", e.getKey()).bind("h", e.getValue()).execute();
            }
        });
    }

    /** An allocation's extra ports, container port to host port, by container port. */
    public Map<Integer, Integer> ports(String id) {
        return jdbi.withHandle(h -> {
            Map<Integer, Integer> out = new java.util.TreeMap<>();
            h.createQuery("SELECT container_port, host_port FROM allocation_port WHERE allocation_id = :id")
                    .bind("id", id)
                    .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getInt(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    /** What {@code host} has left after the live allocations. */
    public Headroom headroom(HostResources host) {
        return Headroom.of(host, live());
    }

    /**
     * Moves an allocation to a new state and returns it. Removed is final: a removed allocation cannot come back (its
     * port may already be someone else's).
     *
     * @throws UnknownAllocation if there is no such id
     * @throws IllegalStateException if the allocation is already removed and {@code to} is not removed
     */
    public Allocation changeState(String id, State to) {
        return jdbi.inTransaction(h -> {
            Allocation current = findIn(h, id)
                    .orElseThrow(() -> new UnknownAllocation("allocation " + id + " is not in the ledger"));
            if (current.state() == to) {
                return current;
            }
            if (current.state() == State.REMOVED) {
                throw new IllegalStateException("allocation " + id + " is removed; it cannot become "
                        + to.column());
            }
            h.createUpdate("UPDATE allocation SET state = :state WHERE id = :id")
                    .bind("state", to.column()).bind("id", id).execute();
            return current.withState(to);
        });
    }

    /**
     * Moves a live allocation's expiry {@code by} later, in one transaction, and returns it: the expiry job and a
     * restarted miner read the new time from here.
     *
     * @throws UnknownAllocation if there is no live allocation with that id
     */
    public Allocation extend(String id, Duration by) {
        return jdbi.inTransaction(h -> {
            int changed = h.createUpdate("UPDATE allocation SET expires_at = expires_at + :by WHERE id = :id AND "
                            + LIVE)
                    .bind("by", by.toMillis()).bind("id", id).execute();
            if (changed != 1) throw new UnknownAllocation("allocation " + id + " is not live in the ledger");
            return findIn(h, id).orElseThrow();
        });
    }

    @Override
    public void close() {
        pool.close();
    }

    private static Optional<Allocation> findIn(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM allocation WHERE id = :id")
                .bind("id", id).map(Ledger::row).findOne();
    }

    private static List<Allocation> liveIn(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM allocation WHERE " + LIVE + " ORDER BY created_at, id")
                .map(Ledger::row).list();
    }

    private static void insert(Handle h, Allocation a) {
        h.createUpdate("INSERT INTO allocation (" + COLUMNS + ") VALUES (:id, :key, :port, :cpus, :memory, :gpus,"
                        + " :created, :expires, :state, :runtime, :gpuIds, :caller)")
                .bind("id", a.id())
                .bind("key", a.renterPublicKey())
                .bind("port", a.sshPort())
                .bind("cpus", a.cpus())
                .bind("memory", a.memoryBytes())
                .bind("gpus", a.gpus())
                .bind("created", a.createdAt().toEpochMilli())
                .bind("expires", a.expiresAt().toEpochMilli())
                .bind("state", a.state().column())
                .bind("runtime", a.runtime())
                .bind("gpuIds", a.gpuIds().stream().map(String::valueOf).collect(Collectors.joining(",")))
                .bind("caller", a.callerHotkey())
                .execute();
    }

    private static Allocation row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Allocation(
                rs.getString("id"),
                rs.getString("renter_public_key"),
                rs.getInt("ssh_port"),
                rs.getDouble("cpus"),
                rs.getLong("memory_bytes"),
                rs.getInt("gpus"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")),
                State.fromColumn(rs.getString("state")),
                rs.getString("runtime"),
                gpuIds(rs.getString("gpu_ids")),
                rs.getString("caller_hotkey"));
    }

    private static List<Integer> gpuIds(String column) {
        if (column == null || column.isBlank()) return List.of();
        return Arrays.stream(column.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    /** The id or the port is already taken. */
    public static final class AllocationConflict extends RuntimeException {
        public AllocationConflict(String message) {
            super(message);
        }
    }

    /** The renter's public key already owns a live allocation: one key names one allocation. */
    public static final class KeyInUse extends RuntimeException {
        public KeyInUse(String message) {
            super(message);
        }
    }

    /** No allocation with that id. */
    public static final class UnknownAllocation extends RuntimeException {
        public UnknownAllocation(String message) {
            super(message);
        }
    }

    /** The database cannot be opened or used. */
    public static final class LedgerFailure extends RuntimeException {
        public LedgerFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
