package io.computeregister.api.http;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the OpenAPI document says about one route: parameters with their placement, the body and the success reply.
 * It sits in the route table next to the handler, so a route cannot exist undocumented.
 */
public record RouteDoc(List<Param> params, Body body, Reply reply) {

    public static final RouteDoc NONE = new RouteDoc(List.of(), null, null);

    public enum In { QUERY, PATH }

    public record Param(String name, In in, Class<?> type, boolean required, String description) {}

    /** {@code type} may be a class or a {@link #listOf}/{@link #mapOf} type. */
    public record Body(Type type, boolean required, String description) {}

    /** How the success reply wraps {@code data}. */
    public enum Shape {
        /** {@code {success, message, data}} with data of the given type (none: no data key). */
        ENVELOPE,
        /** {@code {success, message, data: {page_items: [type], page_number, page_size, next_page_number}}}. */
        PAGE,
        /** The type itself, no envelope. */
        BARE,
        /** Not JSON (HTML, JavaScript, CSS, Prometheus text). */
        TEXT,
        /** No body: the connection switches protocol (a WebSocket). */
        UPGRADE
    }

    public record Reply(int status, Shape shape, Type data, String description) {}

    public static Builder doc() {
        return new Builder();
    }

    public static final class Builder {
        private final List<Param> params = new ArrayList<>();
        private Body body;
        private Reply reply;

        public Builder query(String name, Class<?> type, boolean required, String description) {
            params.add(new Param(name, In.QUERY, type, required, description));
            return this;
        }

        public Builder path(String name, String description) {
            params.add(new Param(name, In.PATH, String.class, true, description));
            return this;
        }

        /** Query {@code page_size} and {@code page_number} (docs/protocol.md §2.19). */
        public Builder paged() {
            query("page_size", Integer.class, false, "items per page (>= 1, default 50 when page_number is given)");
            return query("page_number", Integer.class, false, "1-based page; absent = everything on page 1");
        }

        public Builder body(Type type, boolean required, String description) {
            body = new Body(type, required, description);
            return this;
        }

        public Builder reply(Shape shape, Type data, String description) {
            return reply(200, shape, data, description);
        }

        public Builder reply(int status, Shape shape, Type data, String description) {
            reply = new Reply(status, shape, data, description);
            return this;
        }

        public RouteDoc build() {
            return new RouteDoc(List.copyOf(params), body, reply);
        }
    }

    public static Type listOf(Type item) {
        return parameterized(List.class, item);
    }

    /** {@code Map<String, value>}: the original's position-keyed items ({@code {"1": {...}}}). */
    public static Type mapOf(Type value) {
        return parameterized(Map.class, String.class, value);
    }

    private static Type parameterized(Class<?> raw, Type... args) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return args.clone();
            }

            @Override
            public Type getRawType() {
                return raw;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }

            @Override
            public String getTypeName() {
                return raw.getName() + java.util.Arrays.toString(args);
            }
        };
    }
}
