package dev.shipwatch.store;

import java.util.Locale;

/** Where an outbox event stands: waiting (or retrying), delivered, or rejected for good. */
public enum OutboxStatus {
    PENDING, SENT, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutboxStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
