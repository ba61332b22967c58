/**
 * The axon: serves synapse handlers to Bittensor dendrites over HTTP, with the Python axon's checks, order and status
 * codes (docs/protocol.md §B1.6-§B1.7).
 *
 * <pre>
 * POST|GET /SynapseName ─▶ AxonServer (Javalin on virtual threads)
 *   AxonRequestPipeline: route (404) → headers (400) → BlacklistHook (403)
 *                        → verify: NonceLedger freshness/order → sr25519 signature → nonce recorded (401)
 *                        → PriorityHook + PriorityGate (408) → body + body hash (400/413/500) → handler (408/500)
 *   NonceLedger ─▶ NonceStore (MEMORY_ONLY, or NonceFile so a restart still refuses replays)
 * </pre>
 *
 * A handler that runs past its caller's timeout is not interrupted: it learns from its {@link
 * io.computeregister.bittensor.axon.PendingReply} whether the caller still waits, and undoes its work when not.
 *
 * Knows nothing of subnet 27: a miner attaches its handlers and hooks.
 */
package io.computeregister.bittensor.axon;
