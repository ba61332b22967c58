/**
 * What the miner's tests (and the API's and the CLI's, through the test-jar) share: the Docker engine check, the SSH
 * test image, free ports, an SSH login.
 */
package io.computeregister.miner.testing;
