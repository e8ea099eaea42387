package dev.shipwatch.prober.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP server on 127.0.0.1 that stands in for the canaries of any number of runs: a run's
 * canary lives under {@code /n/<nonce>/} and answers the canary contract there ({@code /health}
 * with that nonce, {@code /}, {@code /work/fs}, {@code /work/cpu}, {@code /work/outbound}). Runs
 * then cost the monitor what they cost it, and nothing else: no process, no build.
 *
 * <p>A deploy points its run at {@link #baseUrl(String)}; a {@code command} target's deploy step
 * prints {@code http://127.0.0.1:PORT/n/$CANARY_NONCE/}.
 */
public final class StandInCanary implements AutoCloseable {
    private static final Instant STARTED = Instant.now();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stand-in-canary");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong requests = new AtomicLong();

    public StandInCanary() throws IOException {
        // Headers and body leave in one write only with Nagle off (otherwise +40 ms on kept-alive connections).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.createContext("/n/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Where the canary of the run with {@code nonce} answers, with a trailing slash. */
    public URI baseUrl(String nonce) {
        return URI.create("http://127.0.0.1:" + port() + "/n/" + nonce + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public long requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            String[] parts = ex.getRequestURI().getPath().split("/", 4); // "", "n", nonce, rest
            String nonce = parts.length > 2 ? parts[2] : "";
            String rest = parts.length > 3 ? parts[3] : "";
            switch (rest) {
                case "health" -> json(ex, "{\"nonce\":\"" + nonce + "\",\"started_at\":\"" + STARTED + "\",\"version\":\"stand-in\"}");
                case "" -> text(ex, "shipwatch canary (stand-in)\n");
                case "work/fs" -> json(ex, "{\"ops\":100,\"elapsed_ms\":1.0,\"ops_per_s\":100000.0}");
                case "work/cpu" -> json(ex, "{\"n\":1000,\"elapsed_ms\":0.5}");
                case "work/outbound" -> json(ex, "{\"status\":200,\"elapsed_ms\":1.0}");
                default -> {
                    ex.sendResponseHeaders(404, -1);
                }
            }
        }
    }

    private static void json(HttpExchange ex, String body) throws IOException {
        send(ex, "application/json", body);
    }

    private static void text(HttpExchange ex, String body) throws IOException {
        send(ex, "text/plain; charset=utf-8", body);
    }

    private static void send(HttpExchange ex, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
