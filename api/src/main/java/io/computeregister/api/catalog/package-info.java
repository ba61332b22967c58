/**
 * The marketplace's catalog as the original's {@code /list/*} endpoints show it (docs/protocol.md §2.9-§2.19):
 * which machines there are and what they offer (resources, runs, spec reports, counts) and which allocations a renter
 * holds. Read-only; every answer is a record of this package (or the allocation view) that the OpenAPI document
 * describes too.
 *
 * <pre>
 *   MinerIndex load (only when the miners changed) ──► MinerCatalog.Snapshot: a ListedMiner per row, and a
 *                                                      Listing (Resource item rendered once, up to its status)
 *   /list/resources_*, specs, available, all_runs …  ──► walk the snapshot up to the page's end, held state live;
 *                                                      specs, available: their page's reports from the store
 *   /list/allocations_sql ──► AllocationLists: one ChunkedAnswer per caller's view and event seq, gzipped once
 * </pre>
 *
 * A request never scans the miners table or parses the fleet's reports; what a paged request costs does not grow
 * with the fleet.
 */
package io.computeregister.api.catalog;
