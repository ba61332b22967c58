/** The dendrite fan-out benchmark ({@code bench/dendrite-fanout.sh}); not run by the test suite. */
package io.computeregister.bittensor.bench;
