package dev.shipwatch.prober.platform.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a process and everything it started. */
final class ProcessTrees {
    private ProcessTrees() {}

    /** The system property every canary process carries, so a pid can be checked against its run. */
    static String runMarker(String runId) {
        return "-Dshipwatch.run=" + runId;
    }

    /** Whether {@code p} is alive and is the canary of {@code runId} (not a process that got its pid later). */
    static boolean isCanaryOf(ProcessHandle p, String runId) {
        return p.isAlive() && p.info().arguments()
                .map(args -> List.of(args).contains(runMarker(runId)))
                .or(() -> p.info().commandLine().map(cl -> cl.contains(runMarker(runId) + " ")))
                .orElse(false);
    }

    /**
     * SIGTERM to the descendants (deepest first) and the root, then after {@code grace} SIGKILL
     * to whatever is left; waits until {@code deadline} (nanoTime) for them to go.
     *
     * @return the processes still alive at the end (empty when the tree is gone)
     */
    static List<ProcessHandle> kill(ProcessHandle root, Duration grace, long deadline) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        java.util.Collections.reverse(tree); // descendants() lists parents before their children
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long graceEnd = Math.min(deadline, System.nanoTime() + grace.toNanos());
        awaitExit(tree, graceEnd);
        // Children started after the first snapshot are caught here.
        List<ProcessHandle> left = new ArrayList<>(root.isAlive() ? root.descendants().toList() : List.of());
        for (ProcessHandle p : tree) {
            if (p.isAlive() && !left.contains(p)) {
                left.add(p);
            }
        }
        left.forEach(ProcessHandle::destroyForcibly);
        awaitExit(left, deadline);
        return left.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static void awaitExit(List<ProcessHandle> processes, long deadline) throws InterruptedException {
        for (ProcessHandle p : processes) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException stillThere) {
                return;
            }
        }
    }
}
