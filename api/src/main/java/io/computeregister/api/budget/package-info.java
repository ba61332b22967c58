/**
 * Per-tenant request budgets for the calls that fan out: {@code check_miner_status} (one token per hotkey in the body:
 * up to 4,096 signed probes per call) and allocation attempts (one token per {@code allocate_spec} or
 * {@code allocate_hotkey} request that is not a dry run). Each tenant has a token bucket per kind, held in this
 * process's memory: a budget is per replica. Admins are exempt. An over-budget request gets 429 with
 * {@code Retry-After} ({@link io.computeregister.api.refusal.OverBudget}) before any work, and is charged nothing.
 */
package io.computeregister.api.budget;
