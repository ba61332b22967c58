package io.computeregister.miner.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PortPoolTest {

    @Test
    void reserve_skips_held_ports_and_ports_bound_by_other_processes() throws Exception {
        try (ServerSocket other = boundBelowFreePorts(2)) {
            int busy = other.getLocalPort();
            PortPool pool = new PortPool(new HostPorts(new PortRange(busy, busy + 2), "127.0.0.1"));
            pool.hold(List.of(busy + 1));

            int port = pool.reserve().port();

            assertThat(port).isEqualTo(busy + 2);
            assertThat(pool.held()).containsExactlyInAnyOrder(busy + 1, busy + 2);
        }
    }

    @Test
    void an_exhausted_range_says_how_many_are_held_and_busy_and_release_frees_a_port() throws Exception {
        try (ServerSocket other = boundBelowFreePorts(1)) {
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

    /**
     * A listener on an ephemeral port whose next {@code free} ports are bindable now. The port after a random one is
     * often the local end of one of the test run's own connections (CI once failed here: "2 in use by other
     * processes"), so the ranges are chosen where the pool can take what the test expects it to take.
     */
    private static ServerSocket boundBelowFreePorts(int free) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = socket.getLocalPort();
            if (port + free <= 65535
                    && IntStream.rangeClosed(1, free).allMatch(i -> PortPool.bindable("127.0.0.1", port + i))) {
                return socket;
            }
            socket.close();
        }
        throw new IllegalStateException("no ephemeral port with " + free + " free port(s) after it in 100 tries");
    }
}
