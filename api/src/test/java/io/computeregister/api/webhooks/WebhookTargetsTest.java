package io.computeregister.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which webhook hosts the default policy lets the API call: literal addresses, so no test depends on DNS. */
class WebhookTargetsTest {

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {
        "127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "100.127.255.254", "192.0.0.8", "192.0.2.1", "198.18.0.1",
        "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.1.1.1", "240.0.0.1", "255.255.255.255",
        "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "2001:db8::1", "2001:0:4136::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1",
        "2002:c0a8:101::1"})
    void internal_and_reserved_addresses_are_refused(String address) throws Exception {
        assertThat(WebhookTargets.isPublic(InetAddress.getByName(address))).isFalse();
        String refusal = WebhookTargets.PUBLIC_ONLY.refusal(URI.create("https://" + bracketed(address) + ":8443/h"));
        assertThat(refusal).contains("not a public address").contains("--allow-private-webhooks");
        assertThat(WebhookTargets.ANY.refusal(URI.create("https://" + bracketed(address) + "/h"))).isNull();
    }

    @ParameterizedTest(name = "{0} is allowed")
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.15.255.1", "172.32.0.1", "100.63.0.1", "100.128.0.1",
        "192.0.1.1", "198.17.0.1", "198.20.0.1", "223.255.255.254", "2606:4700:4700::1111", "2a00:1450::1",
        "64:ff9b::808:808", "2002:808:808::1"})
    void globally_routable_addresses_are_allowed(String address) throws Exception {
        assertThat(WebhookTargets.isPublic(InetAddress.getByName(address))).isTrue();
        assertThat(WebhookTargets.PUBLIC_ONLY.refusal(URI.create("http://" + bracketed(address) + "/h"))).isNull();
    }

    @Test
    void a_name_is_judged_by_what_it_resolves_to() {
        assertThat(WebhookTargets.PUBLIC_ONLY.refusal(URI.create("http://localhost:9000/h")))
                .startsWith("host localhost is ").contains("not a public address");
        assertThat(WebhookTargets.PUBLIC_ONLY.refusal(URI.create("http://no-such-host.invalid/h")))
                .isEqualTo("host no-such-host.invalid does not resolve");
    }

    private static String bracketed(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
