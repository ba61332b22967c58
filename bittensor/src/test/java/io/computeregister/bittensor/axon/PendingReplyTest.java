package io.computeregister.bittensor.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.AxonTarget;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.dendrite.DendriteResponse;
import io.computeregister.bittensor.synapse.Echo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A handler learns whether its caller still waits: the axon answers 408 at the timeout and the handler sees it. */
class PendingReplyTest {
    private static final Keypair MINER = Keypair.fromSuri("//Bob");

    private final CompletableFuture<Boolean> claimed = new CompletableFuture<>();
    private AxonServer axon;
    private Dendrite dendrite;

    @BeforeEach
    void start() {
        axon = AxonServer.builder(MINER).host("127.0.0.1").port(0).build()
                .attach(Echo.class, this::echo, BlacklistHook.ALLOW_ALL, PriorityHook.FIFO)
                .start();
        dendrite = Dendrite.create(Keypair.fromSuri("//Alice"));
    }

    @AfterEach
    void stop() {
        dendrite.close();
        axon.stop(Duration.ofSeconds(3));
    }

    private Echo echo(Echo s, PendingReply reply) {
        if (s.text().equals("slow")) {
            try {
                Thread.sleep(1_200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        claimed.complete(reply.claim());
        return s.reply("echo " + s.text());
    }

    @Test
    void a_handler_finishing_after_its_callers_timeout_cannot_claim_the_reply() throws Exception {
        DendriteResponse<Echo> r = call("slow", Duration.ofMillis(400));

        assertThat(r.statusCode()).isEqualTo(408);
        assertThat(claimed.get(5, TimeUnit.SECONDS)).as("the caller was answered 408: nobody sees this reply").isFalse();
    }

    @Test
    void a_handler_in_time_claims_the_reply_and_the_caller_gets_it() throws Exception {
        DendriteResponse<Echo> r = call("quick", Duration.ofSeconds(5));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.synapse().reply()).isEqualTo("echo quick");
        assertThat(claimed.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void claim_and_timeout_exclude_each_other_whichever_comes_first() {
        PendingReply claimedFirst = new PendingReply();
        assertThat(claimedFirst.claim()).isTrue();
        assertThat(claimedFirst.abandon()).as("the axon then waits for the claimed reply").isFalse();
        assertThat(claimedFirst.abandoned()).isFalse();

        PendingReply timedOutFirst = new PendingReply();
        assertThat(timedOutFirst.abandon()).isTrue();
        assertThat(timedOutFirst.claim()).isFalse();
        assertThat(timedOutFirst.abandoned()).isTrue();
    }

    private DendriteResponse<Echo> call(String text, Duration timeout) {
        return dendrite.callBlocking(new AxonTarget("127.0.0.1", axon.port(), MINER.ss58Address()), new Echo(text),
                timeout);
    }
}
