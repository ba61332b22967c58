package io.computeregister.miner.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One user-defined bridge network per allocation, {@code compute-net-<id>}, labelled as ours and removed with the
 * allocation. Docker drops traffic between different bridge networks, so one renter's container cannot reach
 * another's by its address (on the shared default bridge every container reaches every other's sshd and whatever else
 * it runs). Inter-container communication inside a network needs no switch-off: an allocation's network holds only its
 * own container.
 *
 * <p>Each network gets a /28 of {@link #POOL} chosen here, not from the engine's default address pools: those hold
 * about 30 networks (14 /16s of 172.16/12 and 16 /20s of 192.168/16), far fewer than a miner's allocations. A subnet
 * another network took is refused by the engine ("Pool overlaps") and the next one is tried.
 */
final class AllocationNetworks {

    /** 4,096 subnets of 16 addresses: network, gateway, the container, broadcast. */
    static final String POOL = "10.213.0.0/16";
    private static final int SUBNETS = 4096;
    private static final int ATTEMPTS = 64;

    private final DockerClient docker;

    AllocationNetworks(DockerClient docker) {
        this.docker = docker;
    }

    /**
     * Creates the allocation's network and returns its name.
     *
     * @throws RuntimeException from the engine, or when no free subnet was found
     */
    String create(String allocationId) {
        String name = AllocationContainer.network(allocationId);
        int start = ThreadLocalRandom.current().nextInt(SUBNETS);
        RuntimeException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            int n = (start + i) % SUBNETS;
            String subnet = "10.213." + (n / 16) + "." + (n % 16) * 16 + "/28";
            try {
                docker.createNetworkCmd()
                        .withName(name)
                        .withDriver("bridge")
                        .withCheckDuplicate(true)
                        .withLabels(AllocationContainer.labels(allocationId))
                        .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet)))
                        .exec();
                return name;
            } catch (RuntimeException e) {
                if (!DockerErrors.message(e).contains("overlaps")) {
                    throw e;
                }
                last = e;
            }
        }
        throw new IllegalStateException("no free /28 in " + POOL + " after " + ATTEMPTS + " tries: "
                + DockerErrors.message(Objects.requireNonNull(last)));
    }

    /** Removes the allocation's network if it is ours; a missing one is not an error. */
    void remove(String allocationId) {
        find(allocationId).ifPresent(n -> {
            try {
                docker.removeNetworkCmd(n.getId()).exec();
            } catch (NotFoundException ignored) {
                // gone meanwhile
            }
        });
    }

    /** The allocations that have a network of ours. */
    List<String> allocations() {
        return docker.listNetworksCmd()
                .withFilter("label", List.of(AllocationContainer.LABEL_MANAGED + "=true"))
                .exec().stream()
                .map(n -> n.getLabels() == null ? null : n.getLabels().get(AllocationContainer.LABEL_ALLOCATION))
                .filter(AllocationContainer::isValidId)
                .toList();
    }

    private Optional<Network> find(String allocationId) {
        String name = AllocationContainer.network(allocationId);
        return docker.listNetworksCmd().withNameFilter(name).exec().stream()
                // The name filter matches substrings; the labels say whether it is ours.
                .filter(n -> name.equals(n.getName()) && AllocationContainer.isOurs(n.getLabels(), allocationId))
                .findFirst();
    }
}
