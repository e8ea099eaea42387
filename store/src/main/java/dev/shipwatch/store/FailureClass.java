package dev.shipwatch.store;

import java.util.Locale;

/** Why a phase failed; the wire form ({@code health_timeout}) is what alerts and pages show. */
public enum FailureClass {
    BUILD_FAILED, BUILD_TIMEOUT,
    DEPLOY_FAILED, QUOTA, DEPLOY_TIMEOUT, OOM,
    HEALTH_TIMEOUT, WRONG_VERSION, CANARY_EXITED,
    DNS, CONNECT, TLS, HTTP_5XX, HTTP_ERROR, REQUEST_TIMEOUT,
    SLO_LATENCY, SLO_WORKLOAD,
    TEARDOWN_FAILED,
    /** The monitor could not reach the platform's API or engine (not the platform failing a deploy). */
    PLATFORM_UNREACHABLE,
    /** The monitor stopped mid-run. */
    ABORTED,
    /** A bug or unexpected condition in the monitor itself. */
    INTERNAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureClass fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
