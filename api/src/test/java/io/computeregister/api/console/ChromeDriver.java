package io.computeregister.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A headless Chromium driven through chromedriver's W3C WebDriver HTTP API (java.net.http, no Selenium): the few
 * commands a console test needs. Test-only. {@link #close()} ends the session, chromedriver and the profile dir.
 */
final class ChromeDriver implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final Path profile;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChromeDriver(Process driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    /** Why the browser cannot run here, or null when both binaries are installed. */
    static String missing() {
        if (!Files.isExecutable(CHROMIUM)) return CHROMIUM + " is not installed (apt-get install chromium)";
        if (!Files.isExecutable(CHROMEDRIVER)) return CHROMEDRIVER + " is not installed (apt-get install chromium-driver)";
        return null;
    }

    static ChromeDriver start(int width, int height) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path profile = Files.createTempDirectory("console-chromium-");
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(profile.resolveSibling(profile.getFileName() + ".driver.log").toFile())
                .start();
        ChromeDriver chrome = new ChromeDriver(driver, profile, "http://127.0.0.1:" + port);
        try {
            chrome.awaitReady();
            ObjectNode caps = JSON.createObjectNode();
            ObjectNode options = caps.putObject("capabilities").putObject("alwaysMatch").put("browserName", "chrome")
                    .putObject("goog:chromeOptions").put("binary", CHROMIUM.toString());
            var args = options.putArray("args");
            for (String a : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=" + width + "," + height,
                    "--user-data-dir=" + profile)) {
                args.add(a);
            }
            JsonNode session = chrome.call("POST", "/session", caps);
            chrome.sessionId = session.path("sessionId").asText();
            return chrome;
        } catch (Exception e) {
            chrome.close();
            throw e;
        }
    }

    private String sessionId;

    private void awaitReady() throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                if (call("GET", "/status", null).path("ready").asBoolean()) return;
            } catch (IOException notYet) {
                // chromedriver still starting
            }
            if (Instant.now().isAfter(deadline)) throw new IOException("chromedriver did not answer within 20 s");
            Thread.sleep(100);
        }
    }

    void open(String url) throws Exception {
        call("POST", session("/url"), JSON.createObjectNode().put("url", url));
    }

    String find(String css) throws Exception {
        JsonNode v = call("POST", session("/element"),
                JSON.createObjectNode().put("using", "css selector").put("value", css));
        if (!v.has(ELEMENT)) throw new IOException("no element for " + css + ": " + v);
        return v.path(ELEMENT).asText();
    }

    void type(String css, String text) throws Exception {
        String id = find(css);
        call("POST", session("/element/" + id + "/clear"), JSON.createObjectNode());
        call("POST", session("/element/" + id + "/value"), JSON.createObjectNode().put("text", text));
    }

    void click(String css) throws Exception {
        call("POST", session("/element/" + find(css) + "/click"), JSON.createObjectNode());
    }

    /**
     * The rendered text of the first element matching {@code css}, found and read in one script run: the console
     * re-renders its tables when events arrive, and an element found in one WebDriver call can be replaced before the
     * next call reads it ("stale element reference").
     */
    String text(String css) throws Exception {
        JsonNode v = script("const e = document.querySelector(" + JSON.writeValueAsString(css) + ");"
                + " return e === null ? null : e.innerText;");
        if (v == null || v.isNull()) throw new IOException("no element for " + css);
        return v.asText();
    }

    /** Runs a synchronous script in the page and returns its result. */
    JsonNode script(String body) throws Exception {
        ObjectNode req = JSON.createObjectNode().put("script", body);
        req.putArray("args");
        return call("POST", session("/execute/sync"), req);
    }

    byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(call("GET", session("/screenshot"), null).asText());
    }

    private String session(String path) {
        return "/session/" + sessionId + path;
    }

    private JsonNode call(String method, String path, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode reply = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new IOException("webdriver " + method + " " + path + " -> " + r.statusCode() + ": "
                    + reply.path("value").path("message").asText(r.body()));
        }
        return reply.path("value");
    }

    @Override
    public void close() {
        try {
            if (sessionId != null) call("DELETE", session(""), null);
        } catch (Exception ignored) {
            // the browser may already be gone; chromedriver is stopped below either way
        }
        http.close();
        driver.destroy();
        try {
            if (!driver.waitFor(5, TimeUnit.SECONDS)) driver.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
