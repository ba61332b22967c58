package io.computeregister.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OriginalPayloadTest {

    private static final Instant EVENT = Instant.parse("2026-03-01T12:00:00.123456Z");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:05Z");

    @Test
    void deallocation_has_the_original_keys_order_separators_and_time_format() {
        String body = OriginalPayload.body("allocation.expired", "u-1", "{\"hotkey\":\"5Hk\",\"uuid\":\"u-1\"}",
                EVENT, NOW);
        assertThat(body).isEqualTo("{\"time\": \"2026-03-01T12:00:05.000000Z\", "
                + "\"deallocated_at\": \"2026-03-01T12:00:00.123456Z\", \"hotkey\": \"5Hk\", "
                + "\"status\": \"DEALLOCATION\", \"uuid\": \"u-1\"}");
    }

    @Test
    void down_and_up_become_offline_and_online_status_changes() {
        assertThat(OriginalPayload.body("allocation.down", "u-1", "{\"hotkey\":\"5Hk\"}", EVENT, NOW))
                .isEqualTo("{\"time\": \"2026-03-01T12:00:05.000000Z\", "
                        + "\"status_change_at\": \"2026-03-01T12:00:00.123456Z\", \"hotkey\": \"5Hk\", "
                        + "\"status\": \"OFFLINE\", \"uuid\": \"u-1\"}");
        assertThat(OriginalPayload.body("allocation.up", "u-1", "{\"hotkey\":\"5Hk\"}", EVENT, NOW))
                .contains("\"status\": \"ONLINE\"");
    }

    @Test
    void events_the_original_never_sent_have_no_original_body() {
        assertThat(OriginalPayload.body("allocation.created", "u-1", "{}", EVENT, NOW)).isNull();
    }
}
