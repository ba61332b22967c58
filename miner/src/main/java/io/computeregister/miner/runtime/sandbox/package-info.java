/**
 * The sandbox runtime, for machines without a Docker engine (demo, development, CI): an embedded Apache MINA SSH server
 * per allocation behind a pausable TCP gate, each renter shell confined by bubblewrap to a namespace sandbox with the
 * allocation's directory as its only writable place ({@link io.computeregister.miner.runtime.sandbox.Bubblewrap}). It
 * applies no CPU/memory/GPU limits and shares the host's network (see {@link
 * io.computeregister.miner.runtime.sandbox.SandboxRuntime}). Settings: {@link
 * io.computeregister.miner.runtime.sandbox.SandboxSettings} (host ports, the bwrap executable).
 */
package io.computeregister.miner.runtime.sandbox;
