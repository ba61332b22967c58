package io.computeregister.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.api.ApiConfig;
import io.computeregister.api.allocation.SshCheck;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.auth.IpAllowlist;
import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthModesTest {

    @Test
    void with_auth_none_an_allowlisted_caller_needs_no_key() {
        try (TestDb db = TestDb.open(TestDb.Kind.SQLITE);
             ApiHarness api = new ApiHarness(db, AuthMode.NONE, List.of("127.0.0.0/8"), SshCheck.OFF)) {
            api.addMiners(Fixtures.miner("hk").build());
            assertThat(api.post("/service/allocate_hotkey?hotkey=hk", null, null).status()).isEqualTo(200);
        }
    }

    @Test
    void a_caller_outside_the_allowlist_gets_403_even_with_a_valid_key() {
        try (TestDb db = TestDb.open(TestDb.Kind.SQLITE);
             ApiHarness api = new ApiHarness(db, AuthMode.KEYS, List.of("10.0.0.0/8"), SshCheck.OFF)) {
            var r = api.post("/service/allocate_hotkey?hotkey=hk", null, ApiHarness.ADMIN_KEY);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body().path("success").asBoolean()).isFalse();
            assertThat(r.body().path("err_detail").asText()).contains("allowlist");
        }
    }

    @Test
    void a_generated_admin_key_is_printed_once_on_first_start_only() throws Exception {
        try (TestDb db = TestDb.open(TestDb.Kind.SQLITE)) {
            var out = new java.io.ByteArrayOutputStream();
            var console = new java.io.PrintStream(out, true);
            var tenant = io.computeregister.api.auth.AdminBootstrap.ensureAdmin(db.store, null, db.clock, console);
            String printed = out.toString();
            assertThat(printed).contains("Admin API key");
            String key = printed.substring(printed.indexOf("cr_")).trim();
            assertThat(db.store.findTenantByKeyHash(io.computeregister.api.auth.ApiKeys.hash(key))).contains(tenant);
            out.reset();
            io.computeregister.api.auth.AdminBootstrap.ensureAdmin(db.store, null, db.clock, console);
            assertThat(out.toString()).isEmpty();
        }
    }

    @Test
    void allowlist_entries_match_by_prefix_and_bad_entries_are_named() {
        IpAllowlist list = IpAllowlist.parse(List.of("10.1.0.0/16", "::1", "192.168.1.7"));
        assertThat(list.allows("10.1.200.3")).isTrue();
        assertThat(list.allows("10.2.0.1")).isFalse();
        assertThat(list.allows("::1")).isTrue();
        assertThat(list.allows("::ffff:192.168.1.7")).isTrue();
        assertThat(list.allows("192.168.1.8")).isFalse();
        assertThatThrownBy(() -> IpAllowlist.parse(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> IpAllowlist.parse(List.of("example.com"))).hasMessageContaining("example.com");
    }

    @Test
    void auth_none_on_a_public_address_without_an_allowlist_is_refused_at_start() {
        assertThatThrownBy(() -> new ApiConfig("0.0.0.0", 8903, Path.of("d"), AuthMode.NONE,
                List.of(), true)).hasMessageContaining("--allow");
    }
}
