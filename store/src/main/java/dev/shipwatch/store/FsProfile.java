package dev.shipwatch.store;

/**
 * The canary's file-system profile ({@code /work/fs-profile}), operations per second of each
 * kind measured apart; null where not measured.
 *
 * @param openReadPerS    open, read to the end and close one of many small existing files (an autoloader)
 * @param statMissingPerS stat of a path that does not exist (include-path probing, {@code file_exists})
 * @param createFsyncPerS create, write 1 KiB, fsync, close and delete a file
 * @param listPerS        list a directory of 16 entries
 */
public record FsProfile(Double openReadPerS, Double statMissingPerS, Double createFsyncPerS, Double listPerS) {
    public static final FsProfile NONE = new FsProfile(null, null, null, null);
}
