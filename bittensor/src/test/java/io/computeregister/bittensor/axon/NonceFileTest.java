package io.computeregister.bittensor.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file a restarted axon reads its callers' last nonces from. */
class NonceFileTest {
    @TempDir
    Path dir;

    @Test
    void a_reopened_file_gives_each_keys_newest_nonce_also_when_never_closed() {
        Path path = dir.resolve("data/axon-nonces");
        NonceFile first = NonceFile.open(path);
        first.record("alice:u1", 10);
        first.record("alice:u1", 30);
        first.record("alice:u1", 20); // raced in after a newer one: the newest still wins
        first.record("bob:u2", 5);

        assertThat(NonceFile.open(path).load()).isEqualTo(Map.of("alice:u1", 30L, "bob:u2", 5L));
        first.close();
    }

    @Test
    void many_requests_from_few_callers_keep_the_file_small() throws Exception {
        Path path = dir.resolve("axon-nonces");
        try (NonceFile file = NonceFile.open(path)) {
            for (int i = 1; i <= 30_000; i++) file.record("caller-" + (i % 3) + ":uuid", i);
        }
        assertThat(Files.readAllLines(path).size()).isLessThan(15_000);
        assertThat(NonceFile.open(path).load())
                .isEqualTo(Map.of("caller-0:uuid", 30_000L, "caller-1:uuid", 29_998L, "caller-2:uuid", 29_999L));
    }

    @Test
    void pruning_forgets_old_keys_and_keeps_the_live_ones() {
        Path path = dir.resolve("axon-nonces");
        try (NonceFile file = NonceFile.open(path)) {
            file.record("old:u", 100);
            file.record("new:u", 900);
            file.prune(500);
            assertThat(file.load()).isEqualTo(Map.of("new:u", 900L));
        }
        // the old line stays until the next rewrite: harmless, the axon prunes it again when it loads
        assertThat(NonceFile.open(path).load()).containsEntry("new:u", 900L);
    }

    @Test
    void a_line_torn_by_a_power_cut_is_skipped_and_nothing_is_glued_to_it() throws Exception {
        Path path = dir.resolve("axon-nonces");
        Files.writeString(path, "42 alice:u1\n17180000", StandardCharsets.UTF_8); // the second write stopped half-way
        try (NonceFile file = NonceFile.open(path)) {
            file.record("bob:u2", 7);
        }
        assertThat(NonceFile.open(path).load()).isEqualTo(Map.of("alice:u1", 42L, "bob:u2", 7L));
        assertThat(Files.readString(path)).doesNotContain("17180000");
    }

    @Test
    void a_key_with_a_line_break_is_refused_rather_than_written() {
        try (NonceFile file = NonceFile.open(dir.resolve("axon-nonces"))) {
            assertThatThrownBy(() -> file.record("alice:u1\n999999999999 bob:u2", 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(file.load()).isEmpty();
        }
    }

    @Test
    void a_closed_file_refuses_to_record() {
        NonceFile file = NonceFile.open(dir.resolve("axon-nonces"));
        file.close();
        assertThatThrownBy(() -> file.record("alice:u1", 1)).isInstanceOf(IllegalStateException.class);
    }
}
