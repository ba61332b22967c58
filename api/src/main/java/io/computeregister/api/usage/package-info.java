/**
 * What renters used, for billing: {@code GET /usage?from&to} adds up, per tenant, the allocations live in the window,
 * their GPU-hours and core-hours (each allocation counted for its overlap with the window), as JSON or CSV.
 */
package io.computeregister.api.usage;
