package io.computeregister.api.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiServer;
import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.testing.FakeMinerClient;
import io.computeregister.api.testing.TestDb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and mutual TLS on the real server, with certificates made by a throwaway BouncyCastle CA. */
class TlsTest {

    @TempDir
    Path tmp;

    private final TestPki pki = new TestPki("compute test CA");
    private TestDb db;
    private ApiServer server;
    private Path cert;
    private Path key;
    private Path clientCa;

    @BeforeEach
    void files() throws IOException {
        db = TestDb.open(TestDb.Kind.SQLITE);
        TestPki.Issued issued = pki.server();
        cert = tmp.resolve("server.crt");
        key = tmp.resolve("server.key");
        clientCa = tmp.resolve("clients-ca.crt");
        TestPki.writePem(cert, issued.certificate());
        // PKCS#8 "PRIVATE KEY", as `openssl genpkey` writes it
        TestPki.writePem(key, new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(issued.keys().getPrivate(), null));
        TestPki.writePem(clientCa, pki.ca().certificate());
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        db.close();
    }

    @Test
    void with_a_client_certificate_from_the_client_ca_the_api_answers_200() throws Exception {
        int port = start(new TlsFiles(cert, key, clientCa));
        HttpResponse<String> r = get(port, TestPki.clientContext(pki, pki.client("renter")));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void without_a_client_certificate_the_handshake_fails() throws Exception {
        int port = start(new TlsFiles(cert, key, clientCa));
        assertThatThrownBy(() -> get(port, TestPki.clientContext(pki, null))).isInstanceOf(IOException.class);
    }

    @Test
    void a_client_certificate_from_another_ca_is_refused() throws Exception {
        int port = start(new TlsFiles(cert, key, clientCa));
        TestPki.Issued stranger = new TestPki("someone else's CA").client("stranger");
        assertThatThrownBy(() -> get(port, TestPki.clientContext(pki, stranger))).isInstanceOf(IOException.class);
    }

    @Test
    void without_a_client_ca_any_https_client_gets_in_and_plain_http_does_not() throws Exception {
        int port = start(new TlsFiles(cert, key, null));
        assertThat(get(port, TestPki.clientContext(pki, null)).statusCode()).isEqualTo(200);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r;
        try {
            r = plain.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return; // connection closed on the plain request: fine
        }
        assertThat(r.statusCode()).as("plain HTTP on the TLS port").isEqualTo(400);
    }

    @Test
    void a_key_file_that_is_not_a_key_fails_the_start_naming_the_option() throws Exception {
        Files.writeString(key, "not a key\n");
        assertThatThrownBy(() -> start(new TlsFiles(cert, key, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-key").hasMessageContaining(key.toString());
    }

    private int start(TlsFiles tls) {
        ApiConfig config = new ApiConfig("127.0.0.1", 0, tmp, null, null, AuthMode.KEYS, List.of(), false,
                ApiConfig.DEFAULT_DISCOVERY_PERIOD).withTls(tls);
        server = ApiServer.builder(config, db.store, new FakeMinerClient()).settings(AllocationSettings.defaults(false))
                .clock(db.clock).adminKey("cr_tls-test-admin-key-0123456789abcdefghijklmnopqrstuvwxyz",
                        new PrintStream(new ByteArrayOutputStream()))
                .build();
        return server.start("127.0.0.1", 0);
    }

    private static HttpResponse<String> get(int port, SSLContext context) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
