package io.computeregister.api.store;

/** Who is calling: decided by the API key. Admins see every tenant's allocations and the admin routes. */
public record Tenant(String id, String name, boolean admin) {}
