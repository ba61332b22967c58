/**
 * The SSH test image ({@code compute-register/ssh-test}): built from this host's busybox and dropbear and loaded into
 * the Docker engine without any registry, for tests, the demo and {@code compute image build-test}.
 */
package io.computeregister.miner.image;
