package io.computeregister.api.http;

import io.computeregister.api.refusal.IdempotencyConflict;
import io.computeregister.api.refusal.InvalidRequest;
import io.computeregister.api.refusal.MinerDeclined;
import io.computeregister.api.refusal.NotAvailable;
import io.computeregister.api.refusal.NotYours;
import io.computeregister.api.refusal.Refusal;
import io.computeregister.api.refusal.OverBudget;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every exception to the RegisterAPI envelopes. A service's {@link Refusal} gets its kind's status here (the
 * original's codes: docs/protocol.md §2); a handler's {@link ApiException} carries its own; Javalin's own 404/405 keep
 * FastAPI's {@code {"detail": ...}} bodies; anything else is our fault: logged once with its stack trace, answered as
 * a 500 envelope with a generic message (never the exception text, which might carry internals).
 */
public final class ErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    public static void register(RoutesConfig routes) {
        routes.exception(ValidationException.class,
                (e, ctx) -> ctx.status(422).json(Envelope.validation(e.errors())));
        routes.exception(Refusal.class, (e, ctx) -> {
            if (e instanceof OverBudget o) ctx.header("Retry-After", Long.toString(o.retryAfterSeconds()));
            ctx.status(status(e)).json(Envelope.error(e.getMessage(), e.detail()));
        });
        routes.exception(ApiException.class,
                (e, ctx) -> ctx.status(e.status()).json(Envelope.error(e.getMessage(), e.errDetail())));
        routes.exception(HttpResponseException.class, ErrorMapper::frameworkResponse);
        routes.exception(Exception.class, ErrorMapper::unexpected);
    }

    /** The status of each kind of refusal; a new kind does not compile until it has one. */
    static int status(Refusal refusal) {
        return switch (refusal) {
            case NotAvailable n -> 404;
            case NotYours n -> 404;
            case InvalidRequest i -> 400;
            case MinerDeclined m -> 400;
            case IdempotencyConflict c -> c.kind() == IdempotencyConflict.Kind.STILL_RUNNING ? 409 : 422;
            case OverBudget o -> 429;
        };
    }

    private static void frameworkResponse(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        ctx.status(status);
        switch (status) {
            case 404 -> ctx.json(Map.of("detail", "Not Found"));
            case 405 -> ctx.json(Map.of("detail", "Method Not Allowed"));
            default -> ctx.json(Envelope.error(e.getMessage(), null));
        }
    }

    private static void unexpected(Exception e, Context ctx) {
        log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
        ctx.status(500).json(Envelope.error("Internal Server Error",
                "An unexpected error occurred; it has been logged."));
    }
}
