package io.computeregister.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.computeregister.cli.ComputeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The list shapes of the original RegisterAPI (docs/protocol.md §2.9, §2.10, §2.17, §2.19), replayed by a
 * small HTTP server: the API module's list endpoints are not what these tests are about, the CLI's reading of
 * their wire shapes is (bare arrays, pages, position-keyed items, "empty" 404s).
 */
class RecordedApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UUID = "8c1e9a52-3f0b-4c1d-9e7a-0a1b2c3d4e5f";
    private static final String HOTKEY = "5HbLYXUBy1snPR8nfioQ7GoA9x76EELzEq9j7F32vWUQHm1x";

    private static final String ALLOCATIONS = """
            {"success": true, "message": "List allocations successfully.", "data": [
              {"resource": "nvidia geforce rtx 4090", "hotkey": "%s", "regkey": "", "ssh_ip": "10.0.0.7",
               "ssh_port": 4444, "ssh_username": "root", "ssh_password": "", "ssh_command": "ssh root@10.0.0.7 -p 4444",
               "ssh_key": "", "uuid_key": "%s", "miner_version": 183}]}""".formatted(HOTKEY, UUID);
    private static final String RESOURCES = """
            {"success": true, "message": "List resources successfully", "data": {"page_items": [
              {"hotkey": "%s", "cpu_count": 32, "gpu_name": "nvidia a100-sxm4-80gb", "gpu_capacity": 160.0,
               "gpu_count": 2, "ram": 251.4, "hard_disk": 1500.25, "allocate_status": "available"}],
             "page_number": 1, "page_size": 1, "next_page_number": null}}""".formatted(HOTKEY);
    private static final String AVAILABLE = """
            {"success": true, "message": "List available miners", "data": {"page_items": [
              {"1": {"hotkey": "%s", "details": {"cpu": {"count": 16}, "ram": {"total": 68719476736},
                     "gpu": {"count": 1, "capacity": 24564, "details": [{"name": "NVIDIA GeForce RTX 4090", "capacity": 24564}]}}}}],
             "page_number": 1, "page_size": 1, "next_page_number": null}}""".formatted(HOTKEY);

    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + body);
            String path = ex.getRequestURI().getPath();
            byte[] out = answers.getOrDefault(path, "{\"detail\":\"Not Found\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(statuses.getOrDefault(path, answers.containsKey(path) ? 200 : 404), out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Run run(String verb, String... args) {
        List<String> argv = new ArrayList<>(List.of(verb, "--api", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--key", "cr_k", "--home", tmp.toString()));
        argv.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ComputeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(argv.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString().strip());
    }

    @Test
    void list_allocations_prints_a_table_and_json_prints_the_data_array() throws Exception {
        answers.put("/list/allocations_sql", ALLOCATIONS);

        Run table = run("list", "allocations");
        Run json = run("list", "allocations", "--json");

        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines().toList()).hasSize(2);
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("UUID").contains("MINER", "RESOURCE", "SSH");
        assertThat(table.out()).contains(UUID, HOTKEY, "nvidia geforce rtx 4090", "ssh root@10.0.0.7 -p 4444");
        JsonNode data = JSON.readTree(json.out());
        assertThat(data.isArray()).isTrue();
        assertThat(data.get(0).path("uuid_key").asText()).isEqualTo(UUID);
        assertThat(requests).allMatch(r -> r.startsWith("POST /list/allocations_sql"));
    }

    @Test
    void the_original_404_for_no_allocations_is_an_empty_list_not_an_error() {
        answers.put("/list/allocations_sql", """
                {"success": false, "message": "No resources found.",
                 "data": "No allocated resources found. Allocate a resource with validator."}""");
        statuses.put("/list/allocations_sql", 404);

        Run r = run("list", "allocations");

        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).isEqualTo("No allocations.");
    }

    @Test
    void list_resources_reads_the_page_and_sends_the_gpu_filter_in_the_body() {
        answers.put("/list/resources_sql", RESOURCES);

        Run r = run("list", "resources", "--gpu-name", "a100", "--page", "1", "--page-size", "10");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(HOTKEY, "nvidia a100-sxm4-80gb", "160.0", "251.4", "1500.25", "available");
        assertThat(requests).singleElement().asString()
                .isEqualTo("POST /list/resources_sql?page_number=1&page_size=10 {\"gpu_name\":\"a100\"}");
    }

    @Test
    void list_available_flattens_the_position_keyed_items() {
        answers.put("/list/available", AVAILABLE);

        Run r = run("list", "available", "--rented");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(HOTKEY, "NVIDIA GeForce RTX 4090", "16", "64.0");
        assertThat(requests).singleElement().asString().startsWith("POST /list/available?rent_status=true ");
    }

    @Test
    void deallocate_without_a_local_record_takes_the_hotkey_from_the_list() {
        answers.put("/list/allocations_sql", ALLOCATIONS);
        answers.put("/service/deallocate", "{\"success\": true, \"message\": \"Resource deallocated successfully.\"}");

        Run r = run("deallocate", UUID);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(requests).last().asString()
                .isEqualTo("POST /service/deallocate?hotkey=" + HOTKEY + "&uuid_key=" + UUID + " ");
    }

    @Test
    void ssh_without_a_password_or_key_says_what_to_pass() {
        answers.put("/list/allocations_sql", ALLOCATIONS);

        Run r = run("ssh", UUID, "--", "true");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: no key or password known for " + UUID).endsWith("pass -i FILE");
    }

    @Test
    void a_422_lists_every_field_error_on_one_line() throws Exception {
        answers.put("/service/exchange_docker_key", """
                {"success": false, "message": "Validation Error, Please check the request body.",
                 "err_detail": [{"field": "ssh_key", "message": "Field required"},
                                {"field": "key_type", "message": "Input should be user or terminal"}]}""");
        statuses.put("/service/exchange_docker_key", 422);
        answers.put("/list/allocations_sql", ALLOCATIONS);
        Path pub = tmp.resolve("k.pub");
        Files.writeString(pub, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKe x\n");

        Run r = run("exchange-key", UUID, "--ssh-key", pub.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.startsWith("error:"))).singleElement().asString()
                .isEqualTo("error: Validation Error, Please check the request body.: ssh_key: Field required; "
                        + "key_type: Input should be user or terminal (HTTP 422)");
    }
}
