/**
 * The dendrite: calls axons as Python Bittensor 9.0.0 does (docs/protocol.md §B1.1-§B1.5, §B1.7): a signed HTTP POST
 * per call, strictly increasing wall-clock nonces under one uuid1 session id, many calls in flight at once, every
 * outcome (timeouts and refusals included) a {@code DendriteResponse}.
 */
package io.computeregister.bittensor.dendrite;
