package io.computeregister.api.openapi;

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
import java.util.Properties;
import java.util.function.Supplier;

/**
 * {@code GET /openapi.json} and the Swagger UI at {@code GET /docs}, whose assets come from the
 * {@code org.webjars:swagger-ui} jar on the classpath (no CDN, works offline).
 */
public final class DocsHandlers {

    /** The assets the page needs; anything else is a 404 (no path traversal into the classpath). */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css",
            "index.css", "text/css",
            "swagger-ui-bundle.js", "application/javascript",
            "swagger-ui-standalone-preset.js", "application/javascript",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="UTF-8">
              <title>Compute Register API</title>
              <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css">
              <link rel="stylesheet" type="text/css" href="/docs/index.css">
              <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
              <script src="/docs/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
              <script>
                window.onload = function () {
                  window.ui = SwaggerUIBundle({
                    url: "/openapi.json",
                    dom_id: "#swagger-ui",
                    deepLinking: true,
                    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                    layout: "StandaloneLayout"
                  });
                };
              </script>
            </body>
            </html>
            """;

    private final Supplier<String> openApiJson;
    private final String webjarRoot;

    /** {@code openApiJson} is computed once by the caller (the route table is fixed at start). */
    public DocsHandlers(Supplier<String> openApiJson) {
        this.openApiJson = openApiJson;
        this.webjarRoot = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/openapi.json", Access.PUBLIC, "This OpenAPI 3 document", this::openApi,
                        doc().reply(RouteDoc.Shape.BARE, Object.class, "the OpenAPI document").build()),
                new Route(HandlerType.GET, "/docs", Access.PUBLIC, "Swagger UI (served locally from the webjar)",
                        this::swaggerUi, doc().reply(RouteDoc.Shape.TEXT, null, "HTML page").build()),
                new Route(HandlerType.GET, "/docs/{file}", Access.PUBLIC, "Swagger UI assets", this::asset,
                        doc().path("file", "an asset of the Swagger UI webjar")
                                .reply(RouteDoc.Shape.TEXT, null, "JS or CSS").build()));
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApiJson.get());
    }

    void swaggerUi(Context ctx) {
        ctx.html(PAGE);
    }

    void asset(Context ctx) {
        String file = ctx.pathParam("file");
        String type = ASSETS.get(file);
        if (type == null) throw new ApiException(404, "Not Found", "no such Swagger UI asset: " + file);
        try (InputStream in = DocsHandlers.class.getClassLoader().getResourceAsStream(webjarRoot + file)) {
            if (in == null) throw new ApiException(404, "Not Found", "asset missing from the webjar: " + file);
            ctx.header("Cache-Control", "max-age=86400").contentType(type).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webjarVersion() {
        try (InputStream in = DocsHandlers.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("org.webjars:swagger-ui is not on the classpath");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
