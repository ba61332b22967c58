package io.computeregister.api.openapi;

import io.computeregister.api.http.Access;
import io.computeregister.api.http.Json;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the OpenAPI 3 document from the route table: one operation per {@link Route}, schemas resolved by
 * swagger-core's {@link ModelConverters} with the API's own ObjectMapper (so property names are the snake_case the
 * wire uses). A WebSocket route is its upgrade request: a GET answered with 101.
 */
public final class OpenApiDocument {

    static final String ERROR = "ErrorEnvelope";
    static final String VALIDATION = "ValidationEnvelope";
    static final String BEARER = "bearer";

    private final ModelConverters converters = new ModelConverters();
    private final Components components = new Components();

    private OpenApiDocument() {
        converters.addConverter(new ModelResolver(Json.MAPPER));
    }

    public static OpenAPI build(List<Route> table) {
        return new OpenApiDocument().document(table);
    }

    /** Serialised with swagger-core's own mapper (ours would snake_case the model's fields). */
    public static String toJson(OpenAPI document) {
        try {
            return io.swagger.v3.core.util.Json.mapper().writeValueAsString(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the OpenAPI document", e);
        }
    }

    private OpenAPI document(List<Route> table) {
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("Authorization: Bearer <API key> (not needed with --auth none)"));
        components.addSchemas(ERROR, new ObjectSchema()
                .addProperty("success", new BooleanSchema())
                .addProperty("message", new StringSchema())
                .addProperty("err_detail", new StringSchema().nullable(true)));
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new Schema<>().description("a name, or for malformed JSON the character offset"))
                .addProperty("message", new StringSchema());
        components.addSchemas(VALIDATION, new ObjectSchema()
                .addProperty("success", new BooleanSchema())
                .addProperty("message", new StringSchema())
                .addProperty("err_detail", new ArraySchema().items(fieldError)));

        Paths paths = new Paths();
        for (Route route : table) {
            String path = route.path();
            PathItem item = paths.computeIfAbsent(path, p -> new PathItem());
            item.operation(PathItem.HttpMethod.valueOf(route.method().name()), operation(route));
        }
        return new OpenAPI()
                .info(new Info().title("Compute Register API").version("1")
                        .description("Drop-in replacement for the NI Compute RegisterAPI (subnet 27)."))
                .paths(paths)
                .components(components);
    }

    private Operation operation(Route route) {
        RouteDoc doc = route.doc();
        Operation op = new Operation()
                .operationId(operationId(route))
                .summary(route.summary())
                .addTagsItem(tag(route.path()));
        for (RouteDoc.Param p : doc.params()) {
            op.addParametersItem(new Parameter()
                    .name(p.name())
                    .in(p.in().name().toLowerCase(Locale.ROOT))
                    .required(p.required())
                    .description(p.description())
                    .schema(schemaFor(p.type())));
        }
        if (route.isWebSocket()) { // the upgrade answers 101 or refuses; its refusals are the socket's protocol
            return op.responses(new ApiResponses().addApiResponse(Integer.toString(doc.reply().status()),
                    success(doc.reply())));
        }
        if (route.access() != Access.PUBLIC) op.addSecurityItem(new SecurityRequirement().addList(BEARER));
        if (doc.body() != null) {
            op.requestBody(new RequestBody().required(doc.body().required()).description(doc.body().description())
                    .content(json(schemaFor(doc.body().type()))));
        }
        ApiResponses responses = new ApiResponses();
        RouteDoc.Reply reply = doc.reply();
        if (reply == null) {
            responses.addApiResponse("200", new ApiResponse().description("success"));
        } else {
            responses.addApiResponse(Integer.toString(reply.status()), success(reply));
        }
        if (!doc.params().isEmpty() || doc.body() != null) {
            responses.addApiResponse("422", new ApiResponse().description("invalid parameters or body, one entry each")
                    .content(json(ref(VALIDATION))));
        }
        if (route.access() != Access.PUBLIC) {
            responses.addApiResponse("401", new ApiResponse().description("missing or unknown API key")
                    .content(json(ref(ERROR))));
        }
        responses.addApiResponse("403", new ApiResponse()
                .description(route.access() == Access.ADMIN ? "not an admin key, or outside the allowlist"
                        : "caller outside the allowlist")
                .content(json(ref(ERROR))));
        if (route.method().name().equals("POST")) {
            responses.addApiResponse("4XX", new ApiResponse().description("refused; the message says why")
                    .content(json(ref(ERROR))));
        }
        op.responses(responses);
        return op;
    }

    private ApiResponse success(RouteDoc.Reply reply) {
        ApiResponse response = new ApiResponse().description(reply.description());
        return switch (reply.shape()) {
            case TEXT -> response.content(new Content().addMediaType("text/plain",
                    new MediaType().schema(new StringSchema())));
            case UPGRADE -> response;
            case BARE -> response.content(json(schemaFor(reply.data())));
            case ENVELOPE -> response.content(json(envelope(reply.data() == null ? null : schemaFor(reply.data()))));
            case PAGE -> response.content(json(envelope(new ObjectSchema()
                    .addProperty("page_items", new ArraySchema().items(schemaFor(reply.data())))
                    .addProperty("page_number", new IntegerSchema())
                    .addProperty("page_size", new IntegerSchema())
                    .addProperty("next_page_number", new IntegerSchema().nullable(true)))));
        };
    }

    private static Schema<?> envelope(Schema<?> data) {
        ObjectSchema s = new ObjectSchema();
        s.addProperty("success", new BooleanSchema());
        s.addProperty("message", new StringSchema());
        if (data != null) s.addProperty("data", data);
        return s;
    }

    /** Resolves a type; named models go to components and come back as a $ref. */
    private Schema<?> schemaFor(Type type) {
        if (type == Object.class) return new ObjectSchema();
        ResolvedSchema resolved = converters.resolveAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true));
        if (resolved.referencedSchemas != null) {
            for (Map.Entry<String, Schema> e : resolved.referencedSchemas.entrySet()) {
                components.addSchemas(e.getKey(), e.getValue());
            }
        }
        return resolved.schema;
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }

    private static String operationId(Route route) {
        String p = route.path().equals("/") ? "root" : route.path().substring(1).replaceAll("[^A-Za-z0-9]+", "_");
        String verb = route.isWebSocket() ? "websocket" : route.method().name().toLowerCase(Locale.ROOT);
        return verb + "_" + p;
    }

    private static String tag(String path) {
        if (path.startsWith("/service/")) return "service";
        if (path.startsWith("/list/")) return "list";
        if (path.startsWith("/admin/")) return "admin";
        return "surface";
    }
}
