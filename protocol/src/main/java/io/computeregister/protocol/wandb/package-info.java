/**
 * Weights &amp; Biases on the wire, as the original's Python processes use it (docs/protocol.md §1.2, §1.5, §5.4),
 * shared by the API (reads miner runs, writes its validator run) and the miner (publishes its own run).
 *
 * <pre>
 *   WandbConfig.fromEnv   WANDB_API_KEY (off without it), WANDB_BASE_URL, WANDB_ENTITY, WANDB_PROJECT, WANDB_RUN_ID
 *   WandbClient           runs(filters)        query Runs, MongoDB-style filter as a JSONString, paged by cursor
 *                         run(id)              one run with its wrapped config, for a read-modify-write
 *                         upsert(id, name, c)  upsertBucket: creates the run, or REPLACES its whole config
 *                         heartbeat / finish   the run's file stream: what keeps a run "running", and ends it
 *     └ WandbHttp         POST with Basic auth (user "api", the key), errors → WandbException (never the key)
 *   RunConfig             {"key": {"value": v, "desc": null}} ⇄ plain values; "_"-keys dropped when read
 *   RunSignature          hex(sr25519(hotkey, sha256(run id))), verified against config.hotkey
 * </pre>
 */
package io.computeregister.protocol.wandb;
