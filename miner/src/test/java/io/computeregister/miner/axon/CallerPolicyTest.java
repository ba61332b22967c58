package io.computeregister.miner.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphRefresher;
import io.computeregister.bittensor.subtensor.MetagraphSource;
import io.computeregister.protocol.allocate.Allocate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerPolicyTest {
    private static final String VALIDATOR = Keypair.fromSuri("//Alice").ss58Address();
    private static final String MINER = Keypair.fromSuri("//Charlie").ss58Address();
    private static final String LISTED = Keypair.fromSuri("//Dave").ss58Address();
    private static final String STRANGER = Keypair.fromSuri("//Eve").ss58Address();

    /** A metagraph from memory: this test is about the policy, not about loading one. */
    private static MetagraphRefresher metagraph() {
        Metagraph m = new Metagraph(27, 100, List.of(
                new Metagraph.Neuron(0, VALIDATOR, VALIDATOR, "1.2.3.4", 8091, 5000, true, true),
                new Metagraph.Neuron(1, MINER, MINER, "1.2.3.5", 8091, 10, false, true)));
        MetagraphSource source = new MetagraphSource() {
            @Override
            public Metagraph load() {
                return m;
            }

            @Override
            public String describe() {
                return "memory";
            }
        };
        MetagraphRefresher r = new MetagraphRefresher(source, java.time.Duration.ofHours(1));
        r.refreshNow();
        return r;
    }

    private static boolean allowed(CallerPolicy policy, String hotkey) {
        Allocate request = new Allocate();
        request.dendrite().hotkey(hotkey);
        return !policy.check(request).blacklisted();
    }

    @Test
    void with_a_metagraph_only_validators_and_listed_hotkeys_get_in() {
        CallerPolicy policy = CallerPolicy.restricted(Set.of(LISTED), Optional.of(metagraph()), true);
        assertThat(policy.isOpen()).isFalse();
        assertThat(allowed(policy, VALIDATOR)).isTrue();
        assertThat(allowed(policy, LISTED)).isTrue();
        assertThat(allowed(policy, MINER)).as("registered without a validator permit").isFalse();
        assertThat(allowed(policy, STRANGER)).isFalse();
        assertThat(policy.priority(withHotkey(VALIDATOR))).isGreaterThan(policy.priority(withHotkey(LISTED)));
    }

    @Test
    void an_allowlist_alone_lets_in_only_the_listed_hotkeys() {
        CallerPolicy policy = CallerPolicy.restricted(Set.of(LISTED), Optional.empty(), true);
        assertThat(allowed(policy, LISTED)).isTrue();
        assertThat(allowed(policy, VALIDATOR)).isFalse();
    }

    @Test
    void with_validators_switched_off_the_metagraph_does_not_open_the_door() {
        CallerPolicy policy = CallerPolicy.restricted(Set.of(LISTED), Optional.of(metagraph()), false);
        assertThat(allowed(policy, VALIDATOR)).isFalse();
        assertThat(allowed(policy, LISTED)).isTrue();
    }

    @Test
    void with_nothing_configured_there_is_no_policy_and_the_refusal_names_every_way_out() {
        for (var metagraph : List.of(Optional.<MetagraphRefresher>empty(), Optional.of(metagraph()))) {
            // a metagraph whose validators are not allowed admits nobody either: no policy
            assertThatThrownBy(() -> CallerPolicy.restricted(Set.of(), metagraph, metagraph.isEmpty()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContainingAll("--allow-hotkey", "--metagraph", "--open");
        }
    }

    @Test
    void only_an_explicitly_open_policy_lets_anyone_in() {
        CallerPolicy policy = CallerPolicy.open(Optional.empty(), true);
        assertThat(policy.isOpen()).isTrue();
        assertThat(allowed(policy, STRANGER)).isTrue();
        assertThat(CallerPolicy.restricted(Set.of(LISTED), Optional.empty(), true).isOpen()).isFalse();
        assertThatThrownBy(() -> CallerPolicy.open(Optional.of(metagraph()), true))
                .hasMessageContaining("--open").hasMessageContaining("--metagraph");
    }

    private static Allocate withHotkey(String hotkey) {
        Allocate a = new Allocate();
        a.dendrite().hotkey(hotkey);
        return a;
    }
}
