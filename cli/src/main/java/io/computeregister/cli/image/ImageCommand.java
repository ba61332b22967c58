package io.computeregister.cli.image;

import com.github.dockerjava.api.DockerClient;
import io.computeregister.cli.CliErrors.UserError;
import io.computeregister.miner.image.SshTestImage;
import io.computeregister.miner.runtime.docker.DockerConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compute image ...}: local images the miner needs; nothing is ever pulled from a registry. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        description = "Build the local images the docker runtime uses (no registry pull).",
        subcommands = {ImageCommand.BuildTest.class})
public final class ImageCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "build-test",
            mixinStandardHelpOptions = true,
            description = {
                "Build the SSH test image (busybox + dropbear from this host, ~6 MB) into the local Docker engine.",
                "Skipped when the tag already exists, unless --force. Needs: apt-get install busybox-static dropbear-bin"
            })
    static final class BuildTest implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--force", description = "Rebuild even if the tag exists.")
        boolean force;

        @Option(names = "--tag", defaultValue = SshTestImage.DEFAULT_TAG, description = "Image tag (default: ${DEFAULT-VALUE}).")
        String tag;

        @Option(names = "--docker-host", defaultValue = DockerConnection.DEFAULT_HOST,
                description = "Docker engine address (default: ${DEFAULT-VALUE}).")
        String dockerHost;

        @Override
        public void run() {
            if (tag.isBlank() || !tag.matches("[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?")) {
                throw new UserError("--tag must be a lowercase image name with an optional :tag, got '" + tag + "'");
            }
            if (dockerHost.startsWith("unix://") && !Files.exists(Path.of(dockerHost.substring("unix://".length())))) {
                throw new UserError("no Docker engine socket at " + dockerHost + " (--docker-host); is dockerd running?");
            }
            try (DockerClient docker = DockerConnection.open(dockerHost, Duration.ofMinutes(5))) {
                try {
                    docker.pingCmd().exec();
                } catch (RuntimeException e) {
                    throw new UserError("no Docker engine answers at " + dockerHost + " (--docker-host): "
                            + e.getMessage());
                }
                SshTestImage.Result result;
                try {
                    result = SshTestImage.ensureBuilt(docker, tag, force);
                } catch (SshTestImage.MissingHostTools e) {
                    throw new UserError(e.getMessage());
                }
                String size = String.format("%.1f MB", result.sizeBytes() / 1_000_000.0);
                spec.commandLine().getOut().println(result.built()
                        ? "built " + result.tag() + " (" + result.imageId() + ", " + size + ")"
                        : result.tag() + " already present (" + result.imageId() + ", " + size
                                + "); use --force to rebuild");
            } catch (IOException e) {
                throw new UserError("closing the Docker client: " + e.getMessage());
            }
        }
    }
}
