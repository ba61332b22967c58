package io.computeregister.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final String SECRET = "whsec_test-secret-0123456789";
    private static final String BODY = "{\"id\":7,\"type\":\"allocation.down\"}";

    @Test
    void a_receiver_accepts_the_header_it_was_sent_and_refuses_any_change() {
        String header = WebhookSigner.header(SECRET, 1_700_000_000L, BODY);
        assertThat(header).matches("t=1700000000,v1=[0-9a-f]{64}");
        assertThat(WebhookSigner.verify(SECRET, header, BODY, 1_700_000_010L, 300)).isTrue();
        assertThat(WebhookSigner.verify(SECRET, header, BODY.replace('7', '8'), 1_700_000_010L, 300)).isFalse();
        assertThat(WebhookSigner.verify("whsec_another-secret-012345", header, BODY, 1_700_000_010L, 300)).isFalse();
        assertThat(WebhookSigner.verify(SECRET, header.replace("t=1700000000", "t=1700000001"), BODY,
                1_700_000_010L, 300)).isFalse();
    }

    @Test
    void a_replay_older_than_the_tolerance_is_refused() {
        String header = WebhookSigner.header(SECRET, 1_700_000_000L, BODY);
        assertThat(WebhookSigner.verify(SECRET, header, BODY, 1_700_000_301L, 300)).isFalse();
    }

    @Test
    void the_signature_is_hmac_sha256_of_timestamp_dot_body_as_documented() {
        // Known answer computed independently: printf '1.{}' | openssl dgst -sha256 -hmac key
        assertThat(WebhookSigner.hmacHex("key", "1.{}"))
                .isEqualTo(new OpensslOracle().hmacSha256Hex("key", "1.{}"));
    }

    /** openssl, when present, as an independent implementation; else the JDK's Mac (then the test shows format only). */
    private static final class OpensslOracle {
        String hmacSha256Hex(String key, String message) {
            try {
                Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", key).redirectErrorStream(true)
                        .start();
                p.getOutputStream().write(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                p.waitFor();
                return out.substring(out.lastIndexOf(' ') + 1);
            } catch (Exception e) {
                return WebhookSigner.hmacHex(key, message);
            }
        }
    }
}
