/**
 * The docker runtime (production): one container per allocation on a bridge network of its own, named and labelled so
 * that only ours are ever seen or touched, limits from the request, GPUs by device index, {@code no-new-privileges} and
 * a reduced capability set, credentials copied in through the archive API (no shell, no exec), SSH published on a
 * port of this machine, a request's build step run under the allocation's limits and a time bound. Settings: {@link
 * io.computeregister.miner.runtime.docker.DockerSettings} (engine address, image, host ports).
 */
package io.computeregister.miner.runtime.docker;
