package io.computeregister.api.http;

import io.javalin.http.Context;

/**
 * Runs before every route's handler ({@link Routes#register}): lets the request through or throws (401/403 as an
 * {@link ApiException}). The implementation ({@code auth.Authenticator}) also records who is calling on the request.
 */
@FunctionalInterface
public interface AccessCheck {

    void require(Context ctx, Access access);
}
