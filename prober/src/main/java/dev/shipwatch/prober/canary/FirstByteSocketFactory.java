package dev.shipwatch.prober.canary;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/**
 * Plain sockets that note, at the socket itself, when the last write returned and when the first
 * read after it brought data: the request leaving and the response's first byte arriving, as
 * curl's {@code time_pretransfer}/{@code time_starttransfer} see them. OkHttp's own events come
 * later (it flushes the request after {@code requestHeadersEnd} and fires
 * {@code responseHeadersStart} only once it has parsed the headers), and the code between them
 * runs slowly until the JIT has compiled it, which skews a cold prober's TTFB by up to a
 * millisecond or more.
 *
 * <p>They also note when each exchange began (just before the first write of a request) and when
 * the last data of its answer arrived: on a kept-alive connection, request → whole answer in, as
 * curl's {@code time_total} on a reused connection, without OkHttp's own work before the write
 * and after the read (its interceptors, connection lookup, header parsing, and the listener
 * events between them, all slow while the JIT has not compiled them yet). For that, sockets made
 * by {@link #readingAhead()} read on a thread of their own, which waits in the socket's read and
 * notes each chunk the moment it comes: an answer usually comes in two segments (headers, then
 * body), and a client that reads the second only after parsing the first would otherwise time
 * its own parsing as the server's.
 *
 * <p>One instance per timed call (or series of calls on one connection). The first byte is used
 * for plain HTTP only: under TLS the first bytes after the request may be a TLS 1.3 session
 * ticket that was already waiting, not the answer.
 */
final class FirstByteSocketFactory extends SocketFactory {
    /**
     * The threads that read ahead: idle ones are reused (a thread started per run was a run's
     * most frequent thread start at 10,000 targets) and end after a minute without a socket.
     */
    private static final AtomicInteger READER_IDS = new AtomicInteger();
    private static final ExecutorService READERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "canary-socket-reader-" + READER_IDS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private final List<FirstByteSocket> created = new CopyOnWriteArrayList<>();
    private final boolean readAhead;

    /** Sockets timed where the client reads (enough for the first byte). */
    FirstByteSocketFactory() {
        this(false);
    }

    private FirstByteSocketFactory(boolean readAhead) {
        this.readAhead = readAhead;
    }

    /** Sockets that read ahead on a thread of their own, so every chunk's arrival is timed (for {@link #exchangeMs}). */
    static FirstByteSocketFactory readingAhead() {
        return new FirstByteSocketFactory(true);
    }

    @Override
    public Socket createSocket() {
        FirstByteSocket s = new FirstByteSocket(readAhead);
        created.add(s);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }

    /**
     * Request-sent → first-byte in ms on the socket that carried the exchange, or null when none
     * saw a response (then the caller falls back to OkHttp's events).
     */
    Double ttfbMs() {
        FirstByteSocket used = null;
        for (FirstByteSocket s : created) {
            if (s.firstByte != 0 && (used == null || s.lastWriteEnd > used.lastWriteEnd)) {
                used = s;
            }
        }
        return used == null || used.firstByte < used.lastWriteEnd ? null : (used.firstByte - used.lastWriteEnd) / 1e6;
    }

    /**
     * The latest exchange, in ms: the first write of its request starting → the last data of its
     * answer arriving (for sockets {@link #readingAhead()}; else the last read that brought data
     * returning), on the socket that carried it; null when no socket has seen an answer to its
     * latest request. Read it once the call has consumed its whole answer.
     */
    Double exchangeMs() {
        FirstByteSocket used = null;
        for (FirstByteSocket s : created) {
            if (s.exchangeStart != 0 && (used == null || s.exchangeStart > used.exchangeStart)) {
                used = s;
            }
        }
        return used == null || used.lastRead <= used.exchangeStart ? null : (used.lastRead - used.exchangeStart) / 1e6;
    }

    private static final class FirstByteSocket extends Socket {
        private final boolean readAhead;
        /** With read-ahead: the client's read timeout, kept here (the reader thread waits without one). */
        private volatile int timeoutMs;
        private volatile long lastWriteEnd;
        private volatile long firstByte;
        private volatile boolean awaitingAnswer;
        /** Before the first write of the current request. */
        private volatile long exchangeStart;
        /** After the latest read that returned data. */
        private volatile long lastRead;
        /** The last I/O was a write: further writes belong to the same request. */
        private volatile boolean writing;
        private InputStream in;
        private OutputStream out;

        FirstByteSocket(boolean readAhead) {
            this.readAhead = readAhead;
        }

        @Override
        public void setSoTimeout(int timeout) throws SocketException {
            if (readAhead) {
                timeoutMs = timeout; // the reader thread blocks for good; the client's reads time out in ReadAhead
            } else {
                super.setSoTimeout(timeout);
            }
        }

        @Override
        public int getSoTimeout() throws SocketException {
            return readAhead ? timeoutMs : super.getSoTimeout();
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null && readAhead) {
                in = new ReadAhead(super.getInputStream());
            } else if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            arrived();
                        }
                        return n;
                    }

                    @Override
                    public int read() throws IOException {
                        int c = super.read();
                        if (c >= 0) {
                            arrived();
                        }
                        return c;
                    }
                };
            }
            return in;
        }

        /** Data came (for read-ahead sockets: the moment it came). */
        private void arrived() {
            long now = System.nanoTime();
            lastRead = now;
            writing = false;
            if (awaitingAnswer) {
                firstByte = now;
                awaitingAnswer = false;
            }
        }

        /**
         * The socket's input, read on a daemon thread that notes each chunk as it arrives and
         * queues it for the client. The client's reads honour its {@code setSoTimeout} and an
         * interrupt; the thread ends when the socket closes or reaches its end.
         */
        private final class ReadAhead extends InputStream {
            private final InputStream raw;
            private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
            private byte[] head;
            private int headPos;
            private boolean eof;
            private IOException failure;

            ReadAhead(InputStream raw) {
                this.raw = raw;
                READERS.execute(this::pump);
            }

            private void pump() {
                byte[] buffer = new byte[16 * 1024];
                while (true) {
                    int n;
                    try {
                        n = raw.read(buffer);
                    } catch (IOException e) {
                        synchronized (this) {
                            failure = e;
                            notifyAll();
                        }
                        return;
                    }
                    if (n > 0) {
                        arrived();
                    }
                    synchronized (this) {
                        if (n < 0) {
                            eof = true;
                        } else if (n > 0) {
                            chunks.add(Arrays.copyOf(buffer, n));
                        }
                        notifyAll();
                    }
                    if (n < 0) {
                        return;
                    }
                }
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                long timeout = timeoutMs;
                long deadline = timeout > 0 ? System.nanoTime() + timeout * 1_000_000L : 0;
                while (head == null && chunks.isEmpty()) {
                    if (failure != null) {
                        throw failure;
                    }
                    if (eof) {
                        return -1;
                    }
                    long waitMs = 0;
                    if (timeout > 0) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new SocketTimeoutException("Read timed out");
                        }
                        waitMs = Math.max(1, left / 1_000_000);
                    }
                    try {
                        wait(waitMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading from the canary");
                    }
                }
                if (head == null) {
                    head = chunks.poll();
                    headPos = 0;
                }
                int n = Math.min(len, head.length - headPos);
                System.arraycopy(head, headPos, b, off, n);
                headPos += n;
                if (headPos == head.length) {
                    head = null;
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public synchronized int available() {
                int n = head == null ? 0 : head.length - headPos;
                for (byte[] c : chunks) {
                    n += c.length;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                FirstByteSocket.this.close();
            }
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        writing();
                        // FilterOutputStream would write byte by byte.
                        this.out.write(b, off, len);
                        wrote();
                    }

                    @Override
                    public void write(int b) throws IOException {
                        writing();
                        this.out.write(b);
                        wrote();
                    }
                };
            }
            return out;
        }

        /** A write after a read (or the first one) starts a new exchange. */
        private void writing() {
            if (!writing) {
                exchangeStart = System.nanoTime();
                writing = true;
            }
        }

        private void wrote() {
            lastWriteEnd = System.nanoTime();
            firstByte = 0;
            awaitingAnswer = true;
        }
    }
}
