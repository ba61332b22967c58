package io.computeregister.api.http;

/** Who may call a route. */
public enum Access {
    PUBLIC,
    /** Any authenticated tenant; acts on its own allocations only. */
    RENTER,
    /** Admin tenants only. */
    ADMIN
}
