package io.computeregister.miner.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortRangeTest {

    @Test
    void parses_a_range_and_a_single_port() {
        PortRange range = PortRange.parse("--ssh-ports", "40000-40999");
        assertThat(range.first()).isEqualTo(40000);
        assertThat(range.last()).isEqualTo(40999);
        assertThat(range.size()).isEqualTo(1000);
        assertThat(PortRange.parse("--ssh-ports", " 4444 ").size()).isEqualTo(1);
        assertThat(PortRange.parse("--ssh-ports", "40000 - 40001").toString()).isEqualTo("40000-40001");
    }

    @Test
    void bad_ranges_are_refused_naming_the_option_and_the_fault() {
        assertThatThrownBy(() -> PortRange.parse("--ssh-ports", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--ssh-ports is empty");
        assertThatThrownBy(() -> PortRange.parse("--ssh-ports", "40000-abc"))
                .hasMessageContaining("--ssh-ports '40000-abc': 'abc' is not a number");
        assertThatThrownBy(() -> PortRange.parse("--ssh-ports", "40999-40000"))
                .hasMessageContaining("start 40999 is above its end 40000");
        assertThatThrownBy(() -> PortRange.parse("--ssh-ports", "0-10"))
                .hasMessageContaining("0 is not a port");
        assertThatThrownBy(() -> PortRange.parse("--ssh-ports", "70000"))
                .hasMessageContaining("70000 is not a port");
        assertThatThrownBy(() -> PortRange.parse("--ssh-ports", "1-2-3"))
                .hasMessageContaining("more than one '-'");
    }
}
