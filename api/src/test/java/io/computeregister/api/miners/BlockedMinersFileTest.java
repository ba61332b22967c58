package io.computeregister.api.miners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.api.placement.Placement;
import io.computeregister.api.placement.PlacementRequest;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.testing.EachDatabase;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class BlockedMinersFileTest {

    private static final String BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
    private static final String CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";

    @EachDatabase
    void listed_hotkeys_are_blocked_with_their_reason_and_never_placed(TestDb db) throws IOException {
        Path file = Files.createTempFile("blocked-", ".txt");
        Files.writeString(file, """
                # operators' list

                %s   # served a crypto miner to renters
                %s
                """.formatted(BOB, CHARLIE));
        db.store.upsertMiner(Fixtures.miner(BOB).build());

        List<BlockedMinersFile.Entry> entries = BlockedMinersFile.read(file);
        assertThat(BlockedMinersFile.apply(entries, db.store)).isEqualTo(2);

        MinerRecord bob = db.store.findMiner(BOB).orElseThrow();
        assertThat(bob.blocked()).isTrue();
        assertThat(bob.blockedReason()).isEqualTo("served a crypto miner to renters");
        assertThat(db.store.findMiner(CHARLIE).orElseThrow().blockedReason())
                .isEqualTo(BlockedMinersFile.DEFAULT_REASON);
        MinerIndex index = new MinerIndex(db.store);
        index.refresh();
        var decision = Placement.standard(10).place(PlacementRequest.forHotkey(BOB, 1), index.snapshot(), index);
        assertThat(decision.candidates()).isEmpty();
    }

    @EachDatabase
    void a_line_that_is_not_a_hotkey_is_named_with_its_number_and_nothing_is_blocked(TestDb db) throws IOException {
        Path file = Files.createTempFile("blocked-", ".txt");
        Files.writeString(file, BOB + "\n" + BOB + " " + CHARLIE + "\n");
        assertThatThrownBy(() -> BlockedMinersFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("one hotkey per line");
        assertThatThrownBy(() -> BlockedMinersFile.read(file.resolveSibling("missing-file")))
                .hasMessageContaining("cannot read");
        assertThat(db.store.findMiner(BOB)).isEmpty();
    }
}
