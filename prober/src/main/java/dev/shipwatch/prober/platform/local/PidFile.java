package dev.shipwatch.prober.platform.local;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code <runDir>/canary.pid}: which process runs the canary and which monitor owns the run.
 * The owner's start time guards against its pid being reused by an unrelated process.
 *
 * @param canaryPid       the canary's pid, or -1 before deploy
 * @param ownerPid        the monitor's pid
 * @param ownerStartMilli the monitor's process start (epoch ms), or -1 when unknown
 */
record PidFile(String target, long canaryPid, long ownerPid, long ownerStartMilli) {
    static final String NAME = "canary.pid";

    /** A pid file naming this JVM as the owner. */
    static PidFile ownedByThisJvm(String target, long canaryPid) {
        ProcessHandle self = ProcessHandle.current();
        return new PidFile(target, canaryPid, self.pid(), startMilli(self));
    }

    PidFile withCanary(long pid) {
        return new PidFile(target, pid, ownerPid, ownerStartMilli);
    }

    /** Whether the owning monitor still runs (same pid and, where known, same start time). */
    boolean ownerAlive() {
        return ProcessHandle.of(ownerPid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> ownerStartMilli < 0 || startMilli(p) < 0 || startMilli(p) == ownerStartMilli)
                .isPresent();
    }

    /** Writes atomically, so that a sweep in another monitor never reads half a file. */
    void write(Path runDir) throws IOException {
        Path tmp = runDir.resolve(NAME + ".tmp");
        Files.writeString(tmp, "target=" + target + "\ncanary=" + canaryPid + "\nowner=" + ownerPid
                + "\nowner-start=" + ownerStartMilli + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, runDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The run dir's pid file; empty when there is none or it cannot be read. */
    static Optional<PidFile> read(Path runDir) throws IOException {
        String text;
        try {
            text = Files.readString(runDir.resolve(NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        var p = new Properties();
        p.load(new StringReader(text));
        try {
            return Optional.of(new PidFile(p.getProperty("target", "?"),
                    Long.parseLong(p.getProperty("canary", "-1")),
                    Long.parseLong(p.getProperty("owner")),
                    Long.parseLong(p.getProperty("owner-start", "-1"))));
        } catch (NumberFormatException | NullPointerException corrupt) {
            throw new IOException("unreadable " + runDir.resolve(NAME) + ": " + text.strip().replace('\n', ' '));
        }
    }

    private static long startMilli(ProcessHandle p) {
        return p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
    }
}
