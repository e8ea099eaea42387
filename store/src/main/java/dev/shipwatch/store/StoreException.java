package dev.shipwatch.store;

/** A database operation failed; the message names the operation and the target or run. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
