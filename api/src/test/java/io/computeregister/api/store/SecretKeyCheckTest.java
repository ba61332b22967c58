package io.computeregister.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.cluster.EmbeddedPg;
import io.computeregister.api.jobs.JobsConfig;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas share one database and must share the key that seals its secrets. An API started with another
 * {@code COMPUTE_SECRET_KEY} refuses to start, naming the variable and never printing a key; an old store without a
 * recorded fingerprint gets one at its first start, unless the key cannot open the secrets already in it.
 */
class SecretKeyCheckTest {

    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final String ADMIN_KEY = "cr_keycheck-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path tmp;

    private final List<ApiMain> started = new ArrayList<>();

    @AfterEach
    void stop() {
        for (ApiMain api : started) api.close();
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private ApiMain start(String name, String dbUrl, String secretKey) throws Exception {
        Path metagraph = tmp.resolve("metagraph.json");
        if (!Files.exists(metagraph)) {
            Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, List.of())));
        }
        ApiConfig config = new ApiConfig("127.0.0.1", 0, tmp.resolve("api-" + name), dbUrl, EmbeddedPg.USER,
                AuthMode.KEYS, List.of(), true, Duration.ofHours(1));
        ApiMain api = ApiMain.start(config, JobsConfig.defaults(), API_HOTKEY,
                new StaticMetagraphSource(metagraph, 27), EmbeddedPg.PASSWORD,
                Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY, SecretBox.ENV_KEY, secretKey),
                new PrintStream(new ByteArrayOutputStream()));
        started.add(api);
        return api;
    }

    private static void assertRefusedNaming(Throwable e, String... keys) {
        assertThat(e).isInstanceOf(IllegalStateException.class);
        assertThat(e.getMessage()).contains(SecretBox.ENV_KEY);
        for (String key : keys) assertThat(e.getMessage()).doesNotContain(key);
    }

    @Test
    void a_replica_with_another_secret_key_refuses_to_start_and_the_running_one_goes_on() throws Exception {
        String dbUrl = EmbeddedPg.newDatabaseUrl();
        String first = newKey();
        String other = newKey();
        ApiMain running = start("a", dbUrl, first);

        assertThatThrownBy(() -> start("b", dbUrl, other)).satisfies(e -> assertRefusedNaming(e, first, other));

        running.store().ping();
        assertThat(start("c", dbUrl, first).port()).as("the same key starts").isPositive();
    }

    @Test
    void an_old_store_without_a_fingerprint_gets_one_unless_the_key_cannot_open_its_secrets() throws Exception {
        String dbUrl = EmbeddedPg.newDatabaseUrl();
        String original = newKey();
        String other = newKey();
        // A store written before fingerprints existed: migrated, one allocation sealed with the original key.
        try (Database database = Database.open(dbUrl, EmbeddedPg.USER, EmbeddedPg.PASSWORD)) {
            Store store = new JdbiStore(database, new SecretBox(Base64.getDecoder().decode(original)),
                    Clock.systemUTC());
            Reservation r = store.reserve("hk-1", 0, "tenant", Duration.ofMinutes(5)).orElseThrow();
            Instant now = Instant.now();
            String uuid = UUID.randomUUID().toString();
            assertThat(store.commitAllocation(r.token(), new AllocationRecord(uuid, "hk-1", "tenant",
                    AllocationState.ACTIVE, "{}", "127.0.0.1", 4444, "root", "pw", "", "regkey", 1, 1, now,
                    now.plus(Duration.ofDays(1)), null, false), null, Event.of("allocation.created", uuid, "{}"))).isTrue();
            database.jdbi().useHandle(h -> h.execute("DELETE FROM store_settings"));
        }

        assertThatThrownBy(() -> start("wrong", dbUrl, other)).satisfies(e -> assertRefusedNaming(e, original, other));
        start("right", dbUrl, original).close(); // records the original key's fingerprint
        assertThatThrownBy(() -> start("wrong-again", dbUrl, other))
                .satisfies(e -> assertRefusedNaming(e, original, other));
    }

    @Test
    void an_old_store_holding_no_secret_yet_takes_the_first_key_it_is_started_with() throws Exception {
        String dbUrl = EmbeddedPg.newDatabaseUrl();
        try (Database database = Database.open(dbUrl, EmbeddedPg.USER, EmbeddedPg.PASSWORD)) {
            database.jdbi().useHandle(h -> h.execute("DELETE FROM store_settings"));
        }
        String first = newKey();
        start("first", dbUrl, first).close();
        assertThatThrownBy(() -> start("second", dbUrl, newKey())).satisfies(e -> assertRefusedNaming(e, first));
    }
}
