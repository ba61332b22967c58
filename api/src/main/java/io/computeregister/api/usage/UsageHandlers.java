package io.computeregister.api.usage;

import static io.computeregister.api.http.RouteDoc.doc;
import static io.computeregister.api.http.RouteDoc.listOf;

import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.http.Access;
import io.computeregister.api.http.Envelope;
import io.computeregister.api.http.RequestReader;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.computeregister.api.refusal.NotYours;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /usage?from&to[&tenant][&format=csv]}: a renter sees its own tenant; an admin every tenant, or one with
 * {@code ?tenant=NAME}. {@code from} and {@code to} are ISO-8601 instants or dates (a date is its midnight, UTC);
 * the default window is this calendar month so far. JSON in the envelope, or CSV with a header line when
 * {@code format=csv} or {@code Accept: text/csv}.
 */
public final class UsageHandlers {

    private final Store store;
    private final Clock clock;

    public UsageHandlers(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The answer's data. */
    public record Report(String from, String to, List<Usage> usage) {}

    public List<Route> routes() {
        return List.of(new Route(HandlerType.GET, "/usage", Access.RENTER,
                "GPU-hours, core-hours and allocations per tenant in a window (your own; admin: all or one)",
                this::usage,
                doc().query("from", String.class, false, "ISO-8601 instant or date; default: this month's first day")
                        .query("to", String.class, false, "ISO-8601 instant or date (exclusive); default: now")
                        .query("tenant", String.class, false, "admin only: one tenant by name")
                        .query("format", String.class, false, "'json' (default) or 'csv' (also Accept: text/csv)")
                        .reply(RouteDoc.Shape.ENVELOPE, Report.class, "one item per tenant with allocations")
                        .build()));
    }

    void usage(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant from = time(in, "from", today.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        Instant to = time(in, "to", now);
        String format = in.optionalQuery("format", null);
        in.require(format == null || format.equals("json") || format.equals("csv"), "format",
                "Input should be 'json' or 'csv'");
        if (from != null && to != null) in.require(!from.isAfter(to), "from", "must not be after 'to'");
        Tenant caller = Authenticator.tenant(ctx);
        String tenantName = in.optionalQuery("tenant", null);
        in.require(tenantName == null || caller.admin(), "tenant", "only an admin may name a tenant");
        in.throwIfInvalid();

        String tenantId = caller.admin() ? null : caller.id();
        if (tenantName != null) {
            tenantId = store.findTenantByName(tenantName).map(Tenant::id)
                    .orElseThrow(() -> new NotYours("No such tenant", "no tenant named " + tenantName));
        }
        List<Usage> usage = Usage.of(store.allocationSpans(from, to, tenantId), from, to, now);
        String accept = ctx.header("Accept");
        if ("csv".equals(format) || (format == null && accept != null && accept.contains("text/csv"))) {
            StringBuilder csv = new StringBuilder(Usage.CSV_HEADER).append("\r\n");
            for (Usage u : usage) csv.append(u.csvLine(from, to)).append("\r\n");
            ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
            return;
        }
        ctx.json(Envelope.success("Usage listed successfully", new Report(from.toString(), to.toString(), usage)));
    }

    /** An ISO-8601 instant ("2026-12-01T00:00:00Z") or date ("2026-12-01", its midnight UTC); 422 naming the field. */
    private static Instant time(RequestReader in, String name, Instant fallback) {
        String text = in.optionalQuery(name, null);
        if (text == null) return fallback;
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            in.reject(name, "Input should be an ISO-8601 instant or date, e.g. 2026-12-01 or 2026-12-01T00:00:00Z");
            return null;
        }
    }
}
