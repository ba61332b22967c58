package io.computeregister.api.webhooks;

import java.util.Locale;

/** The body a webhook receives. */
public enum WebhookFormat {
    /** {@code {"id", "type", "allocation_uuid", "created_at", "data"}} for every event of the renter's allocations. */
    COMPUTE,
    /**
     * The original RegisterAPI's status-change body (docs/protocol.md §5.3) for old receivers: only the events it knew
     * (DEALLOCATION, ONLINE, OFFLINE) are sent.
     */
    ORIGINAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null for an unknown value. */
    static WebhookFormat parse(String value) {
        for (WebhookFormat f : values()) if (f.wire().equals(value)) return f;
        return null;
    }
}
