/**
 * The API's background jobs, run by {@link io.computeregister.api.jobs.JobRunner} (fixed delay + jitter, one thread
 * per lane, leader-only jobs skipped on followers and run at once on election).
 *
 * <pre>
 *   active allocations (store)
 *        │
 *        ├─ HealthLoop ─ownership probe (1,024 miners at once, bounded)──► miss → HealthLedger.missed
 *        │                                                                 └─ N misses: allocation.down, miner DOWN
 *        │                                                     answer → HealthLedger.answered (allocation.up if down)
 *        ├─ LeaseExpiry ── expires_at ≤ now → deallocate(regkey) → endAllocation + allocation.expired
 *        └─ Reconciliation ── "not owned" twice → endAllocation + allocation.vanished
 *
 *   every event row ──► webhooks.WebhookDeliverer (outbox) ──► renters' URLs
 * </pre>
 */
package io.computeregister.api.jobs;
