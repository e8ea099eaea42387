package dev.shipwatch.app;

/** The CLI's exit codes, one place. */
final class ExitCodes {
    static final int OK = 0;
    /** A probe failed (or was aborted), or the monitor could not run. */
    static final int FAILED = 1;
    /** Bad configuration or bad command-line usage. */
    static final int USAGE = 2;

    private ExitCodes() {}
}
