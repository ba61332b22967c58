/**
 * Reading a subnet's metagraph from a subtensor node.
 *
 * <pre>
 * MetagraphRefresher ──every period──▶ MetagraphSource.load()
 *                                        ├─ StaticMetagraphSource: JSON file (MetagraphJson, as `compute metagraph` prints)
 *                                        └─ SubtensorMetagraphSource:
 *                                             RpcClient (HTTP POST or one WebSocket, JSON-RPC 2.0)
 *                                               chain_getHeader → number
 *                                               chain_getBlockHash(number) → hash        (one snapshot)
 *                                               state_call(NeuronInfoRuntimeApi_get_neurons_lite, u16 netuid, hash)
 *                                             RuntimeApiResult: typed or Vec&lt;u8&gt;-wrapped framing → Vec&lt;NeuronInfoLite&gt;
 *                                             Metagraph.fromNeuronsLite → Metagraph (uid, hotkey, coldkey, ip, port, stake TAO, …)
 * </pre>
 *
 * SCALE decoding lives in {@code io.computeregister.bittensor.scale}; layouts follow subtensor's {@code rpc_info}
 * (docs/protocol.md §B2).
 */
package io.computeregister.bittensor.subtensor;
