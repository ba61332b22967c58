-- The delivery round's "is an earlier row of this group still waiting for its retry?" lookup (WebhookStore.due):
-- by webhook and group, in seq order.
CREATE INDEX webhook_deliveries_by_group ON webhook_deliveries (webhook_id, order_key, event_seq);
