package io.computeregister.miner.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/**
 * Opens a docker-java client on the engine's socket with the one transport this project uses (httpclient5; mixing it
 * with the zerodep transport, which shades its own httpcore5, makes the two overlap in a shaded jar).
 */
public final class DockerConnection {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private DockerConnection() {}

    /**
     * @param dockerHost e.g. {@code unix:///var/run/docker.sock} or {@code tcp://host:2375}
     * @param responseTimeout bound on one API call; image builds and loads need minutes on a vfs engine
     */
    public static DockerClient open(String dockerHost, Duration responseTimeout) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(responseTimeout)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    public static DockerClient open(String dockerHost) {
        return open(dockerHost, Duration.ofMinutes(5));
    }
}
