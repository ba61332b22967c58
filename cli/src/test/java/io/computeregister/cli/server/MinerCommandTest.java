package io.computeregister.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.cli.ComputeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad arguments to {@code compute miner} fail at once with one line naming the argument; nothing is started. */
class MinerCommandTest {

    @TempDir
    Path dataDir;

    record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ComputeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString().strip(), err.toString().strip());
    }

    private Run miner(String... extra) {
        String[] base = {"miner", "--hotkey", "//Bob", "--runtime", "sandbox", "--data-dir", dataDir.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return run(all);
    }

    @Test
    void an_unknown_runtime_is_named() {
        Run r = run("miner", "--hotkey", "//Bob", "--runtime", "podman", "--data-dir", dataDir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--runtime must be docker or sandbox, got 'podman'").doesNotContain("Exception");
    }

    @Test
    void without_a_caller_policy_the_miner_refuses_to_start_naming_every_way_out() {
        Run r = miner();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no caller policy").contains("--allow-hotkey").contains("--metagraph")
                .contains("--open").doesNotContain("Exception");
        assertThat(dataDir.resolve("miner.db")).as("nothing was opened").doesNotExist();
    }

    @Test
    void help_says_what_the_sandbox_isolates_and_what_it_does_not() {
        Run r = run("miner", "--help");
        assertThat(r.exit()).isZero();
        String help = r.out().replaceAll("\\s+", " ");
        assertThat(help).contains("--open").contains("apt-get install bubblewrap").contains("NO VM")
                .contains("does NOT isolate the network").contains("no limits, no GPU attached");
    }

    @Test
    void open_beside_an_allowlist_is_a_contradiction_and_is_named() {
        Run r = miner("--open", "--allow-hotkey", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--open").contains("--allow-hotkey");
    }

    @Test
    void a_bad_allow_hotkey_is_named() {
        Run r = miner("--allow-hotkey", "not-an-address");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--allow-hotkey 'not-an-address' is not an SS58 address");
    }

    @Test
    void a_reversed_ssh_port_range_is_named() {
        Run r = miner("--ssh-ports", "40010-40000");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--ssh-ports '40010-40000'");
    }

    @Test
    void the_axon_port_inside_the_ssh_range_is_refused() {
        Run r = miner("--port", "40005", "--ssh-ports", "40000-40010");
        assertThat(r.err()).contains("--port 40005 lies inside --ssh-ports 40000-40010");
    }

    @Test
    void a_bad_metagraph_argument_is_named() {
        Run r = miner("--metagraph", "ftp://x");
        assertThat(r.err()).contains("--metagraph must be static:FILE or subtensor:URL");
    }

    @Test
    void a_bad_secret_uri_is_named_without_echoing_it() {
        Run r = run("miner", "--hotkey", "not a valid mnemonic phrase at all", "--data-dir", dataDir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --hotkey").doesNotContain("valid mnemonic phrase");
    }

    @Test
    void durations_read_short_and_iso_forms() {
        assertThat(MinerCommand.duration("--x", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(MinerCommand.duration("--x", "2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(MinerCommand.duration("--x", "1d")).isEqualTo(Duration.ofDays(1));
        assertThat(MinerCommand.duration("--x", "PT3M")).isEqualTo(Duration.ofMinutes(3));
        Run r = miner("--timeline-unit", "soon");
        assertThat(r.err()).contains("--timeline-unit 'soon' is not a duration");
    }
}
