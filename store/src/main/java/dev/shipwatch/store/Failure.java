package dev.shipwatch.store;

import dev.shipwatch.config.Texts;

/**
 * The failed phase of a run, its class and a short human message (trimmed, no secrets).
 *
 * @param phase null for runs aborted because the monitor stopped: the phase in progress is not recorded
 */
public record Failure(Phase phase, FailureClass failureClass, String message) {
    /** Messages are kept short: they land in a database column, on pages and in pages to on-call. */
    public static final int MAX_MESSAGE = 2000;

    public Failure {
        message = Texts.cut(message, MAX_MESSAGE);
    }
}
