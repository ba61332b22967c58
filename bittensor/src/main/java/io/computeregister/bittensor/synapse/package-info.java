/**
 * The synapse, Bittensor's request/response message, and its wire form (docs/protocol.md §B1.2-§B1.5): the JSON body,
 * the {@code bt_header_*} headers, the body hash and the signed request message. Shared by the dendrite and the axon.
 */
package io.computeregister.bittensor.synapse;
