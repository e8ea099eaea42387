package dev.shipwatch.prober.platform.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.shipwatch.config.Target;
import dev.shipwatch.prober.platform.PlatformFactory;
import dev.shipwatch.prober.platform.TargetPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@code container} platform: a Docker-API engine (Docker, or Podman's compatible service). */
public final class ContainerPlatformFactory implements PlatformFactory {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private final Map<String, String> monitorEnv;

    /** The default engine comes from the monitor's {@code DOCKER_HOST}. */
    public ContainerPlatformFactory() {
        this(System.getenv());
    }

    public ContainerPlatformFactory(Map<String, String> monitorEnv) {
        this.monitorEnv = Map.copyOf(monitorEnv);
    }

    @Override
    public String type() {
        return "container";
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        return ContainerSettings.problems(settings);
    }

    @Override
    public TargetPlatform create(Target target, Path workRoot) {
        ContainerSettings settings = ContainerSettings.of(target.platform().settings(), monitorEnv);
        return new ContainerPlatform(target, settings, client(settings.host(), target));
    }

    /** A client of the engine; no request is made until the first call. */
    static DockerClient client(String host, Target target) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        // A build streams for as long as the build phase may last; every other call is short.
        Duration longest = target.timeouts().build().compareTo(target.timeouts().deploy()) > 0
                ? target.timeouts().build() : target.timeouts().deploy();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(8)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(longest.plusSeconds(30))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
