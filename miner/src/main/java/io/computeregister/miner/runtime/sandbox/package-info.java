/**
 * The sandbox runtime, for machines without a Docker engine (demo, development, CI): an embedded Apache MINA SSH server
 * per allocation behind a pausable TCP gate, a {@code /bin/sh} in the allocation's directory. It isolates nothing and
 * applies no limits (see {@link io.computeregister.miner.runtime.sandbox.SandboxRuntime}). Settings: {@link
 * io.computeregister.miner.runtime.sandbox.SandboxSettings} (host ports only).
 */
package io.computeregister.miner.runtime.sandbox;
