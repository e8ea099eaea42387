package dev.shipwatch.store;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/**
 * An H2 file system ({@code diskfull:} before a path) that fails every write with the error a
 * full disk gives while {@link #fill()} is in effect: the database's own file I/O meets a full
 * disk, exactly where a real one would stop it, without needing a small file system to fill.
 *
 * <pre>{@code
 * DiskFull.register();
 * Database.open(new Storage("jdbc:h2:file:diskfull:" + dir.resolve("db"), "", ""));
 * DiskFull.fill(); ... DiskFull.free();
 * }</pre>
 */
public final class DiskFull extends FilePathWrapper {
    private static volatile boolean full;
    private static boolean registered;

    public static synchronized void register() {
        if (!registered) {
            FilePath.register(new DiskFull());
            registered = true;
        }
    }

    /** From now on every write fails with "No space left on device". */
    public static void fill() {
        full = true;
    }

    /** Writes work again. */
    public static void free() {
        full = false;
    }

    @Override
    public String getScheme() {
        return "diskfull";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Channel(getBase().open(mode));
    }

    private static void check() throws IOException {
        if (full) {
            throw new IOException("No space left on device");
        }
    }

    /** Delegates everything; writes and forces fail while the disk is full. */
    private static final class Channel extends FileBase {
        private final FileChannel base;

        Channel(FileChannel base) {
            this.base = base;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            check();
            return base.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            check();
            return base.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            check();
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            check();
            base.force(metaData);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
