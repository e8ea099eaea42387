package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** packaging/systemd/shipwatch.service as systemd itself reads it ({@code systemd-analyze verify}). */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("..", "packaging", "systemd", "shipwatch.service").toAbsolutePath().normalize();
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
    /** Where the unit expects the launcher; a test machine has not installed it there. */
    private static final String NOT_INSTALLED = "Command /opt/shipwatch/bin/shipwatch is not executable";

    @Test
    void systemdFindsNothingWrongWithTheUnitButTheLauncherNotInstalledHere() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed: the unit is not verified");
        Process p = new ProcessBuilder(ANALYZE.toString(), "verify", UNIT.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // Unknown keys, values systemd cannot parse, missing sections: each is a line of its own.
        assertThat(output.lines().filter(l -> !l.contains(NOT_INSTALLED))).isEmpty();
        if (!Files.isExecutable(Path.of("/opt/shipwatch/bin/shipwatch"))) {
            assertThat(output).contains(NOT_INSTALLED);
        }
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("ExecStart=/opt/shipwatch/bin/shipwatch run --config /etc/shipwatch/shipwatch.yml")
                .contains("KillMode=mixed").contains("SuccessExitStatus=143");
    }
}
