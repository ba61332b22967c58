/**
 * Weights &amp; Biases, optional: the original RegisterAPI read miner runs (specs, allocation flags) from the W&amp;B
 * project {@code neuralinternet/opencompute} and wrote its validator run's {@code allocated_hotkeys}
 * (registerapi-reference §1.5, §5.4). Off unless {@code WANDB_API_KEY} is set.
 *
 * <pre>
 *   WandbConfig.fromEnv(env) ──empty──▶ WandbSource.OFF / WandbSink.OFF
 *          │ present
 *          ▼
 *   WandbClient ── POST {base}/graphql (Basic api:KEY) ──▶ W&amp;B
 *     runs(filters)      query Runs, paged by cursor (≤ 50 pages), config values unwrapped
 *     runByName(name)    {netuid, display_name, state: running}
 *     specsByHotkey()    {config.role: miner, netuid, state: running} → config.specs by config.hotkey
 *     publishAllocated() query the validator run's config → upsertBucket(config) with allocated_hotkeys,
 *                        stats[*].allocated and a fresh signature (RunSigner)
 * </pre>
 *
 * Wired by {@code ApiMain}: one client is the {@code ListHandlers}' source and the {@code wandb-publish} job's sink
 * ({@code jobs.AllocatedHotkeysPublisher}). What the original also did and this does not:
 * {@code run.log} history points (file stream API, nothing reads them), and the miner-run signature check.
 */
package io.computeregister.api.wandb;
