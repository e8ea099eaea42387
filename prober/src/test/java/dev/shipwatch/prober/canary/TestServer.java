package dev.shipwatch.prober.canary;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 with a scripted handler that counts requests and connections
 * (distinct client ports: each new TCP connection comes from a new ephemeral port).
 */
final class TestServer implements AutoCloseable {
    static {
        // Headers and body are separate writes; without TCP_NODELAY keep-alive answers can wait ~40 ms on ACKs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();

    private final String scheme;

    private TestServer(HttpHandler handler) throws IOException {
        this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50), "http", handler);
    }

    private TestServer(HttpServer server, String scheme, HttpHandler handler) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            requests.incrementAndGet();
            try (ex) {
                handler.handle(ex);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    static TestServer start(HttpHandler handler) throws IOException {
        return new TestServer(handler);
    }

    /** An HTTPS server presenting {@code certificate} (issued for localhost and 127.0.0.1). */
    static TestServer https(TestCertificate certificate, HttpHandler handler) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        return new TestServer(https, "https", handler);
    }

    /** A server answering every request with {@code status} and {@code body}. */
    static TestServer answering(int status, String body) throws IOException {
        return start(ex -> respond(ex, status, body));
    }

    static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    URI base() {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The base URL by name, so that a client resolves it (a DNS phase) and checks the certificate's name. */
    URI baseByName() {
        return URI.create(scheme + "://localhost:" + server.getAddress().getPort());
    }

    int requests() {
        return requests.get();
    }

    int connections() {
        return clientPorts.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
