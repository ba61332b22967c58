/**
 * A W&amp;B GraphQL server for tests (W&amp;B cannot be reached from these machines), written from the wire facts in
 * docs/protocol.md §1.5, not from our client: {@link io.computeregister.protocol.wandb.standin.WandbStandIn} on a
 * real port, GraphQL parsed and executed for real ({@code GraphqlRequest}, {@code WandbSchema}), run filters evaluated as
 * MongoDB-style queries ({@code RunFilter}), runs seeded as the original's Python client writes them
 * ({@code PythonJson}). Shipped in protocol's test-jar for the api and miner tests.
 */
package io.computeregister.protocol.wandb.standin;
