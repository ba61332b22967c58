/**
 * The {@code /list/*} endpoints (docs/protocol.md §2.9-§2.19): the original's parameters, messages and shapes, served
 * from the store's miners and allocations ({@link io.computeregister.api.lists.ResourceCatalog}) or, with
 * {@code WANDB_API_KEY}, from W&amp;B runs as the original. No list carries a secret.
 */
package io.computeregister.api.lists;
