/**
 * Weights &amp; Biases as the API uses it, optional: the W&amp;B-backed lists read the project's runs, and after every
 * allocation change the held hotkeys are written into the validator run (docs/protocol.md §1.5, §5.4). The wire
 * (GraphQL, the wrapped config, run signatures) is {@code io.computeregister.protocol.wandb}, shared with the miner;
 * discovery reads miner specs from W&amp;B through {@code io.computeregister.api.specs.WandbMinerSpecs}. Off unless
 * {@code WANDB_API_KEY} is set.
 *
 * <pre>
 *   WandbConfig.fromEnv(env) ──empty──▶ WandbSource.OFF / WandbSink.OFF
 *          │ present
 *          ▼
 *   protocol.wandb.WandbClient ── POST {base}/graphql (Basic api:KEY) ──▶ W&amp;B
 *     WandbLists          runs(filters), runByName(name) {netuid, display_name, state: running},
 *                         specsByHotkey() {config.role: miner, netuid, state: running} → config.specs by hotkey
 *     ValidatorRunWriter  run(id) → allocated_hotkeys, stats[*].allocated, signature → upsertBucket(whole config)
 * </pre>
 *
 * Wired by {@code ApiMain}: {@link io.computeregister.api.wandb.WandbLists} is the {@code ListHandlers}' source and
 * {@link io.computeregister.api.wandb.ValidatorRunWriter} the {@code wandb-publish} job's sink
 * ({@code jobs.AllocatedHotkeysPublisher}). What the original also did and this does not: {@code run.log} history
 * points (file stream API, nothing reads them).
 */
package io.computeregister.api.wandb;
