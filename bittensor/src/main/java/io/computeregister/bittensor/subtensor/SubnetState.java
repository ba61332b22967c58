package io.computeregister.bittensor.subtensor;

import io.computeregister.bittensor.scale.AccountId;
import io.computeregister.bittensor.scale.ScaleReader;
import java.util.List;
import java.util.Optional;

/**
 * {@code SubnetInfoRuntimeApi_get_subnet_state}: per-uid columns of a subnet (subtensor {@code rpc_info/show_subnet.rs}).
 * Every list is indexed by uid, but not every list has n entries: current runtimes send {@code trust} and {@code rank}
 * empty. Integer columns are kept raw (u16 scores, u64 rao or block numbers; unsigned values in a long).
 */
public record SubnetState(
        int netuid,
        List<AccountId> hotkeys,
        List<AccountId> coldkeys,
        List<Boolean> active,
        List<Boolean> validatorPermit,
        List<Long> pruningScore,
        List<Long> lastUpdate,
        List<Long> emission,
        List<Long> dividends,
        List<Long> incentives,
        List<Long> consensus,
        List<Long> trust,
        List<Long> rank,
        List<Long> blockAtRegistration,
        List<Long> alphaStake,
        List<Long> taoStake,
        List<Long> totalStake,
        List<List<Long>> emissionHistory) {

    /** Reads the runtime API's return type, {@code Option<SubnetState>} (None when the subnet does not exist). */
    public static Optional<SubnetState> readOption(ScaleReader r) {
        return r.option(SubnetState::read);
    }

    public static SubnetState read(ScaleReader r) {
        // Declarations evaluate left to right, so each line reads its columns in the runtime's field order.
        int netuid = r.compactU16();
        List<AccountId> hotkeys = r.vec(ScaleReader::accountId), coldkeys = r.vec(ScaleReader::accountId);
        List<Boolean> active = r.vec(ScaleReader::bool), validatorPermit = r.vec(ScaleReader::bool);
        List<Long> pruningScore = compacts(r), lastUpdate = compacts(r), emission = compacts(r);
        List<Long> dividends = compacts(r), incentives = compacts(r), consensus = compacts(r);
        List<Long> trust = compacts(r), rank = compacts(r), blockAtRegistration = compacts(r);
        List<Long> alphaStake = compacts(r), taoStake = compacts(r), totalStake = compacts(r);
        List<List<Long>> emissionHistory = r.vec(SubnetState::compacts);
        return new SubnetState(netuid, hotkeys, coldkeys, active, validatorPermit, pruningScore, lastUpdate, emission,
                dividends, incentives, consensus, trust, rank, blockAtRegistration, alphaStake, taoStake, totalStake,
                emissionHistory);
    }

    /** The number of neurons (uids) in the subnet. */
    public int n() {
        return hotkeys.size();
    }

    private static List<Long> compacts(ScaleReader r) {
        return r.vec(ScaleReader::compactU64);
    }
}
