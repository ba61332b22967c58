/**
 * The miner on W&amp;B: {@link io.computeregister.miner.wandb.MinerRunPublisher} publishes this miner's run as the
 * original Python miner does (role, hotkey, netuid, specs, allocated, run signature; docs/protocol.md §1.2 step 1,
 * §3.2), so that the subnet's validators read, verify and score it. Off unless {@code WANDB_API_KEY} is set.
 *
 * <pre>
 *   AllocateHandler ──AllocationListener──▶ MinerRunPublisher ──(one thread)──▶ protocol.wandb.WandbClient ──▶ W&amp;B
 *   refresh period: SpecsProbe again, whole config written      heartbeat period: file stream
 *   RunIdFile: the run id in the data dir, so a restart writes the same run
 * </pre>
 */
package io.computeregister.miner.wandb;
