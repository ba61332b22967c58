/**
 * Where miners' hardware specs come from: one small interface, {@link io.computeregister.api.specs.SpecsSource}, with
 * a real client of a real system behind each implementation (docs/protocol.md §1.2, §1.3, §1.5, §9.10).
 *
 * <pre>
 *   MinerDiscovery round ── read(serving neurons) ──▶ SpecsSource ──▶ hotkey → SpecsReport(specs JSON, source, time)
 *       SpecsSynapse      "specs"         Specs synapse to every serving axon at once (our Java miners answer it)
 *       ValidatorDbSpecs  "validator-db"  an original validator's database.db, miner_details, opened read-only
 *       (W&amp;B miner runs  "wandb"         the original miners' signed runs; built beside this package)
 * </pre>
 *
 * A source never throws: what it cannot read is one log line naming the source and why, and an absent miner.
 */
package io.computeregister.api.specs;
