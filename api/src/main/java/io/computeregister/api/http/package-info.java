/**
 * The HTTP framework pieces every feature uses, and nothing feature-specific: a {@link io.computeregister.api.http.Route}
 * (method, path, {@link io.computeregister.api.http.Access}, summary, handler, {@link io.computeregister.api.http.RouteDoc};
 * a WebSocket is a route too), {@link io.computeregister.api.http.Routes#register} (Javalin, behind the
 * {@link io.computeregister.api.http.AccessCheck}), the RegisterAPI {@link io.computeregister.api.http.Envelope}s,
 * {@link io.computeregister.api.http.RequestReader} (pydantic-lax reading into one 422),
 * {@link io.computeregister.api.http.ErrorMapper} (every exception to its status and envelope) and the one
 * {@link io.computeregister.api.http.Json} mapper.
 */
package io.computeregister.api.http;
