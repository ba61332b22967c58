/**
 * The RSA-OAEP envelope that carries a new allocation's credentials from the miner to the API (docs/protocol.md §4),
 * byte compatible with Python {@code cryptography}, and the credentials it carries.
 */
package io.computeregister.protocol.envelope;
