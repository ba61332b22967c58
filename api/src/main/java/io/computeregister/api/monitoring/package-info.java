/**
 * Watching the API process: {@code GET /health} (store, metagraph age, leadership, miners up and down),
 * {@code GET /metrics} (Micrometer, Prometheus text) and the original's welcome at {@code GET /}.
 */
package io.computeregister.api.monitoring;
