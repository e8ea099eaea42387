package dev.shipwatch.prober.platform;

import dev.shipwatch.store.FailureClass;

/** A phase failed for a reason the platform could classify; the message is short and has no secrets. */
public final class PhaseFailure extends Exception {
    private final FailureClass failureClass;

    public PhaseFailure(FailureClass failureClass, String message) {
        super(message);
        this.failureClass = failureClass;
    }

    public PhaseFailure(FailureClass failureClass, String message, Throwable cause) {
        super(message, cause);
        this.failureClass = failureClass;
    }

    public FailureClass failureClass() {
        return failureClass;
    }
}
