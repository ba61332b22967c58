package io.computeregister.protocol.wandb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Recorded-shape W&amp;B answers (src/test/resources/wandb/*.json), for the client tests here and in api. */
public final class RecordedWandb {

    private RecordedWandb() {}

    /** The answer file {@code wandb/NAME.json}. */
    public static String answer(String name) {
        try (InputStream in = RecordedWandb.class.getResourceAsStream("/wandb/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing recorded W&B answer " + name, e);
        }
    }

    /** Serves the two recorded pages of miner runs: the first for any runs query, the second after its cursor. */
    public static void serveMinerPages(WireMockServer wandb) {
        wandb.stubFor(post(urlEqualTo("/graphql")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.variables.cursor", equalTo("cur-p0q1r2bb")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(answer("runs_miners_page2"))));
        wandb.stubFor(post(urlEqualTo("/graphql")).atPriority(5)
                .withRequestBody(matchingJsonPath("$.query", containing("query Runs")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(answer("runs_miners_page1"))));
    }
}
