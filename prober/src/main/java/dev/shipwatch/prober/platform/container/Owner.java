package dev.shipwatch.prober.platform.container;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * The monitor process that created a container or image ({@code shipwatch.owner} label,
 * {@code host/pid/start-millis}), so that a sweep never removes what a live monitor on the same
 * machine is still using. The start time guards against a reused pid.
 */
record Owner(String host, long pid, long startMillis) {
    static Owner thisProcess() {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(hostName(), self.pid(), startMillis(self));
    }

    String label() {
        return host + "/" + pid + "/" + startMillis;
    }

    static Optional<Owner> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String[] parts = label.split("/");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this owner is a live process on this machine. An owner on another host is taken
     * as alive: its state cannot be seen from here, and removing a live run's canary is worse
     * than leaving a leftover for that host's own sweep.
     */
    boolean alive(Owner self) {
        if (!host.equals(self.host)) {
            return true;
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> startMillis < 0 || startMillis(p) < 0 || startMillis(p) == startMillis)
                .isPresent();
    }

    private static long startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replace('/', '_');
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
