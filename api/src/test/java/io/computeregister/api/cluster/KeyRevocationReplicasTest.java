package io.computeregister.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.ApiKeys;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.jobs.ApiClient;
import io.computeregister.api.jobs.JobsConfig;
import io.computeregister.api.store.SecretBox;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two API replicas on one embedded PostgreSQL database: a key revoked through one is refused by the other on the
 * very next request (no replica keeps a key it could serve from after a revocation).
 */
class KeyRevocationReplicasTest {

    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final String ADMIN_KEY = "cr_revoke-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path tmp;

    private final List<ApiMain> replicas = new ArrayList<>();

    @AfterEach
    void stop() {
        for (ApiMain r : replicas) r.close();
    }

    @Test
    void a_key_revoked_on_one_replica_is_refused_by_the_other_on_the_next_request() throws Exception {
        String dbUrl = EmbeddedPg.newDatabaseUrl();
        byte[] seal = new byte[32];
        new SecureRandom().nextBytes(seal);
        Map<String, String> env = Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY,
                SecretBox.ENV_KEY, Base64.getEncoder().encodeToString(seal));
        ApiClient a = new ApiClient(start("a", dbUrl, env).port());
        ApiClient b = new ApiClient(start("b", dbUrl, env).port());
        String renter = a.renterKey(ADMIN_KEY, "acme");
        // Used on both first, so a replica that cached the key would have it cached now.
        assertThat(status(a.send("POST", "/list/count_all_gpus", null, renter))).isEqualTo(200);
        assertThat(status(b.send("POST", "/list/count_all_gpus", null, renter))).isEqualTo(200);

        JsonNode revoked = a.send("POST", "/keys/revoke",
                "{\"prefix\": \"" + ApiKeys.prefixOf(renter) + "\"}", renter);
        assertThat(status(revoked)).as(revoked.toString()).isEqualTo(200);

        JsonNode onB = b.send("POST", "/list/count_all_gpus", null, renter);
        assertThat(status(onB)).isEqualTo(401);
        assertThat(onB.path("success").asBoolean()).isFalse();
        assertThat(status(a.send("POST", "/list/count_all_gpus", null, ADMIN_KEY))).isEqualTo(200);
    }

    private static int status(JsonNode reply) {
        return reply.path("_status").asInt();
    }

    private ApiMain start(String name, String dbUrl, Map<String, String> env) throws Exception {
        Path metagraph = tmp.resolve("metagraph.json");
        if (!Files.exists(metagraph)) {
            Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, List.of())));
        }
        ApiConfig config = new ApiConfig("127.0.0.1", 0, tmp.resolve("api-" + name), dbUrl, EmbeddedPg.USER,
                AuthMode.KEYS, List.of(), true, Duration.ofHours(1));
        ApiMain api = ApiMain.start(config, JobsConfig.defaults(), API_HOTKEY, new StaticMetagraphSource(metagraph, 27),
                EmbeddedPg.PASSWORD, env, new PrintStream(new ByteArrayOutputStream()));
        replicas.add(api);
        return api;
    }
}
