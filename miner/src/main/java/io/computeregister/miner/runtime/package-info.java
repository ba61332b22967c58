/**
 * Where renters' machines run: the runtime interface and what runtimes share. A runtime is chosen by name in the
 * registry ({@link io.computeregister.miner.Runtimes}); its own {@link io.computeregister.miner.runtime.RuntimeSettings}
 * record opens it. The miner asks the {@link io.computeregister.miner.runtime.ContainerRuntime} for its {@link
 * io.computeregister.miner.runtime.Site} (what there is to rent, where renters reach allocations) and to start, act on
 * and remove machines; the accounting (the ledger) stays with the miner.
 *
 * <pre>
 *   --runtime NAME ──Runtimes──► RuntimeSettings ──open(dataDir)──► ContainerRuntime ──start(RuntimeSpec)──► Started
 *     + options                   │                                  └─ site(): Site ├─ hardware()  → capacity model
 *                                 │                                                  └─ endpoints() → Endpoints
 *   host-bound (docker, sandbox): HostBoundSettings.ports() ──► LocalSite: this machine's SpecsProbe + PortPool
 * </pre>
 *
 * {@link io.computeregister.miner.runtime.PasswordHash} is the one way an allocation password is hashed, whichever
 * runtime checks it.
 */
package io.computeregister.miner.runtime;
