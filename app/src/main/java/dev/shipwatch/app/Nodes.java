package dev.shipwatch.app;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name this monitor instance records on the runs it executes. */
final class Nodes {
    private Nodes() {}

    /** {@code SHIPWATCH_NODE}, else the host name: stable across restarts, so a restart finds the runs its crash cut off. */
    static String thisNode() {
        String env = System.getenv("SHIPWATCH_NODE");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return host();
    }

    /** This machine's host name. */
    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
