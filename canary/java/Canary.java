import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Shipwatch Java canary (docs/canary-contract.md). One source file, JDK only (java.base and
 * jdk.httpserver, so a jlink'd runtime of those two modules runs it), so that its build and
 * cold start measure the platform rather than the canary.
 *
 * <p>Environment: PORT (default 8080; 0 picks a free port, printed at start), CANARY_BIND
 * (default 0.0.0.0), CANARY_NONCE, CANARY_TOKEN (required by /work/*; unset disables them),
 * CANARY_OUTBOUND_URL (the only URL /work/outbound ever calls).
 */
public final class Canary {
    static final String VERSION = "java-1";
    static final int FS_OPS_DEFAULT = 1_000;
    static final int FS_OPS_CAP = 10_000;
    /**
     * One round hashes 1 KiB: 10,000 rounds take about 7-10 ms on a current x86 core once
     * JIT-compiled (several times that on the first, interpreted call); the cap bounds a call to
     * about a second.
     */
    static final int CPU_N_DEFAULT = 10_000;
    static final int CPU_N_CAP = 1_000_000;
    static final int OUTBOUND_TIMEOUT_MS = 10_000;

    private final String nonce;
    private final byte[] token;
    private final String outboundUrl;
    private final String startedAt;

    Canary(String nonce, String token, String outboundUrl, Instant startedAt) {
        this.nonce = nonce == null ? "" : nonce;
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.outboundUrl = outboundUrl == null || outboundUrl.isBlank() ? null : outboundUrl.trim();
        this.startedAt = startedAt.toString();
    }

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus the
        // client's delayed ACK can add ~40 ms to a keep-alive response. Must be set before the
        // server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, String> env = System.getenv();
        Instant startedAt = ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
        int port;
        try {
            port = Integer.parseInt(env.getOrDefault("PORT", "8080").trim());
        } catch (NumberFormatException e) {
            System.err.println("canary: PORT \"" + env.get("PORT") + "\" is not a port number");
            System.exit(2);
            return;
        }
        String bind = env.getOrDefault("CANARY_BIND", "0.0.0.0");
        Canary canary = new Canary(env.get("CANARY_NONCE"), env.get("CANARY_TOKEN"), env.get("CANARY_OUTBOUND_URL"), startedAt);

        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        server.createContext("/", canary::handle);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.start();
        System.out.printf(Locale.ROOT, "canary %s listening on %s:%d (pid %d, ready in %.1f ms)%n",
                VERSION, bind, server.getAddress().getPort(), ProcessHandle.current().pid(),
                (System.nanoTime() - t0) / 1e6);
        System.out.flush();
    }

    /** The route table: one handler for "/" so every unknown path gets a clean 404. */
    void handle(HttpExchange ex) {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, json("error", "method " + method + " not allowed"));
                return;
            }
            if (path.startsWith("/work/") && !authorized(ex)) {
                send(ex, 401, json("error", "missing or wrong X-Canary-Token"));
                return;
            }
            Map<String, String> query;
            try {
                query = query(ex.getRequestURI().getRawQuery());
            } catch (IllegalArgumentException e) {
                send(ex, 400, json("error", "malformed query string"));
                return;
            }
            switch (path) {
                case "/" -> sendText(ex, 200, "shipwatch canary " + VERSION + "\n");
                case "/health" -> send(ex, 200, "{\"nonce\":\"" + esc(nonce) + "\",\"started_at\":\"" + startedAt
                        + "\",\"version\":\"" + VERSION + "\"}");
                case "/work/fs" -> {
                    Integer ops = intParam(ex, query, "ops", FS_OPS_DEFAULT, FS_OPS_CAP);
                    if (ops != null) {
                        send(ex, 200, fs(ops));
                    }
                }
                case "/work/cpu" -> {
                    Integer n = intParam(ex, query, "n", CPU_N_DEFAULT, CPU_N_CAP);
                    if (n != null) {
                        send(ex, 200, cpu(n));
                    }
                }
                case "/work/outbound" -> {
                    if (outboundUrl == null) {
                        send(ex, 404, json("error", "CANARY_OUTBOUND_URL is not set"));
                    } else {
                        send(ex, 200, outbound());
                    }
                }
                default -> send(ex, 404, json("error", "no such path: " + path));
            }
        } catch (RuntimeException | IOException e) {
            // Internal detail goes to the canary's log, not to whoever asked.
            System.err.println("canary: " + ex.getRequestURI().getPath() + " failed: " + e);
            try {
                send(ex, 500, json("error", "internal error"));
            } catch (IOException | RuntimeException ignored) {
                // Headers were already sent or the client left: nothing more to tell it.
            }
        } finally {
            ex.close();
        }
    }

    private boolean authorized(HttpExchange ex) {
        String given = ex.getRequestHeaders().getFirst("X-Canary-Token");
        // MessageDigest.isEqual compares in time independent of where the bytes differ.
        return token != null && given != null
                && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    /** Create, write, stat, read and delete one small file per op, in a fresh temp dir. */
    static String fs(int ops) throws IOException {
        byte[] payload = new byte[1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        Path dir = Files.createTempDirectory("canary-fs-");
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < ops; i++) {
                Path f = dir.resolve("f" + i);
                Files.write(f, payload);
                if (Files.readAttributes(f, BasicFileAttributes.class).size() != payload.length
                        || Files.readAllBytes(f).length != payload.length) {
                    throw new IOException("file " + f + " did not read back " + payload.length + " bytes");
                }
                Files.delete(f);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        return String.format(Locale.ROOT, "{\"ops\":%d,\"elapsed_ms\":%.3f,\"ops_per_s\":%.1f}",
                ops, ms, ms > 0 ? ops / (ms / 1000) : 0.0);
    }

    /** n rounds of SHA-256 over a 1 KiB block that carries the previous digest (no shortcut possible). */
    static String cpu(int n) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
        byte[] block = new byte[1024];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sha.update(block);
            System.arraycopy(sha.digest(), 0, block, 0, 32);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        return String.format(Locale.ROOT, "{\"n\":%d,\"elapsed_ms\":%.3f,\"digest\":\"%02x%02x%02x%02x\"}",
                n, ms, block[0], block[1], block[2], block[3]);
    }

    /** One GET to the deploy-time URL; redirects are not followed, so it is exactly one request. */
    String outbound() {
        long t0 = System.nanoTime();
        HttpURLConnection conn = null;
        try {
            conn = (HttpURLConnection) URI.create(outboundUrl).toURL().openConnection();
            conn.setInstanceFollowRedirects(false);
            conn.setConnectTimeout(OUTBOUND_TIMEOUT_MS);
            conn.setReadTimeout(OUTBOUND_TIMEOUT_MS);
            conn.setUseCaches(false);
            int status = conn.getResponseCode();
            InputStream body = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
            if (body != null) {
                try (body) {
                    body.transferTo(OutputStream.nullOutputStream());
                }
            }
            return String.format(Locale.ROOT, "{\"status\":%d,\"elapsed_ms\":%.3f}", status, (System.nanoTime() - t0) / 1e6);
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "{\"error\":\"%s\",\"elapsed_ms\":%.3f}",
                    esc(e.getClass().getSimpleName() + ": " + e.getMessage()), (System.nanoTime() - t0) / 1e6);
        } finally {
            if (conn != null) {
                conn.disconnect();
            }
        }
    }

    /** A missing parameter gives the default, a larger one the cap; anything but a positive integer is a 400. */
    private static Integer intParam(HttpExchange ex, Map<String, String> query, String name, int dflt, int cap) throws IOException {
        String raw = query.get(name);
        if (raw == null) {
            return dflt;
        }
        long v;
        try {
            v = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < 1) {
            send(ex, 400, json("error", name + " must be a positive integer, got \"" + raw + "\""));
            return null;
        }
        return (int) Math.min(v, cap);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String json(String key, String value) {
        return "{\"" + key + "\":\"" + esc(value) + "\"}";
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        respond(ex, status, "application/json", json);
    }

    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        respond(ex, status, "text/plain; charset=utf-8", text);
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
