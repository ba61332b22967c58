package io.computeregister.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.cli.ComputeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ImageCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = ComputeCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void a_bad_tag_is_refused_naming_the_option() {
        assertThat(run("image", "build-test", "--tag", "Not A Tag")).isEqualTo(2);
        assertThat(err.toString()).contains("--tag").doesNotContain("Exception");
    }

    @Test
    void a_missing_engine_socket_is_one_clear_line() {
        assertThat(run("image", "build-test", "--docker-host", "unix:///nonexistent/docker.sock")).isEqualTo(2);
        assertThat(err.toString()).contains("no Docker engine socket at unix:///nonexistent/docker.sock")
                .doesNotContain("at io.");
    }

    @Test
    void image_is_listed_in_compute_help() {
        run("--help");
        assertThat(out.toString()).contains("image");
    }
}
