package dev.shipwatch.statuspage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Prometheus {@code promtool} (Debian's {@code prometheus} package), as a judge of an
 * exposition no one here wrote. Tests that need it are skipped, saying so, where it is missing.
 */
public final class Promtool {
    /** What {@code promtool check metrics} said, and its exit code (0 clean, 3 lint problems, 1 unparsable). */
    public record Verdict(int exitCode, String output) {}

    private Promtool() {}

    /** Pipes {@code exposition} to {@code promtool check metrics}; aborts the test (skipped) without promtool. */
    public static Verdict checkMetrics(String exposition) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("promtool"),
                "promtool is not installed: the /metrics lint is skipped (apt-get install -y prometheus)");
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool check metrics did not finish within 60 s");
        }
        return new Verdict(p.exitValue(), output.strip());
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
