package io.computeregister.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code compute api} is parsed by a command line of its own (start-up); it must be the same command as the one in the
 * whole tree: same usage, same answers to bad arguments, same subcommands.
 */
class ComputeCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run run(CommandLine line, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = line.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run viaTree(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "api";
        System.arraycopy(args, 0, all, 1, args.length);
        return run(ComputeCommand.commandLine(), all);
    }

    @Test
    void compute_api_alone_shows_the_same_usage_as_in_the_whole_tree() {
        Run alone = run(ComputeCommand.apiCommandLine(), "--help");
        assertThat(alone.exit()).isZero();
        assertThat(alone.out()).startsWith("Usage: compute api ").contains("--db=JDBC_URL", "keys");
        assertThat(alone).isEqualTo(viaTree("--help"));
        assertThat(run(ComputeCommand.apiCommandLine(), "keys", "--help")).isEqualTo(viaTree("keys", "--help"));
    }

    @Test
    void compute_api_alone_refuses_bad_arguments_as_the_whole_tree_does() {
        Run alone = run(ComputeCommand.apiCommandLine(), "--no-such-option");
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.err()).contains("Unknown option: '--no-such-option'", "Usage: compute api ");
        assertThat(alone).isEqualTo(viaTree("--no-such-option"));
    }
}
