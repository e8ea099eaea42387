package dev.shipwatch.store;

/**
 * Makes what was committed survive a crash of this process. PostgreSQL's commit already does;
 * H2 writes commits to its file up to {@code WRITE_DELAY} (500 ms) later, from a background
 * thread, so on H2 a caller that must not lose a commit asks for it to be written now.
 */
interface Durability {
    /** Returns once everything committed before the call is in the database's files. */
    void sync();

    /** Commits are durable as they are (PostgreSQL). */
    Durability COMMIT = () -> { };
}
