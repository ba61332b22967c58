package io.computeregister.miner.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.TestImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshTestImageTest {

    @Test
    void the_test_image_runs_dropbear_on_port_22_and_a_second_build_is_skipped() {
        String tag = TestImage.ensureBuilt();
        DockerClient docker = DockerEngine.requireOrSkip();

        SshTestImage.Result again = SshTestImage.ensureBuilt(docker, tag, false);

        assertThat(again.built()).isFalse();
        var config = docker.inspectImageCmd(tag).exec().getConfig();
        assertThat(config.getCmd()).containsExactlyElementsOf(SshTestImage.CMD);
        assertThat(config.getExposedPorts()).extracting(Object::toString).contains("22/tcp");
        assertThat(again.sizeBytes()).isBetween(1_000_000L, 30_000_000L);
    }

    @Test
    void a_host_without_dropbear_gets_told_what_to_install() {
        assertThatThrownBy(() -> HostTools.find(List.of(Path.of("/bin/sh")), List.of(Path.of("/nonexistent/dropbear"))))
                .isInstanceOf(SshTestImage.MissingHostTools.class)
                .hasMessageContaining("dropbear")
                .hasMessageNotContaining("busybox (")
                .hasMessageContaining("apt-get install busybox-static dropbear-bin");
    }

    @Test
    void the_root_fs_has_a_shell_dropbear_its_loader_and_a_locked_root() {
        HostTools tools;
        try {
            tools = HostTools.find();
        } catch (SshTestImage.MissingHostTools e) {
            DockerEngine.skipOrFail(e.getMessage());
            return;
        }
        RootFsTar fs = SshTestImage.rootFs(tools);

        assertThat(fs.contains("bin/sh")).isTrue();
        assertThat(fs.contains("usr/sbin/dropbear")).isTrue();
        assertThat(fs.contains("etc/shadow")).isTrue();
        assertThat(fs.contains("root/.ssh/authorized_keys")).isTrue();
        assertThat(HostTools.sharedLibraries(tools.dropbear))
                .anySatisfy(p -> assertThat(p.getFileName().toString()).startsWith("libc.so"));
    }
}
