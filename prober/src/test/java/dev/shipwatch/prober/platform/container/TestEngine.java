package dev.shipwatch.prober.platform.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real container engine a test started for itself (Podman's service, or a Docker daemon), stopped by {@link #close()}. */
interface TestEngine extends AutoCloseable {
    /** The engine's API, as a target's {@code platform.host}. */
    String host();

    @Override
    void close();

    /**
     * The bundled container canary's build context, assembled by canary/container/prepare.sh
     * (jlink, javac, ldd: offline) into {@code into}.
     */
    static Path bundledContext(Path into) throws IOException, InterruptedException {
        Path script = Path.of("../canary/container/prepare.sh").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("sh", script.toString(), into.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("prepare.sh failed: " + output);
        }
        return into;
    }

    static boolean onPath(String program) {
        return which(program) != null;
    }

    /** Where {@code program} is on the PATH (also /usr/sbin and /sbin, where daemons live), or null. */
    static Path which(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return Path.of(d, program);
            }
        }
        return null;
    }

    /** Removes a temp dir the engine used; what cannot be removed is harmless in a temp dir. */
    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
