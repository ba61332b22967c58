package io.computeregister.api.store;

/** Outcome of revoking an API key by its prefix. */
public sealed interface KeyRevocation {

    /** The key is revoked: now, or it already was ({@code key.revokedAt()} says when either way). */
    record Revoked(ApiKeyInfo key) implements KeyRevocation {}

    /** No key with that prefix (among the tenant's, when the revocation was limited to one tenant). */
    record NotFound() implements KeyRevocation {}

    /** Several working keys share the prefix; none was revoked. */
    record Ambiguous(int keys) implements KeyRevocation {}
}
