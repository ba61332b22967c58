package io.computeregister.api.store;

import io.computeregister.api.http.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link Store} over JDBI. The SQL is the portable subset SQLite and PostgreSQL share (INSERT .. ON CONFLICT, no
 * RETURNING), so one implementation serves both. Each public method is exactly one transaction.
 */
public final class JdbiStore implements Store {

    private final Database database;
    private final Jdbi jdbi;
    /** Lone reads: on SQLite a pool beside the writer's one connection, so no request waits behind a write. */
    private final StoreReads reads;
    private final SecretBox secrets;
    private final Clock clock;

    public JdbiStore(Database database, SecretBox secrets, Clock clock) {
        this.database = database;
        this.jdbi = database.jdbi();
        this.reads = database.readers();
        this.secrets = secrets;
        this.clock = clock;
    }

    public Database.Dialect dialect() {
        return database.dialect();
    }

    // ---- miners

    private static final RowMapper<MinerRecord> MINER = (rs, ctx) -> new MinerRecord(
            rs.getString("hotkey"),
            nullableInt(rs, "uid"),
            rs.getString("ip"),
            rs.getInt("port"),
            rs.getString("specs"),
            instant(rs, "specs_updated_at"),
            rs.getString("specs_source"),
            Health.fromDb(rs.getString("health")),
            instant(rs, "last_seen"),
            rs.getBoolean("blocked"),
            rs.getString("blocked_reason"));

    @Override
    public void upsertMiner(MinerRecord m) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO miners (hotkey, uid, ip, port, specs, specs_updated_at, specs_source, health, last_seen,
                        updated_at)
                    VALUES (:hotkey, :uid, :ip, :port, :specs, :specsAt, :specsSource, :health, :lastSeen, :now)
                    ON CONFLICT (hotkey) DO UPDATE SET uid = excluded.uid, ip = excluded.ip, port = excluded.port,
                        specs = excluded.specs, specs_updated_at = excluded.specs_updated_at,
                        specs_source = excluded.specs_source, health = excluded.health,
                        last_seen = excluded.last_seen, updated_at = excluded.updated_at""")
                    .bind("hotkey", m.hotkey())
                    .bind("uid", m.uid())
                    .bind("ip", m.ip())
                    .bind("port", m.port())
                    .bind("specs", m.specsJson())
                    .bind("specsAt", millis(m.specsUpdatedAt()))
                    .bind("specsSource", m.specsSource())
                    .bind("health", m.health().dbValue())
                    .bind("lastSeen", millis(m.lastSeen()))
                    .bind("now", clock.millis())
                    .execute();
            minersChanged(h);
        });
    }

    /** Moves {@link #minersVersion()}; last in the transaction, so the shared row is locked only until its commit. */
    private static void minersChanged(Handle h) {
        h.createUpdate("UPDATE store_versions SET version = version + 1 WHERE name = 'miners'").execute();
    }

    @Override
    public long minersVersion() {
        return reads.withHandle(h -> h.createQuery("SELECT version FROM store_versions WHERE name = 'miners'")
                .mapTo(Long.class).one());
    }

    @Override
    public Optional<MinerRecord> findMiner(String hotkey) {
        return reads.withHandle(h -> h.createQuery("SELECT * FROM miners WHERE hotkey = :hotkey")
                .bind("hotkey", hotkey).map(MINER).findOne());
    }

    @Override
    public List<MinerRecord> listMiners() {
        return reads.withHandle(h -> h.createQuery("SELECT * FROM miners ORDER BY uid, hotkey").map(MINER).list());
    }

    @Override
    public void forEachMiner(Consumer<MinerRecord> each) {
        // In a transaction with a fetch size: PostgreSQL's driver streams a result only so (SQLite always does).
        reads.useTransaction(h -> h.createQuery("SELECT * FROM miners ORDER BY uid, hotkey").setFetchSize(500)
                .map(MINER).forEach(each));
    }

    /** Hotkeys per statement in {@link #minerSpecs}: well under SQLite's limit of bound variables. */
    private static final int SPECS_BATCH = 500;

    @Override
    public Map<String, String> minerSpecs(Collection<String> hotkeys) {
        Map<String, String> specs = new HashMap<>();
        List<String> all = List.copyOf(hotkeys);
        for (int from = 0; from < all.size(); from += SPECS_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + SPECS_BATCH));
            reads.useHandle(h -> h.createQuery("SELECT hotkey, specs FROM miners WHERE hotkey IN (<hotkeys>)")
                    .bindList("hotkeys", batch)
                    .map((rs, ctx) -> new String[] {rs.getString("hotkey"), rs.getString("specs")})
                    .forEach(row -> specs.put(row[0], row[1])));
        }
        return specs;
    }

    @Override
    public void setBlocked(String hotkey, boolean blocked, String reason) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO miners (hotkey, ip, port, blocked, blocked_reason, updated_at)
                    VALUES (:hotkey, '', 0, :blocked, :reason, :now)
                    ON CONFLICT (hotkey) DO UPDATE SET blocked = excluded.blocked,
                        blocked_reason = excluded.blocked_reason, updated_at = excluded.updated_at""")
                    .bind("hotkey", hotkey)
                    .bind("blocked", blocked)
                    .bind("reason", blocked ? reason : null)
                    .bind("now", clock.millis())
                    .execute();
            minersChanged(h);
        });
    }

    // ---- reservations

    @Override
    public Optional<Reservation> reserve(String minerHotkey, int slot, String tenantId, Duration ttl) {
        return jdbi.inTransaction(h -> {
            long now = clock.millis();
            lockMiner(h, minerHotkey);
            h.createUpdate("DELETE FROM reservations WHERE miner_hotkey = :m AND " + RESERVATION_OVER)
                    .bind("m", minerHotkey).bind("now", now).execute();
            // The whole machine: not beside a share another request took (a miner whose offer went away).
            if (usage(h, minerHotkey, now).held()) return Optional.<Reservation>empty();
            String token = UUID.randomUUID().toString();
            long expires = now + ttl.toMillis();
            int inserted = h.createUpdate("""
                    INSERT INTO reservations (miner_hotkey, slot, token, tenant_id, created_at, expires_at)
                    VALUES (:m, :s, :token, :tenant, :now, :expires)
                    ON CONFLICT DO NOTHING""")
                    .bind("m", minerHotkey).bind("s", slot).bind("token", token).bind("tenant", tenantId)
                    .bind("now", now).bind("expires", expires)
                    .execute();
            return inserted == 1
                    ? Optional.of(new Reservation(token, minerHotkey, slot, tenantId, Instant.ofEpochMilli(expires)))
                    : Optional.<Reservation>empty();
        });
    }

    @Override
    public Optional<Reservation> reserve(String minerHotkey, Claim claim, MinerUsage.Room room, String tenantId,
                                         Duration ttl) {
        return jdbi.inTransaction(h -> {
            long now = clock.millis();
            if (!lockMiner(h, minerHotkey)) return Optional.<Reservation>empty();
            h.createUpdate("DELETE FROM reservations WHERE miner_hotkey = :m AND " + RESERVATION_OVER)
                    .bind("m", minerHotkey).bind("now", now).execute();
            if (!usage(h, minerHotkey, now).admits(claim, room)) return Optional.<Reservation>empty();
            int slot = h.createQuery("SELECT COALESCE(MAX(slot), -1) + 1 FROM reservations WHERE miner_hotkey = :m")
                    .bind("m", minerHotkey).mapTo(Integer.class).one();
            String token = UUID.randomUUID().toString();
            long expires = now + ttl.toMillis();
            int inserted = h.createUpdate("""
                    INSERT INTO reservations (miner_hotkey, slot, token, tenant_id, created_at, expires_at, cpus,
                        memory_bytes, disk_bytes, gpus, ports)
                    VALUES (:m, :s, :token, :tenant, :now, :expires, :cpus, :memory, :disk, :gpus, :ports)
                    ON CONFLICT DO NOTHING""")
                    .bind("m", minerHotkey).bind("s", slot).bind("token", token).bind("tenant", tenantId)
                    .bind("now", now).bind("expires", expires)
                    .bind("cpus", claim.cpus()).bind("memory", claim.memoryBytes()).bind("disk", claim.diskBytes())
                    .bind("gpus", claim.gpus()).bind("ports", claim.ports())
                    .execute();
            return inserted == 1
                    ? Optional.of(new Reservation(token, minerHotkey, slot, tenantId, Instant.ofEpochMilli(expires)))
                    : Optional.<Reservation>empty();
        });
    }

    /**
     * Serialises the reservations of one miner: on PostgreSQL its row is locked until the transaction ends (a second
     * request for the same miner waits, then sees the first one's reservation); SQLite's IMMEDIATE transactions
     * already have one writer at a time. False when the store does not know the miner.
     */
    private boolean lockMiner(Handle h, String minerHotkey) {
        if (database.dialect() == Database.Dialect.SQLITE) return true;
        return h.createQuery("SELECT hotkey FROM miners WHERE hotkey = :m FOR UPDATE").bind("m", minerHotkey)
                .mapTo(String.class).findOne().isPresent();
    }

    private static final String USAGE_COLUMNS = """
            COUNT(*) AS holds, COALESCE(SUM(CASE WHEN cpus IS NULL THEN 1 ELSE 0 END), 0) AS whole,
            COALESCE(SUM(cpus), 0) AS cpus, COALESCE(SUM(memory_bytes), 0) AS memory_bytes,
            COALESCE(SUM(disk_bytes), 0) AS disk_bytes, COALESCE(SUM(gpus), 0) AS gpus,
            COALESCE(SUM(ports), 0) AS ports""";

    private static final RowMapper<MinerUsage> USAGE = (rs, ctx) -> new MinerUsage(rs.getInt("holds"),
            rs.getInt("whole"), rs.getInt("cpus"), rs.getLong("memory_bytes"), rs.getLong("disk_bytes"),
            rs.getInt("gpus"), rs.getInt("ports"));

    private static MinerUsage usage(Handle h, String minerHotkey, long now) {
        return h.createQuery("SELECT " + USAGE_COLUMNS + " FROM reservations WHERE miner_hotkey = :m AND NOT "
                        + RESERVATION_OVER)
                .bind("m", minerHotkey).bind("now", now).map(USAGE).one();
    }

    @Override
    public Map<String, MinerUsage> minerUsage() {
        return reads.withHandle(h -> {
            Map<String, MinerUsage> out = new HashMap<>();
            h.createQuery("SELECT miner_hotkey, " + USAGE_COLUMNS + " FROM reservations WHERE NOT " + RESERVATION_OVER
                            + " GROUP BY miner_hotkey")
                    .bind("now", clock.millis())
                    .map((rs, ctx) -> Map.entry(rs.getString("miner_hotkey"), USAGE.map(rs, ctx)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    @Override
    public MinerUsage minerUsage(String minerHotkey) {
        return reads.withHandle(h -> usage(h, minerHotkey, clock.millis()));
    }

    @Override
    public void release(String token) {
        jdbi.useTransaction(h -> h.createUpdate("DELETE FROM reservations WHERE token = :t").bind("t", token).execute());
    }

    @Override
    public boolean recordAllocateIntent(String token, String allocationUuid, String regkeyPem) {
        return jdbi.inTransaction(h -> h.createUpdate("""
                        UPDATE reservations SET regkey = :regkey, intended_uuid = :uuid
                        WHERE token = :t AND allocation_uuid IS NULL AND expires_at > :now""")
                .bind("regkey", regkeyPem).bind("uuid", allocationUuid).bind("t", token).bind("now", clock.millis())
                .execute() == 1);
    }

    @Override
    public void abandonPending(String token) {
        jdbi.useTransaction(h -> h.createUpdate("""
                        UPDATE reservations SET expires_at = :now WHERE token = :t AND allocation_uuid IS NULL""")
                .bind("now", clock.millis()).bind("t", token).execute());
    }

    @Override
    public List<PendingReservation> pendingReservations(boolean expiredOnly) {
        return reads.withHandle(h -> h.createQuery("""
                        SELECT token, miner_hotkey, slot, regkey, intended_uuid, expires_at FROM reservations
                        WHERE allocation_uuid IS NULL AND (:all OR expires_at <= :now) ORDER BY created_at""")
                .bind("all", !expiredOnly).bind("now", clock.millis())
                .map((rs, ctx) -> new PendingReservation(rs.getString("token"), rs.getString("miner_hotkey"),
                        rs.getInt("slot"), rs.getString("regkey"), rs.getString("intended_uuid"),
                        instant(rs, "expires_at")))
                .list());
    }

    /**
     * When a reservation row no longer holds its miner, so a new request may take the slot: only a pending row whose
     * hold ran out before its Allocate was sent. Never a pending row with a regkey (the Allocate may have reached the
     * miner: PendingRecovery first has the miner deallocate), never the row of an active allocation, even past its
     * expiry (lease expiry ends the allocation first, then frees or keeps the slot), never the row of a deallocation
     * the miner has not confirmed ({@link #confirmDeallocation} frees it). Rows of ended and confirmed allocations
     * are deleted when they end; the last clause clears any such row a crash may have left.
     */
    private static final String RESERVATION_OVER = """
            (expires_at <= :now AND allocation_uuid IS NULL AND regkey IS NULL
             OR EXISTS (SELECT 1 FROM allocations a
                        WHERE a.uuid = reservations.allocation_uuid AND a.state = 'deallocated'))""";

    @Override
    public Set<String> heldMiners() {
        return reads.withHandle(h -> new HashSet<>(h.createQuery(
                        "SELECT DISTINCT miner_hotkey FROM reservations WHERE NOT " + RESERVATION_OVER)
                .bind("now", clock.millis()).mapTo(String.class).list()));
    }

    // ---- allocations

    /** Every allocation column but the secrets (ssh_password_enc, regkey). */
    private static final String LISTED_COLUMNS = """
            uuid, miner_hotkey, tenant_id, state, resource, ssh_host, ssh_port, ssh_username, ssh_key, miner_version,
            timeline_days, created_at, expires_at, ended_at, paused, cpus, gpus, memory_bytes, disk_bytes, ports""";
    /** What the background jobs and the checks before a miner call need: no password (never decrypted there). */
    private static final String WITHOUT_PASSWORD = LISTED_COLUMNS + ", regkey";

    /** The one allocation row mapping; the secrets are read, or not, by the caller. */
    private static AllocationRecord allocation(ResultSet rs, String sshPassword, String regkey) throws SQLException {
        return new AllocationRecord(
                rs.getString("uuid"),
                rs.getString("miner_hotkey"),
                rs.getString("tenant_id"),
                AllocationState.fromDb(rs.getString("state")),
                rs.getString("resource"),
                rs.getString("ssh_host"),
                rs.getInt("ssh_port"),
                rs.getString("ssh_username"),
                sshPassword,
                rs.getString("ssh_key"),
                regkey,
                rs.getInt("miner_version"),
                rs.getInt("timeline_days"),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                instant(rs, "ended_at"),
                rs.getBoolean("paused"),
                nullableInt(rs, "cpus") == null ? null : new Claim(rs.getInt("cpus"), rs.getLong("memory_bytes"),
                        rs.getLong("disk_bytes"), rs.getInt("gpus"), 0),
                ports(rs.getString("ports")));
    }

    /** The stored {"8888": 42011} of an allocation's extra ports; empty for none. */
    private static Map<String, Integer> ports(String json) {
        if (json == null || json.isBlank()) return Map.of();
        try {
            return Json.MAPPER.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Integer>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("allocations.ports is not a JSON object of ports: " + e.getOriginalMessage());
        }
    }

    private RowMapper<AllocationRecord> withPassword() {
        return (rs, ctx) -> allocation(rs, secrets.open(rs.getString("ssh_password_enc")), rs.getString("regkey"));
    }

    private static final RowMapper<AllocationRecord> NO_PASSWORD =
            (rs, ctx) -> allocation(rs, "", rs.getString("regkey"));

    private static final RowMapper<AllocationRecord> REDACTED = (rs, ctx) -> allocation(rs, "", "");

    @Override
    public boolean commitAllocation(String reservationToken, AllocationRecord a, String idempotencyKey, Event event) {
        return jdbi.inTransaction(h -> {
            int held = h.createUpdate("""
                    UPDATE reservations SET allocation_uuid = :uuid, expires_at = :expires
                    WHERE token = :token AND allocation_uuid IS NULL""")
                    .bind("uuid", a.uuid()).bind("expires", a.expiresAt().toEpochMilli()).bind("token", reservationToken)
                    .execute();
            if (held != 1) return false; // lost the miner: write nothing
            h.createUpdate("""
                    INSERT INTO allocations (uuid, miner_hotkey, tenant_id, state, resource, ssh_host, ssh_port,
                        ssh_username, ssh_password_enc, ssh_key, regkey, miner_version, timeline_days, created_at,
                        expires_at, cpus, gpus, memory_bytes, disk_bytes, ports)
                    VALUES (:uuid, :miner, :tenant, :state, :resource, :host, :port, :user, :pw, :sshKey, :regkey,
                        :version, :timeline, :created, :expires, :cpus, :gpus, :memory, :disk, :ports)""")
                    .bind("uuid", a.uuid())
                    .bind("miner", a.minerHotkey())
                    .bind("tenant", a.tenantId())
                    .bind("state", a.state().dbValue())
                    .bind("resource", a.resource())
                    .bind("host", a.sshHost())
                    .bind("port", a.sshPort())
                    .bind("user", a.sshUsername())
                    .bind("pw", secrets.seal(a.sshPassword()))
                    .bind("sshKey", a.sshKey())
                    .bind("regkey", a.regkey())
                    .bind("version", a.minerVersion())
                    .bind("timeline", a.timelineDays())
                    .bind("created", a.createdAt().toEpochMilli())
                    .bind("expires", a.expiresAt().toEpochMilli())
                    .bind("cpus", a.taken() == null ? null : a.taken().cpus())
                    .bind("gpus", a.taken() == null ? null : a.taken().gpus())
                    .bind("memory", a.taken() == null ? null : a.taken().memoryBytes())
                    .bind("disk", a.taken() == null ? null : a.taken().diskBytes())
                    .bind("ports", a.ports().isEmpty() ? (String) null : Json.write(new java.util.TreeMap<>(a.ports())))
                    .execute();
            if (idempotencyKey != null) {
                h.createUpdate("""
                        UPDATE idempotency_keys SET allocation_uuid = :uuid
                        WHERE tenant_id = :tenant AND idem_key = :key""")
                        .bind("uuid", a.uuid()).bind("tenant", a.tenantId()).bind("key", idempotencyKey).execute();
            }
            appendEvent(h, event);
            return true;
        });
    }

    @Override
    public Optional<AllocationRecord> findAllocation(String uuid) {
        return reads.withHandle(h -> h.createQuery("SELECT * FROM allocations WHERE uuid = :uuid")
                .bind("uuid", uuid).map(withPassword()).findOne());
    }

    @Override
    public Optional<AllocationRecord> findActiveAllocationOnMiner(String minerHotkey) {
        return reads.withHandle(h -> h.createQuery("SELECT " + WITHOUT_PASSWORD + """
                         FROM allocations WHERE miner_hotkey = :m AND state = 'active'
                        ORDER BY created_at DESC LIMIT 1""")
                .bind("m", minerHotkey).map(NO_PASSWORD).findOne());
    }

    @Override
    public List<AllocationRecord> findActiveAllocationsOnMiner(String minerHotkey) {
        return reads.withHandle(h -> h.createQuery("SELECT " + WITHOUT_PASSWORD + """
                         FROM allocations WHERE miner_hotkey = :m AND state = 'active'
                        ORDER BY created_at DESC""")
                .bind("m", minerHotkey).map(NO_PASSWORD).list());
    }

    @Override
    public List<AllocationRecord> listActiveAllocations(String tenantId) {
        return activeAllocations(WITHOUT_PASSWORD, NO_PASSWORD, tenantId);
    }

    @Override
    public List<AllocationRecord> listActiveAllocationsRedacted(String tenantId) {
        return activeAllocations(LISTED_COLUMNS, REDACTED, tenantId);
    }

    private List<AllocationRecord> activeAllocations(String columns, RowMapper<AllocationRecord> mapper,
                                                     String tenantId) {
        return reads.withHandle(h -> {
            var query = tenantId == null
                    ? h.createQuery("SELECT " + columns + " FROM allocations WHERE state = 'active'"
                            + " ORDER BY created_at")
                    : h.createQuery("SELECT " + columns + " FROM allocations WHERE state = 'active'"
                            + " AND tenant_id = :t ORDER BY created_at").bind("t", tenantId);
            return query.map(mapper).list();
        });
    }

    @Override
    public boolean endAllocation(String uuid, AllocationState endState, Event event) {
        if (endState == AllocationState.ACTIVE) throw new IllegalArgumentException("end state cannot be active");
        return jdbi.inTransaction(h -> {
            long now = clock.millis();
            int ended = h.createUpdate(
                            "UPDATE allocations SET state = :s, ended_at = :now WHERE uuid = :u AND state = 'active'")
                    .bind("s", endState.dbValue()).bind("now", now).bind("u", uuid).execute();
            if (ended != 1) return false;
            if (endState == AllocationState.DEALLOCATED) {
                h.createUpdate("DELETE FROM reservations WHERE allocation_uuid = :u").bind("u", uuid).execute();
            } // unconfirmed: the row keeps the miner held until confirmDeallocation
            appendEvent(h, event);
            return true;
        });
    }

    @Override
    public List<AllocationRecord> listUnconfirmedDeallocations() {
        return reads.withHandle(h -> h.createQuery("SELECT " + WITHOUT_PASSWORD
                        + " FROM allocations WHERE state = 'deallocated_unconfirmed' ORDER BY ended_at")
                .map(NO_PASSWORD).list());
    }

    @Override
    public boolean confirmDeallocation(String uuid) {
        return jdbi.inTransaction(h -> {
            int confirmed = h.createUpdate("""
                    UPDATE allocations SET state = 'deallocated'
                    WHERE uuid = :u AND state = 'deallocated_unconfirmed'""").bind("u", uuid).execute();
            if (confirmed != 1) return false;
            h.createUpdate("DELETE FROM reservations WHERE allocation_uuid = :u").bind("u", uuid).execute();
            return true;
        });
    }

    @Override
    public boolean setPaused(String uuid, boolean paused, Event event) {
        return updateActive(uuid, "paused", paused, event);
    }

    @Override
    public boolean updateSshKey(String uuid, SshKeySlot slot, String sshKey, Event event) {
        return updateActive(uuid, slot.column, sshKey, event);
    }

    @Override
    public Optional<Instant> extendAllocation(String uuid, Duration by, Function<Instant, Event> event) {
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("""
                            UPDATE allocations SET expires_at = expires_at + :by WHERE uuid = :u AND state = 'active'""")
                    .bind("by", by.toMillis()).bind("u", uuid).execute();
            if (updated != 1) return Optional.<Instant>empty();
            h.createUpdate("UPDATE reservations SET expires_at = expires_at + :by WHERE allocation_uuid = :u")
                    .bind("by", by.toMillis()).bind("u", uuid).execute();
            Instant expires = Instant.ofEpochMilli(h.createQuery("SELECT expires_at FROM allocations WHERE uuid = :u")
                    .bind("u", uuid).mapTo(Long.class).one());
            appendEvent(h, event.apply(expires));
            return Optional.of(expires);
        });
    }

    @Override
    public List<AllocationSpan> allocationSpans(Instant from, Instant to, String tenantId) {
        String oneTenant = tenantId == null ? "" : " AND a.tenant_id = :tenant";
        return reads.withHandle(h -> {
            var query = h.createQuery("""
                            SELECT t.name AS tenant, a.created_at, a.ended_at, a.cpus, a.gpus
                            FROM allocations a JOIN tenants t ON t.id = a.tenant_id
                            WHERE a.created_at < :to AND (a.ended_at IS NULL OR a.ended_at > :from)""" + oneTenant
                            + " ORDER BY a.created_at, a.uuid")
                    .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli());
            if (tenantId != null) query.bind("tenant", tenantId);
            return query.map((rs, ctx) -> new AllocationSpan(rs.getString("tenant"), instant(rs, "created_at"),
                    instant(rs, "ended_at"), rs.getInt("cpus"), rs.getInt("gpus"))).list();
        });
    }

    /** Sets one column of an active allocation and appends its event, in one transaction; false if not active. */
    private boolean updateActive(String uuid, String column, Object value, Event event) {
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate(
                            "UPDATE allocations SET " + column + " = :v WHERE uuid = :u AND state = 'active'")
                    .bind("v", value).bind("u", uuid).execute();
            if (updated != 1) return false;
            appendEvent(h, event);
            return true;
        });
    }

    // ---- tenants and keys

    private static final RowMapper<Tenant> TENANT =
            (rs, ctx) -> new Tenant(rs.getString("id"), rs.getString("name"), rs.getBoolean("is_admin"));

    @Override
    public Tenant createTenant(String name, boolean admin) {
        Tenant tenant = new Tenant(UUID.randomUUID().toString(), name, admin);
        jdbi.useTransaction(h -> h.createUpdate(
                        "INSERT INTO tenants (id, name, is_admin, created_at) VALUES (:id, :name, :admin, :now)")
                .bind("id", tenant.id()).bind("name", name).bind("admin", admin).bind("now", clock.millis())
                .execute());
        return tenant;
    }

    @Override
    public Optional<Tenant> findTenantByName(String name) {
        return reads.withHandle(h -> h.createQuery("SELECT * FROM tenants WHERE name = :n")
                .bind("n", name).map(TENANT).findOne());
    }

    @Override
    public boolean addApiKey(ApiKeyRecord key) {
        return jdbi.inTransaction(h -> h.createUpdate("""
                        INSERT INTO api_keys (key_hash, prefix, tenant_id, created_at)
                        VALUES (:hash, :prefix, :tenant, :created) ON CONFLICT DO NOTHING""")
                .bind("hash", key.keyHash()).bind("prefix", key.prefix()).bind("tenant", key.tenantId())
                .bind("created", key.createdAt().toEpochMilli())
                .execute() == 1);
    }

    @Override
    public Optional<Tenant> findTenantByKeyHash(String keyHash) {
        return reads.withHandle(h -> h.createQuery("""
                        SELECT t.* FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
                        WHERE k.key_hash = :hash AND k.revoked_at IS NULL""")
                .bind("hash", keyHash).map(TENANT).findOne());
    }

    private static final String KEY_INFO = """
            SELECT k.key_hash, k.prefix, k.tenant_id, t.name, k.created_at, k.revoked_at
            FROM api_keys k JOIN tenants t ON t.id = k.tenant_id""";

    private static final RowMapper<ApiKeyInfo> API_KEY = (rs, ctx) -> new ApiKeyInfo(rs.getString("prefix"),
            rs.getString("tenant_id"), rs.getString("name"), instant(rs, "created_at"), instant(rs, "revoked_at"));

    @Override
    public List<ApiKeyInfo> listApiKeys(String tenantId) {
        return jdbi.withHandle(h -> (tenantId == null
                ? h.createQuery(KEY_INFO + " ORDER BY k.created_at, k.prefix")
                : h.createQuery(KEY_INFO + " WHERE k.tenant_id = :t ORDER BY k.created_at, k.prefix")
                        .bind("t", tenantId))
                .map(API_KEY).list());
    }

    @Override
    public KeyRevocation revokeApiKey(String prefix, String tenantId) {
        return jdbi.inTransaction(h -> {
            var query = h.createQuery(KEY_INFO + " WHERE k.prefix = :p"
                    + (tenantId == null ? "" : " AND k.tenant_id = :t") + " ORDER BY k.revoked_at DESC")
                    .bind("p", prefix);
            if (tenantId != null) query.bind("t", tenantId);
            record Row(String hash, ApiKeyInfo info) {}
            List<Row> rows = query.map((rs, ctx) -> new Row(rs.getString("key_hash"), API_KEY.map(rs, ctx))).list();
            if (rows.isEmpty()) return new KeyRevocation.NotFound();
            List<Row> working = rows.stream().filter(r -> r.info().revokedAt() == null).toList();
            if (working.size() > 1) return new KeyRevocation.Ambiguous(working.size());
            if (working.isEmpty()) return new KeyRevocation.Revoked(rows.get(0).info()); // already: when it was
            Row key = working.get(0);
            long now = clock.millis();
            h.createUpdate("UPDATE api_keys SET revoked_at = :now WHERE key_hash = :h AND revoked_at IS NULL")
                    .bind("now", now).bind("h", key.hash()).execute();
            // A concurrent revocation may have been first; report the time that stands.
            Instant revokedAt = h.createQuery("SELECT revoked_at FROM api_keys WHERE key_hash = :h")
                    .bind("h", key.hash()).mapTo(Long.class).findOne().map(Instant::ofEpochMilli)
                    .orElse(Instant.ofEpochMilli(now));
            ApiKeyInfo k = key.info();
            return new KeyRevocation.Revoked(new ApiKeyInfo(k.prefix(), k.tenantId(), k.tenantName(), k.createdAt(),
                    revokedAt));
        });
    }

    // ---- idempotency

    @Override
    public IdempotencyClaim claimIdempotencyKey(String tenantId, String key, String requestHash,
                                                Duration claimLifetime) {
        return jdbi.inTransaction(h -> {
            // A claim never bound to an allocation and older than any request can run was left by a process that
            // died mid-request: it would block the key forever (409). It ages out.
            h.createUpdate("""
                            DELETE FROM idempotency_keys
                            WHERE tenant_id = :t AND idem_key = :k AND allocation_uuid IS NULL AND created_at <= :stale""")
                    .bind("t", tenantId).bind("k", key).bind("stale", clock.millis() - claimLifetime.toMillis())
                    .execute();
            int inserted = h.createUpdate("""
                            INSERT INTO idempotency_keys (tenant_id, idem_key, request_hash, created_at)
                            VALUES (:t, :k, :hash, :now) ON CONFLICT DO NOTHING""")
                    .bind("t", tenantId).bind("k", key).bind("hash", requestHash).bind("now", clock.millis())
                    .execute();
            if (inserted == 1) return new IdempotencyClaim.Claimed();
            var row = h.createQuery(
                            "SELECT request_hash, allocation_uuid FROM idempotency_keys WHERE tenant_id = :t AND idem_key = :k")
                    .bind("t", tenantId).bind("k", key)
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                    .findOne();
            if (row.isEmpty()) return new IdempotencyClaim.InProgress(); // released between our two statements
            if (!row.get()[0].equals(requestHash)) return new IdempotencyClaim.DifferentRequest();
            return row.get()[1] == null ? new IdempotencyClaim.InProgress() : new IdempotencyClaim.Replay(row.get()[1]);
        });
    }

    @Override
    public void releaseIdempotencyKey(String tenantId, String key) {
        jdbi.useTransaction(h -> h.createUpdate("""
                        DELETE FROM idempotency_keys
                        WHERE tenant_id = :t AND idem_key = :k AND allocation_uuid IS NULL""")
                .bind("t", tenantId).bind("k", key).execute());
    }

    // ---- events

    private void appendEvent(Handle h, Event event) {
        if (event == null) return;
        h.createUpdate("""
                        INSERT INTO events (type, allocation_uuid, payload, created_at)
                        VALUES (:type, :uuid, :payload, :now)""")
                .bind("type", event.type()).bind("uuid", event.allocationUuid()).bind("payload", event.payloadJson())
                .bind("now", clock.millis())
                .execute();
    }

    @Override
    public void appendEvent(Event event) {
        jdbi.useTransaction(h -> appendEvent(h, event));
    }

    @Override
    public long lastEventSeq() {
        return reads.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM events").mapTo(Long.class).one());
    }

    @Override
    public boolean eventsCommitInSeqOrder() {
        return database.dialect() == Database.Dialect.SQLITE;
    }

    @Override
    public void ping() {
        jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    @Override
    public Optional<Instant> minersUpdatedAt() {
        Long newest = reads.withHandle(h -> h.createQuery("SELECT MAX(updated_at) FROM miners")
                .mapTo(Long.class).one()); // one row always; its value is NULL without miners
        return Optional.ofNullable(newest).map(Instant::ofEpochMilli);
    }

    @Override
    public List<Event> eventsAfter(long afterSeq, int limit) {
        return reads.withHandle(h -> h.createQuery("SELECT * FROM events WHERE seq > :after ORDER BY seq LIMIT :limit")
                .bind("after", afterSeq).bind("limit", limit)
                .map((rs, ctx) -> new Event(rs.getLong("seq"), rs.getString("type"), rs.getString("allocation_uuid"),
                        rs.getString("payload"), instant(rs, "created_at")))
                .list());
    }

    @Override
    public void close() {
        database.close();
    }

    // ---- helpers

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
