/**
 * Stand-ins for the original NI Compute (subnet 27) Python processes we cannot run here, written from their documented
 * behaviour (docs/protocol.md §1.3, §3.1-§3.4, §4, §9.10), never shaped after what our own client sends:
 *
 * <pre>
 *   OriginalMiner ........ an axon that answers Allocate as neurons/miner.py does (no Specs handler), with one real
 *                          Docker container of the SSH test image as its "ssh-container"
 *   OriginalValidatorDb .. the validator's database.db, its tables and miner_details rows as the validator writes them
 *   OriginalSpecs ........ a miner's get_perf_info() specs with Python's types
 *   PythonJson ........... json.dumps with its default separators
 * </pre>
 */
package io.computeregister.api.original;
