package io.computeregister.api.http;

import io.computeregister.api.budget.OverBudget;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every exception to the RegisterAPI envelopes. Ours carry their status; Javalin's own 404/405 keep FastAPI's
 * {@code {"detail": ...}} bodies; anything else is our fault: logged once with its stack trace, answered as a 500
 * envelope with a generic message (never the exception text, which might carry internals).
 */
public final class ErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    public static void register(RoutesConfig routes) {
        routes.exception(ValidationException.class,
                (e, ctx) -> ctx.status(422).json(Envelope.validation(e.errors())));
        routes.exception(ApiException.class,
                (e, ctx) -> ctx.status(e.status()).json(Envelope.error(e.getMessage(), e.errDetail())));
        routes.exception(OverBudget.class, (e, ctx) -> ctx.status(e.status())
                .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .json(Envelope.error(e.getMessage(), e.errDetail())));
        routes.exception(HttpResponseException.class, ErrorMapper::frameworkResponse);
        routes.exception(Exception.class, ErrorMapper::unexpected);
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
