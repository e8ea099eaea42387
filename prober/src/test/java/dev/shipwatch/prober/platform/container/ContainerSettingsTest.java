package dev.shipwatch.prober.platform.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipwatch.prober.ProbeRunner;
import dev.shipwatch.store.FailureClass;
import dev.shipwatch.store.Phase;
import dev.shipwatch.store.ProbeRun;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings and the unreachable engine: no Podman needed. */
class ContainerSettingsTest {
    private final ContainerPlatformFactory factory = new ContainerPlatformFactory(Map.of());

    @TempDir
    Path dir;

    @Test
    void everyBadSettingIsReportedWithItsKeyAndValue() {
        assertThat(factory.validate(Map.of("host", "ftp://x", "bind", "localhost", "memory", "lots",
                "registry", "https://registry.example.com", "container-port", 70000, "image", "x")))
                .containsExactly(
                        "unknown key \"image\" (known: host, bind, memory, registry, container-port, runtime)",
                        "host: \"ftp://x\" is not a unix:///path/to.sock or tcp://host:port URL",
                        "bind: \"localhost\" is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)",
                        "memory: \"lots\" is not a size like 256m or 1g",
                        "registry: \"https://registry.example.com\" is not a registry path like registry.example.com/team",
                        "container-port: 70000 is not a port number (1-65535)");
        assertThat(factory.validate(Map.of("memory", "1m"))).containsExactly("memory: \"1m\" is below the engines' minimum of 6m");
        assertThat(factory.validate(Map.of("bind", "300.1.1.1"))).hasSize(1);
        assertThat(factory.validate(Map.of("host", "tcp://10.0.0.5:2375", "bind", "::1", "memory", "512m",
                "registry", "registry.example.com:5000/team", "container-port", 8080, "runtime", "runsc"))).isEmpty();
    }

    @Test
    void aRuntimeIsANameTheEngineCouldKnow() {
        assertThat(factory.validate(Map.of("runtime", "io.containerd.runsc.v1"))).isEmpty();
        assertThat(factory.validate(Map.of("runtime", "/usr/bin/runsc")))
                .containsExactly("runtime: \"/usr/bin/runsc\" is not a runtime name like runc or runsc (letters, digits, '.', '_', '-')");
        assertThat(factory.validate(Map.of("runtime", 7)))
                .containsExactly("runtime: \"7\" is not a runtime name like runc or runsc (letters, digits, '.', '_', '-')");
        assertThat(ContainerSettings.of(Map.of("runtime", "runsc"), Map.of()).runtime()).isEqualTo("runsc");
        assertThat(ContainerSettings.of(Map.of(), Map.of()).runtime()).isNull();
    }

    @Test
    void aBadRuntimeInAConfigFileIsReportedWithItsPathAndValue() throws Exception {
        Files.createDirectories(dir.resolve("ctx"));
        var loader = new dev.shipwatch.config.ConfigLoader(dev.shipwatch.prober.platform.Platforms.builtIn(), Map.of(), dir);

        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.shipwatch.config.ConfigException.class, () -> loader.parse("""
                targets:
                  - name: gvisor
                    platform: { type: container, host: "unix:///run/docker.sock", runtime: "run sc" }
                    canary: { path: ctx }
                """, "runtimes.yml"));

        assertThat(e.problems()).containsExactly("targets[gvisor].platform.runtime: \"run sc\" is not a runtime name like runc "
                + "or runsc (letters, digits, '.', '_', '-')");
    }

    @Test
    void theEngineDefaultsToDockerHostElsePodmansSocket() {
        assertThat(ContainerSettings.of(Map.of(), Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375")).host()).isEqualTo("tcp://127.0.0.1:2375");
        ContainerSettings defaults = ContainerSettings.of(Map.of(), Map.of());
        assertThat(defaults.host()).isEqualTo("unix:///run/podman/podman.sock");
        assertThat(defaults.bind()).isEqualTo("127.0.0.1");
        assertThat(defaults.memoryBytes()).isNull();
        assertThat(defaults.containerPort()).isEqualTo(8080);
        assertThat(ContainerSettings.memoryBytes("256m")).isEqualTo(256L * 1024 * 1024);
        assertThat(ContainerSettings.memoryBytes("1GiB")).isEqualTo(1024L * 1024 * 1024);
    }

    @Test
    void anEngineThatIsNotThereIsPlatformUnreachableNotABuildFailure() throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Containerfile"), "FROM scratch\n");
        int closedPort;
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        for (String host : new String[] {"unix://" + dir.resolve("no-such.sock"), "tcp://127.0.0.1:" + closedPort}) {
            var target = ContainerEngineContract.target("unreachable", context, Map.of("host", host));
            ProbeRun run;
            try (var runner = new ProbeRunner(dir.resolve("runs"), "test-node", Clock.systemUTC());
                 var platform = factory.create(target, dir.resolve("runs"))) {
                run = runner.run(target, platform, null);
            }

            assertThat(run.failure().phase()).as(host).isEqualTo(Phase.BUILD);
            assertThat(run.failure().failureClass()).as(host).isEqualTo(FailureClass.PLATFORM_UNREACHABLE);
            assertThat(run.failure().message()).as(host).startsWith("container engine at " + host + " unreachable");
        }
    }
}
