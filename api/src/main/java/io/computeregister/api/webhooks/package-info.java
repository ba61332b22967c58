/**
 * Renters' webhooks: registration ({@link io.computeregister.api.webhooks.WebhookHandlers}), the durable outbox
 * delivery ({@link io.computeregister.api.webhooks.WebhookDeliverer}) and its signature
 * ({@link io.computeregister.api.webhooks.WebhookSigner}).
 *
 * <pre>
 *   state change ─(same transaction)─► events
 *   WebhookStore.fanOut:  events above the watermark, not yet fanned out ─► webhook_deliveries (webhook × event)
 *   WebhookDeliverer:     per (webhook, allocation), oldest first: POST signed body
 *                            2xx → delivered   else → retry at base·2^n (capped, jittered), later ones wait
 * </pre>
 */
package io.computeregister.api.webhooks;
