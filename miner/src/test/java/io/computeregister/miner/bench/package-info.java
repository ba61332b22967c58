/** The miner's allocate-to-SSH-login benchmark ({@code bench/miner-allocate/run.sh}); not run by the test suite. */
package io.computeregister.miner.bench;
