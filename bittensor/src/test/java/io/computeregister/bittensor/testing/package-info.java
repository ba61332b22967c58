/**
 * Test data and oracles for the bittensor module: the recorded vectors and chain responses in the test resources, and
 * the independent {@code @polkadot/util-crypto} oracle run through Node.
 */
package io.computeregister.bittensor.testing;
