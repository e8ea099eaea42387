package dev.shipwatch.prober.canary;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * the last read that brought data returned: on a kept-alive connection, request → whole answer
 * in, as curl's {@code time_total} on a reused connection, without OkHttp's own work before
 * the write and after the read (its interceptors, connection lookup, header parsing, and the
 * listener events between them, all slow while the JIT has not compiled them yet).
 *
 * <p>One instance per timed call (or series of calls on one connection). The first byte is used
 * for plain HTTP only: under TLS the first bytes after the request may be a TLS 1.3 session
 * ticket that was already waiting, not the answer.
 */
final class FirstByteSocketFactory extends SocketFactory {
    private final List<FirstByteSocket> created = new CopyOnWriteArrayList<>();

    @Override
    public Socket createSocket() {
        FirstByteSocket s = new FirstByteSocket();
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
     * The latest exchange, in ms: the first write of its request starting → the last read that
     * brought data returning, on the socket that carried it; null when no socket has seen an
     * answer to its latest request. Read it once the call has consumed its whole answer.
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

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
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

                    private void arrived() {
                        long now = System.nanoTime();
                        lastRead = now;
                        writing = false;
                        if (awaitingAnswer) {
                            firstByte = now;
                            awaitingAnswer = false;
                        }
                    }
                };
            }
            return in;
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
