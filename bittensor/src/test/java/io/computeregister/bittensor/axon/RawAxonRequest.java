package io.computeregister.bittensor.axon;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.synapse.BodyHash;
import io.computeregister.bittensor.synapse.RequestSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request built header by header as Python 9.0.0's dendrite sends it, so a test can bend one part (signature, nonce,
 * hash) and see how the axon answers. Not our Dendrite on purpose: the point is to hit the axon with what Python sends.
 */
final class RawAxonRequest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Map<String, String> headers = new LinkedHashMap<>();
    String body;
    String synapse;

    /** A correctly signed Echo request from {@code caller} to the axon with {@code axonHotkey}. */
    static RawAxonRequest echo(Keypair caller, String axonHotkey, int port, String text, long nonce, String uuid) {
        RawAxonRequest r = new RawAxonRequest();
        r.synapse = "Echo";
        String signature = RequestSignature.sign(caller,
                RequestSignature.message(nonce, caller.ss58Address(), axonHotkey, uuid, BodyHash.EMPTY));
        r.headers.put("name", "Echo");
        r.headers.put("timeout", "12.0");
        r.headers.put("bt_header_axon_ip", "127.0.0.1");
        r.headers.put("bt_header_axon_port", Integer.toString(port));
        r.headers.put("bt_header_axon_hotkey", axonHotkey);
        r.headers.put("bt_header_dendrite_ip", "198.51.100.7");
        r.headers.put("bt_header_dendrite_version", "9000000");
        r.headers.put("bt_header_dendrite_nonce", Long.toString(nonce));
        r.headers.put("bt_header_dendrite_uuid", uuid);
        r.headers.put("bt_header_dendrite_hotkey", caller.ss58Address());
        r.headers.put("bt_header_dendrite_signature", signature);
        r.headers.put("header_size", "640");
        r.headers.put("total_size", "4000");
        r.headers.put("computed_body_hash", BodyHash.EMPTY);
        r.body = """
                {"name":"Echo","timeout":12.0,"total_size":4000,"header_size":0,
                 "dendrite":{"status_code":null,"status_message":null,"process_time":null,"ip":"198.51.100.7","port":null,"version":9000000,"nonce":%d,"uuid":"%s","hotkey":"%s","signature":"%s"},
                 "axon":{"status_code":null,"status_message":null,"process_time":null,"ip":"127.0.0.1","port":%d,"version":null,"nonce":null,"uuid":null,"hotkey":"%s","signature":null},
                 "computed_body_hash":"","text":"%s","reply":""}"""
                .formatted(nonce, uuid, caller.ss58Address(), signature, port, axonHotkey, text);
        return r;
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    HttpResponse<String> send(int port) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + synapse))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
