package dev.shipwatch.prober.platform.command;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One shell step ({@code /bin/sh -c}) with its output in files of the run directory. Output goes
 * to files, not pipes, so that a canary the step starts in the background (and which inherits
 * the step's output) cannot keep the step "running" after the shell has exited.
 */
final class ShellStep {
    /** What a step left: its exit code (or a timeout) and the end of its output. */
    record Result(boolean timedOut, int exitCode, String stdout, String stderr) {
        boolean ok() {
            return !timedOut && exitCode == 0;
        }
    }

    static final int TAIL_LINES = 15;
    static final int TAIL_CHARS = 1200;
    /** Everything a step printed is read back up to this much (a URL is printed near the end). */
    private static final int MAX_READ = 256 * 1024;
    private static final Duration KILL_GRACE = Duration.ofMillis(500);
    private static final Duration POLL = Duration.ofMillis(10);

    private ShellStep() {}

    /**
     * Runs {@code script} in {@code dir} with exactly {@code env}; stdout and stderr go to
     * {@code <outDir>/<name>.out} and {@code .err}. On timeout, or when the thread is interrupted,
     * the shell and every process it started are killed (SIGTERM, then SIGKILL after a grace).
     */
    static Result run(String name, String script, Path dir, Map<String, String> env, Path outDir, Duration timeout)
            throws IOException, InterruptedException {
        Path out = outDir.resolve(name + ".out");
        Path err = outDir.resolve(name + ".err");
        var pb = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException(name + " step interrupted before it started");
        }
        Process shell = pb.start();
        boolean exited;
        try {
            exited = shell.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(shell.toHandle());
            throw e;
        }
        if (!exited) {
            killTree(shell.toHandle());
        }
        return new Result(!exited, exited ? shell.exitValue() : -1, read(out), read(err));
    }

    /** SIGTERM to the shell and all its descendants, SIGKILL to whatever is left after a grace. */
    static void killTree(ProcessHandle root) {
        // Snapshot first: once the shell dies its children are re-parented and no longer its descendants.
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        Collections.reverse(tree);
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        awaitGone(tree, System.nanoTime() + KILL_GRACE.toNanos());
        // Anything still there, and children started after the snapshot, gets SIGKILL.
        List<ProcessHandle> left = new ArrayList<>(root.isAlive() ? root.descendants().toList() : List.of());
        tree.stream().filter(ShellStep::running).filter(p -> !left.contains(p)).forEach(left::add);
        left.forEach(ProcessHandle::destroyForcibly);
        awaitGone(left, System.nanoTime() + KILL_GRACE.toNanos());
    }

    /**
     * Alive and not a zombie. Killed grandchildren are re-parented to PID 1, which may reap them
     * late (or never, in a container without an init): {@link ProcessHandle#isAlive()} counts
     * such zombies as alive, and {@code onExit()} of a non-child polls at 300 ms and more.
     */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"), StandardCharsets.US_ASCII);
            // "pid (comm) S …": the state follows the last ')' (comm may itself contain parentheses).
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException noProc) {
            return p.isAlive();
        }
    }

    private static void awaitGone(List<ProcessHandle> processes, long deadline) {
        while (processes.stream().anyMatch(ShellStep::running) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The last {@link #TAIL_LINES} non-blank lines of {@code text}, at most {@link #TAIL_CHARS} characters. */
    static String tail(String text) {
        List<String> lines = text.lines().map(String::stripTrailing).filter(l -> !l.isBlank()).toList();
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        return tail.length() > TAIL_CHARS ? "…" + tail.substring(tail.length() - TAIL_CHARS) : tail;
    }

    private static String read(Path file) throws IOException {
        try (var raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - MAX_READ);
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (java.io.FileNotFoundException gone) {
            return "";
        }
    }
}
