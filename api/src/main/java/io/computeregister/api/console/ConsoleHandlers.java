package io.computeregister.api.console;

import static io.computeregister.api.http.RouteDoc.doc;

import io.computeregister.api.http.Access;
import io.computeregister.api.http.ApiException;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The web console: {@code GET /console} (the page) and {@code GET /console/{file}} (its script and style), plain
 * files from {@code src/main/resources/console/}. The page is public; it asks for an API key and sends it as Bearer
 * on every call it makes, so it can do nothing the key could not.
 */
public final class ConsoleHandlers {

    /** The files the page is made of; anything else is a 404 (no path traversal into the classpath). */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "application/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private ConsoleHandlers() {}

    public static List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/console", Access.PUBLIC,
                        "Web console (miners, allocations, allocate, live events)", ConsoleHandlers::page,
                        doc().reply(RouteDoc.Shape.TEXT, null, "HTML page; asks for an API key").build()),
                new Route(HandlerType.GET, "/console/{file}", Access.PUBLIC, "Web console assets",
                        ConsoleHandlers::asset, doc().path("file", "console.js or console.css")
                                .reply(RouteDoc.Shape.TEXT, null, "JS or CSS").build()));
    }

    static void page(Context ctx) {
        serve(ctx, "index.html");
    }

    static void asset(Context ctx) {
        String file = ctx.pathParam("file");
        if (!FILES.containsKey(file) || file.equals("index.html")) {
            throw new ApiException(404, "Not Found", "no such console file: " + file);
        }
        serve(ctx, file);
    }

    private static void serve(Context ctx, String file) {
        try (InputStream in = ConsoleHandlers.class.getResourceAsStream("/console/" + file)) {
            if (in == null) throw new ApiException(404, "Not Found", "console file missing from the build: " + file);
            // no-cache: revalidated on every load, so a new build's console is picked up at once
            ctx.header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff")
                    .contentType(FILES.get(file)).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
