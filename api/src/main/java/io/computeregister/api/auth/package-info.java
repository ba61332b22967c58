/**
 * Who is calling: the IP allowlist, then the API key ({@link io.computeregister.api.auth.Authenticator}, the route
 * table's access check), keys stored as hashes ({@link io.computeregister.api.auth.ApiKeys}), the first admin key
 * ({@link io.computeregister.api.auth.AdminBootstrap}) and {@code POST /admin/keys}
 * ({@link io.computeregister.api.auth.KeyHandlers}).
 */
package io.computeregister.api.auth;
