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

    /** {@code SHIPWATCH_LOCATION}, else {@code default}: where this node probes from. */
    static String location() {
        String env = System.getenv("SHIPWATCH_LOCATION");
        return env == null || env.isBlank() ? "default" : env;
    }
}
