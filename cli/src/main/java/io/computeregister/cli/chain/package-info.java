/** {@code compute metagraph}: reads a subnet's metagraph from a subtensor node or a recorded answer, prints JSON. */
package io.computeregister.cli.chain;
