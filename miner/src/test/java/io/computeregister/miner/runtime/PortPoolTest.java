package io.computeregister.miner.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortPoolTest {

    @Test
    void reserve_skips_held_ports_and_ports_bound_by_other_processes() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("127.0.0.1", 0));
            int busy = other.getLocalPort();
            PortPool pool = new PortPool(new HostPorts(new PortRange(busy, Math.min(busy + 2, 65535)), "127.0.0.1"));
            pool.hold(List.of(busy + 1));

            int port = pool.reserve().port();

            assertThat(port).isEqualTo(busy + 2);
            assertThat(pool.held()).containsExactlyInAnyOrder(busy + 1, busy + 2);
        }
    }

    @Test
    void an_exhausted_range_says_how_many_are_held_and_busy_and_release_frees_a_port() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("127.0.0.1", 0));
            int busy = other.getLocalPort();
            PortPool pool = new PortPool(new HostPorts(new PortRange(busy, busy + 1), "127.0.0.1"));
            int mine = pool.reserve().port();

            assertThatThrownBy(pool::reserve)
                    .isInstanceOf(Endpoints.Exhausted.class)
                    .hasMessage("no free SSH port in " + busy + "-" + (busy + 1)
                            + ": 1 held by allocations, 1 in use by other processes");

            pool.release(mine);
            assertThat(pool.reserve().port()).isEqualTo(mine);
        }
    }
}
