/**
 * NI Compute's {@code Allocate} synapse and the dicts it carries: device requirement, docker requirement, docker
 * action (docs/protocol.md §3.1-§3.2, §9.9). Wire names and defaults are the original's; typed reads are lenient
 * where the original Python code is.
 */
package io.computeregister.protocol.allocate;
