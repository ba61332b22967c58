package io.computeregister.api.auth;

public enum AuthMode {
    /** Every request carries {@code Authorization: Bearer <key>}; the key decides the tenant. */
    KEYS,
    /**
     * No keys: every caller the IP allowlist admits acts as the one built-in admin tenant "local", as with the
     * original's mTLS where any certificate holder could do everything. Meant for a private network.
     */
    NONE
}
