/**
 * Live events for renters: the WebSocket {@code /connect} ({@link io.computeregister.api.events.EventSocket}) fed by
 * {@link io.computeregister.api.events.EventHub}, which reads the store's events table (the outbox every state change
 * writes in its own transaction), so a reconnecting client with {@code ?since=N} gets exactly what it missed.
 */
package io.computeregister.api.events;
