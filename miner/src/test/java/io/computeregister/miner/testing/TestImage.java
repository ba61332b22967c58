package io.computeregister.miner.testing;

import io.computeregister.miner.image.SshTestImage;

/** The SSH test image, built once per test JVM (kept on the engine between runs: vfs makes rebuilding costly). */
public final class TestImage {

    private static String tag;

    private TestImage() {}

    /** The image tag; skips (or fails under REQUIRE_DOCKER=1) without an engine or without busybox/dropbear. */
    public static synchronized String ensureBuilt() {
        var docker = DockerEngine.requireOrSkip();
        if (tag == null) {
            try {
                tag = SshTestImage.ensureBuilt(docker, SshTestImage.DEFAULT_TAG, false).tag();
            } catch (SshTestImage.MissingHostTools e) {
                DockerEngine.skipOrFail(e.getMessage());
            }
        }
        return tag;
    }
}
