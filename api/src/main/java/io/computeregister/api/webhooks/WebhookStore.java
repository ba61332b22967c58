package io.computeregister.api.webhooks;

import io.computeregister.api.store.Database;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.SecretBox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks and their deliveries (migration V41), over the same database as the store. Each method is one transaction.
 *
 * <p>Fan-out turns each new outbox event into one delivery row per interested webhook (the renter owning the event's
 * allocation, and admins), exactly once: an event is marked in {@code webhook_fanout} in the same transaction that
 * writes its deliveries. Events are scanned above a watermark that only passes events older than
 * {@link Event#COMMIT_LAG}: on PostgreSQL a transaction can commit a lower seq after a higher one is visible, and a
 * plain "last seq" cursor would skip it forever.
 */
public final class WebhookStore {

    private static final Logger log = LoggerFactory.getLogger(WebhookStore.class);

    /** Delivered rows are kept this long (for the counts in GET /webhooks), then deleted. */
    static final long DELIVERED_KEPT_MS = 7L * 24 * 3600 * 1000;

    /** A delivery due or waiting, with what is needed to send it. */
    public record Pending(String webhookId, long eventSeq, String orderKey, int attempts, Instant nextAttemptAt,
                          String url, String secret, WebhookFormat format, String eventType, String allocationUuid,
                          String payloadJson, Instant eventAt) {
        @Override
        public String toString() {
            return "Pending[webhook=" + webhookId + ", seq=" + eventSeq + ", attempts=" + attempts + "]";
        }
    }

    private final Jdbi jdbi;
    private final SecretBox secrets;
    private final Clock clock;
    /** Webhooks whose secret could not be decrypted, so each is logged once rather than every round. */
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    public WebhookStore(Database database, SecretBox secrets, Clock clock) {
        this.jdbi = database.jdbi();
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Listings never decrypt the signing secret: only a delivery needs it. */
    private static final RowMapper<Webhook> WEBHOOK = (rs, ctx) -> new Webhook(rs.getString("id"),
            rs.getString("tenant_id"), rs.getString("url"), WebhookFormat.valueOf(rs.getString("format")),
            Instant.ofEpochMilli(rs.getLong("created_at")));

    // ---- registration

    public Webhook create(String tenantId, String url, String secret, WebhookFormat format) {
        Webhook w = new Webhook(UUID.randomUUID().toString(), tenantId, url, format, clock.instant());
        jdbi.useTransaction(h -> h.createUpdate("""
                        INSERT INTO webhooks (id, tenant_id, url, secret_enc, format, created_at)
                        VALUES (:id, :tenant, :url, :secret, :format, :created)""")
                .bind("id", w.id()).bind("tenant", tenantId).bind("url", url).bind("secret", secrets.seal(secret))
                .bind("format", format.name()).bind("created", w.createdAt().toEpochMilli())
                .execute());
        return w;
    }

    /** Active webhooks of one tenant, or of all (tenantId null). */
    public List<Webhook> list(String tenantId) {
        return jdbi.withHandle(h -> {
            var q = tenantId == null
                    ? h.createQuery("SELECT * FROM webhooks WHERE deleted_at IS NULL ORDER BY created_at")
                    : h.createQuery("SELECT * FROM webhooks WHERE deleted_at IS NULL AND tenant_id = :t ORDER BY created_at")
                            .bind("t", tenantId);
            return q.map(WEBHOOK).list();
        });
    }

    /** Deletes a webhook (of that tenant, or any with tenantId null) and drops its undelivered deliveries. */
    public boolean delete(String tenantId, String id) {
        return jdbi.inTransaction(h -> {
            var update = h.createUpdate("UPDATE webhooks SET deleted_at = :now WHERE id = :id AND deleted_at IS NULL"
                    + (tenantId == null ? "" : " AND tenant_id = :t"))
                    .bind("now", clock.millis()).bind("id", id);
            if (tenantId != null) update.bind("t", tenantId);
            if (update.execute() != 1) return false;
            h.createUpdate("DELETE FROM webhook_deliveries WHERE webhook_id = :id AND delivered_at IS NULL")
                    .bind("id", id).execute();
            return true;
        });
    }

    // ---- fan-out

    private record Target(String id, String tenantId, boolean admin, WebhookFormat format, long createdAt) {}

    private record NewEvent(long seq, String type, String allocationUuid, String tenantId, long createdAt) {}

    /** Turns up to {@code limit} not yet fanned-out events into delivery rows; returns how many events it handled. */
    public int fanOut(int limit) {
        return jdbi.inTransaction(h -> {
            long now = clock.millis();
            long watermark = h.createQuery("SELECT last_seq FROM webhook_watermark WHERE name = 'fanout'")
                    .mapTo(Long.class).one();
            List<NewEvent> events = h.createQuery("""
                            SELECT e.seq, e.type, e.allocation_uuid, e.created_at, a.tenant_id
                            FROM events e LEFT JOIN allocations a ON a.uuid = e.allocation_uuid
                            WHERE e.seq > :wm AND NOT EXISTS (SELECT 1 FROM webhook_fanout f WHERE f.event_seq = e.seq)
                            ORDER BY e.seq LIMIT :limit""")
                    .bind("wm", watermark).bind("limit", limit)
                    .map((rs, ctx) -> new NewEvent(rs.getLong("seq"), rs.getString("type"),
                            rs.getString("allocation_uuid"), rs.getString("tenant_id"), rs.getLong("created_at")))
                    .list();
            if (!events.isEmpty()) {
                List<Target> targets = h.createQuery("""
                                SELECT w.id, w.tenant_id, w.format, w.created_at, t.is_admin
                                FROM webhooks w JOIN tenants t ON t.id = w.tenant_id WHERE w.deleted_at IS NULL""")
                        .map((rs, ctx) -> new Target(rs.getString("id"), rs.getString("tenant_id"),
                                rs.getBoolean("is_admin"), WebhookFormat.valueOf(rs.getString("format")),
                                rs.getLong("created_at")))
                        .list();
                for (NewEvent e : events) {
                    for (Target t : targets) {
                        if (interested(t, e)) insertDelivery(h, t.id(), e, now);
                    }
                    h.createUpdate("INSERT INTO webhook_fanout (event_seq) VALUES (:s) ON CONFLICT DO NOTHING")
                            .bind("s", e.seq()).execute();
                }
            }
            advanceWatermark(h, watermark, now);
            h.createUpdate("DELETE FROM webhook_deliveries WHERE delivered_at < :cut")
                    .bind("cut", now - DELIVERED_KEPT_MS).execute();
            return events.size();
        });
    }

    private static boolean interested(Target t, NewEvent e) {
        boolean owns = e.tenantId() != null && e.tenantId().equals(t.tenantId());
        if (!owns && !t.admin()) return false;
        if (t.createdAt() > e.createdAt()) return false; // registered after the event happened
        return t.format() == WebhookFormat.COMPUTE || OriginalPayload.statusOf(e.type()) != null;
    }

    private static void insertDelivery(Handle h, String webhookId, NewEvent e, long now) {
        h.createUpdate("""
                        INSERT INTO webhook_deliveries (webhook_id, event_seq, order_key, next_attempt_at, created_at)
                        VALUES (:w, :s, :k, :now, :now) ON CONFLICT DO NOTHING""")
                .bind("w", webhookId).bind("s", e.seq()).bind("k", e.allocationUuid() == null ? "" : e.allocationUuid())
                .bind("now", now).execute();
    }

    /** Moves the watermark over events old enough that no earlier-numbered one can still be uncommitted. */
    private static void advanceWatermark(Handle h, long watermark, long now) {
        Long oldEnough = h.createQuery("SELECT MAX(seq) FROM events WHERE seq > :wm AND created_at < :cut")
                .bind("wm", watermark).bind("cut", now - Event.COMMIT_LAG.toMillis())
                .mapTo(Long.class).findOne().orElse(null);
        if (oldEnough == null) return;
        Long firstUnhandled = h.createQuery("""
                        SELECT MIN(e.seq) FROM events e WHERE e.seq > :wm
                        AND NOT EXISTS (SELECT 1 FROM webhook_fanout f WHERE f.event_seq = e.seq)""")
                .bind("wm", watermark).mapTo(Long.class).findOne().orElse(null);
        long next = firstUnhandled == null ? oldEnough : Math.min(oldEnough, firstUnhandled - 1);
        if (next <= watermark) return;
        h.createUpdate("UPDATE webhook_watermark SET last_seq = :s WHERE name = 'fanout'").bind("s", next).execute();
        h.createUpdate("DELETE FROM webhook_fanout WHERE event_seq <= :s").bind("s", next).execute();
    }

    // ---- delivery

    /** What a delivery needs, joined from the delivery, its webhook and its event. */
    private static final String DELIVERY_COLUMNS = """
            d.webhook_id, d.event_seq, d.order_key, d.attempts, d.next_attempt_at, w.url, w.secret_enc, w.format,
            e.type, e.allocation_uuid, e.payload, e.created_at AS event_at""";
    private static final String UNDELIVERED = """
            FROM webhook_deliveries d
            JOIN webhooks w ON w.id = d.webhook_id
            JOIN events e ON e.seq = d.event_seq
            WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND w.deleted_at IS NULL""";

    /** Undelivered, not given-up deliveries of live webhooks, due or not, oldest event first. */
    public List<Pending> pending(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + DELIVERY_COLUMNS + " " + UNDELIVERED
                        + " ORDER BY d.event_seq LIMIT :limit")
                .bind("limit", limit)
                .map(this::pendingRow).list().stream().filter(Objects::nonNull).toList());
    }

    /**
     * Deliveries to send now: due (their retry time has come) and not behind a row of their group that still waits
     * for its retry (a group goes out in order). At most {@code perWebhook} rows of one webhook, and the first rows of
     * every webhook come before the later rows of any, so one endpoint's backlog (a dead receiver with thousands of
     * rows) can neither fill the batch nor keep another tenant's deliveries out of it.
     */
    public List<Pending> due(int perWebhook, int limit) {
        return jdbi.withHandle(h -> h.createQuery(DUE)
                .bind("now", clock.millis()).bind("perWebhook", perWebhook).bind("limit", limit)
                .map(this::pendingRow).list().stream().filter(Objects::nonNull).toList());
    }

    private static final String DUE = "SELECT * FROM (SELECT " + DELIVERY_COLUMNS + """
            ,
              ROW_NUMBER() OVER (PARTITION BY d.webhook_id ORDER BY d.event_seq) AS nth
            """ + UNDELIVERED + """

              AND d.next_attempt_at <= :now
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries b
                  WHERE b.webhook_id = d.webhook_id AND b.order_key = d.order_key AND b.event_seq < d.event_seq
                  AND b.delivered_at IS NULL AND b.failed_at IS NULL AND b.next_attempt_at > :now)
            ) due WHERE nth <= :perWebhook ORDER BY nth, event_seq LIMIT :limit""";

    /**
     * One row, or null when its signing secret cannot be decrypted (sealed under another COMPUTE_SECRET_KEY): that
     * webhook is skipped, logged once per process, and every other one is still delivered.
     */
    private Pending pendingRow(ResultSet rs, StatementContext ctx) throws SQLException {
        String webhookId = rs.getString("webhook_id");
        String secret;
        try {
            secret = secrets.open(rs.getString("secret_enc"));
        } catch (RuntimeException e) {
            if (unreadable.add(webhookId)) {
                log.error("webhook {}: its signing secret cannot be decrypted ({}); its deliveries are skipped. "
                        + "Every replica must run with the same {}", webhookId, e.getMessage(), SecretBox.ENV_KEY);
            }
            return null;
        }
        return new Pending(webhookId, rs.getLong("event_seq"), rs.getString("order_key"), rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("next_attempt_at")), rs.getString("url"), secret,
                WebhookFormat.valueOf(rs.getString("format")), rs.getString("type"), rs.getString("allocation_uuid"),
                rs.getString("payload"), Instant.ofEpochMilli(rs.getLong("event_at")));
    }

    public void delivered(String webhookId, long seq) {
        jdbi.useTransaction(h -> h.createUpdate("""
                        UPDATE webhook_deliveries SET delivered_at = :now, attempts = attempts + 1, last_error = NULL
                        WHERE webhook_id = :w AND event_seq = :s""")
                .bind("now", clock.millis()).bind("w", webhookId).bind("s", seq).execute());
    }

    public void retryAt(String webhookId, long seq, Instant next, String error) {
        jdbi.useTransaction(h -> h.createUpdate("""
                        UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = :next, last_error = :err
                        WHERE webhook_id = :w AND event_seq = :s""")
                .bind("next", next.toEpochMilli()).bind("err", truncate(error)).bind("w", webhookId).bind("s", seq)
                .execute());
    }

    public void gaveUp(String webhookId, long seq, String error) {
        jdbi.useTransaction(h -> h.createUpdate("""
                        UPDATE webhook_deliveries SET attempts = attempts + 1, failed_at = :now, last_error = :err
                        WHERE webhook_id = :w AND event_seq = :s""")
                .bind("now", clock.millis()).bind("err", truncate(error)).bind("w", webhookId).bind("s", seq)
                .execute());
    }

    /** Counts of a webhook's deliveries: delivered, pending, given up (for its listing). */
    public record Stats(int delivered, int pending, int failed) {}

    public Stats stats(String webhookId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT
                          SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END) AS delivered,
                          SUM(CASE WHEN delivered_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END) AS pending,
                          SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END) AS failed
                        FROM webhook_deliveries WHERE webhook_id = :w""")
                .bind("w", webhookId)
                .map((rs, ctx) -> new Stats(rs.getInt("delivered"), rs.getInt("pending"), rs.getInt("failed")))
                .one());
    }

    private static String truncate(String s) {
        if (s == null) return null;
        return s.length() <= 500 ? s : s.substring(0, 500);
    }

    static List<List<Pending>> groups(List<Pending> pending) {
        var byKey = new java.util.LinkedHashMap<String, List<Pending>>();
        for (Pending p : pending) {
            byKey.computeIfAbsent(p.webhookId() + "\n" + p.orderKey(), k -> new ArrayList<>()).add(p);
        }
        return new ArrayList<>(byKey.values());
    }
}
