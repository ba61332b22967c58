package io.computeregister.api.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiServer;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import io.computeregister.bittensor.axon.AxonServer;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.synapse.SynapseJson;
import io.computeregister.protocol.allocate.Allocate;
import io.computeregister.protocol.envelope.AllocationInfo;
import io.computeregister.protocol.envelope.RsaEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a miner's axon receives for each renter request, field for field: the {@code Allocate} synapses the original
 * API sends (docs/protocol.md §2.3-§2.5, §3.2). A miner written against the original reads these exact dicts, so a
 * change here is a wire change. The axon is real (signed dendrite calls); it answers like an original miner.
 */
class AllocateOnTheWireTest {

    private static final ObjectMapper JSON = SynapseJson.mapper();
    /** The fields of the Allocate subclass, in the order the original's pydantic model dumps them. */
    private static final List<String> FIELDS = List.of("timeline", "device_requirement", "checking", "output",
            "docker_requirement", "docker_change", "docker_action");

    private final Keypair minerKey = Keypair.fromSuri("//Bob");
    /** What the axon received, as {@link #fields} read it before the answer was written into the same synapse. */
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> publicKeys = new CopyOnWriteArrayList<>();
    private TestDb db;
    private AxonServer axon;
    private Dendrite dendrite;
    private ApiServer server;
    private String renter;
    private int port;

    @BeforeEach
    void start() throws Exception {
        db = TestDb.open(TestDb.Kind.SQLITE);
        axon = AxonServer.builder(minerKey).host("127.0.0.1").port(0).build()
                .attach(Allocate.class, this::answerLikeTheOriginalMiner).start();
        dendrite = Dendrite.create(Keypair.fromSuri("//Alice"));
        ApiConfig config = new ApiConfig("127.0.0.1", 0, Path.of("unused"), AuthMode.KEYS, List.of(), false);
        AllocationSettings settings = AllocationSettings.defaults(false);
        server = ApiServer.builder(config, db.store, settings.dendriteClient(dendrite)).settings(settings)
                .clock(db.clock).adminKey(ApiHarness.ADMIN_KEY, new PrintStream(new ByteArrayOutputStream())).build();
        port = server.start("127.0.0.1", 0);
        MinerRecord m = Fixtures.miner(minerKey.ss58Address()).build();
        db.store.upsertMiner(new MinerRecord(m.hotkey(), m.uid(), "127.0.0.1", axon.port(), m.specsJson(),
                m.specsUpdatedAt(), m.specsSource(), m.health(), m.lastSeen(), false, null));
        server.minerIndex().refresh();
        renter = post("/admin/keys", "{\"tenant\":\"acme\"}", ApiHarness.ADMIN_KEY).path("data").path("key").asText();
    }

    @AfterEach
    void stop() {
        server.close();
        dendrite.close();
        axon.close();
        db.close();
    }

    /** checking=true: "free"; checking=false with a timeline: a container, credentials sealed with the request key. */
    private Allocate answerLikeTheOriginalMiner(Allocate a) {
        received.add(fields(a));
        publicKeys.add(a.publicKey());
        if (a.checking() || a.timeline() <= 0 || a.dockerChange()) return a.output(Map.of("status", true));
        String info = new AllocationInfo("root", "secret", 4444, 183).toJson();
        String sealed = RsaEnvelope.encryptToBase64(RsaEnvelope.parsePublicKeyPem(a.publicKey()), info);
        return a.output(Map.of("status", true, "info", sealed));
    }

    @Test
    void allocate_spec_probes_then_sends_the_requirements_in_bytes_and_mib_and_the_docker_dict_as_given()
            throws Exception {
        JsonNode r = post("/service/allocate_spec", """
                {"requirements": {"cpu_count": 2, "gpu_type": "RTX", "gpu_size": 20, "ram": 2, "hard_disk": 3,
                                  "timeline": 7},
                 "docker_requirement": {"base_image": "pytorch", "ssh_key": "ssh-ed25519 AAAAspec",
                                        "dockerfile": "RUN true"}}""", renter);
        assertThat(r.path("success").asBoolean()).as(r.toString()).isTrue();

        assertThat(received).hasSize(2);
        // The probe carries the request's device_requirement, as the original's allocate_spec probe did
        // (docs/protocol.md §2.3 step 4): our miner answers whether it fits; an original miner ignores it.
        assertThat(received.get(0)).isEqualTo("""
                {"timeline":7,"device_requirement":{"cpu":{"count":2},"gpu":{"count":1,"capacity":20000,"type":"rtx"},\
                "hard_disk":{"capacity":3221225472},"ram":{"capacity":2147483648}},"checking":true,"output":{},\
                "docker_requirement":{"base_image":"ubuntu","ssh_key":"","ssh_port":4444,"volume_path":"/tmp",\
                "dockerfile":""},\
                "docker_change":false,"docker_action":{"action":"","ssh_key":"","key_type":""}}""");
        assertThat(received.get(1)).isEqualTo("""
                {"timeline":7,\
                "device_requirement":{"cpu":{"count":2},"gpu":{"count":1,"capacity":20000,"type":"rtx"},\
                "hard_disk":{"capacity":3221225472},"ram":{"capacity":2147483648}},"checking":false,"output":{},\
                "docker_requirement":{"base_image":"pytorch","ssh_key":"ssh-ed25519 AAAAspec","volume_path":"/tmp",\
                "dockerfile":"RUN true"},\
                "docker_change":false,"docker_action":{"action":"","ssh_key":"","key_type":""}}""");
        assertThat(publicKeys.get(1)).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void allocate_spec_without_a_gpu_size_sends_an_empty_gpu_dict() throws Exception {
        JsonNode r = post("/service/allocate_spec",
                "{\"requirements\": {\"gpu_type\": \"\", \"gpu_size\": 0}, \"docker_requirement\": {}}", renter);
        assertThat(r.path("success").asBoolean()).as(r.toString()).isTrue();

        assertThat(received.get(1)).isEqualTo("""
                {"timeline":90,\
                "device_requirement":{"cpu":{"count":1},"gpu":{},\
                "hard_disk":{"capacity":1073741824},"ram":{"capacity":1073741824}},"checking":false,"output":{},\
                "docker_requirement":{"base_image":"ubuntu","ssh_key":"","volume_path":"/tmp","dockerfile":""},\
                "docker_change":false,"docker_action":{"action":"","ssh_key":"","key_type":""}}""");
    }

    @Test
    void allocate_hotkey_sends_the_fixed_device_dict_and_deallocate_sends_timeline_zero_with_the_regkey()
            throws Exception {
        JsonNode r = post("/service/allocate_hotkey?hotkey=" + minerKey.ss58Address() + "&ssh_key=ssh-ed25519%20AAAAq",
                "{\"volume_path\": \"/data\"}", renter);
        assertThat(r.path("success").asBoolean()).as(r.toString()).isTrue();
        String uuid = r.path("data").path("uuid_key").asText();
        JsonNode d = post("/service/deallocate?hotkey=" + minerKey.ss58Address() + "&uuid_key=" + uuid, null, renter);
        assertThat(d.path("success").asBoolean()).as(d.toString()).isTrue();

        assertThat(received).hasSize(3);
        // COMPAT: the original's allocate_hotkey probe sent no device_requirement; ours sends the one the Allocate
        // will carry, so our miner can say whether it fits (an original miner ignores it on a probe).
        assertThat(received.get(0)).startsWith("{\"timeline\":30,\"device_requirement\":{\"cpu\":{\"count\":1},");
        assertThat(received.get(0)).contains("\"checking\":true,");
        assertThat(received.get(1)).isEqualTo("""
                {"timeline":30,\
                "device_requirement":{"cpu":{"count":1},"gpu":{"count":1,"capacity":0,"type":""},\
                "hard_disk":{"capacity":1073741824},"ram":{"capacity":1073741824}},"checking":false,"output":{},\
                "docker_requirement":{"base_image":"ubuntu","ssh_key":"ssh-ed25519 AAAAq","volume_path":"/data",\
                "dockerfile":""},\
                "docker_change":false,"docker_action":{"action":"","ssh_key":"","key_type":""}}""");
        assertThat(received.get(2)).isEqualTo("""
                {"timeline":0,"device_requirement":{},"checking":false,"output":{},\
                "docker_requirement":{"base_image":"ubuntu","ssh_key":"","ssh_port":4444,"volume_path":"/tmp",\
                "dockerfile":""},\
                "docker_change":false,"docker_action":{"action":"","ssh_key":"","key_type":""}}""");
        assertThat(publicKeys.get(2)).isEqualTo(publicKeys.get(1));
    }

    private static String fields(Allocate a) {
        JsonNode all = JSON.valueToTree(a);
        ObjectNode picked = JSON.createObjectNode();
        for (String f : FIELDS) picked.set(f, all.get(f));
        return picked.toString();
    }

    private JsonNode post(String pathAndQuery, String body, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return new ObjectMapper().readTree(HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
