import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The Shipwatch Java canary (docs/canary-contract.md). One source file, JDK only (java.base and
 * jdk.httpserver, so a jlink'd runtime of those two modules runs it), so that its build and
 * cold start measure the platform rather than the canary.
 *
 * <p>Environment: PORT (default 8080; 0 picks a free port, printed at start), CANARY_BIND
 * (default 0.0.0.0), CANARY_NONCE, CANARY_TOKEN (required by /work/*; unset disables them),
 * CANARY_OUTBOUND_URL (the only URL /work/outbound ever calls), CANARY_OUTBOUND_CA (PEM
 * certificates: when set, the only ones trusted for an https outbound URL).
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
    /** The outbound answer's body is read to its end or this far, whichever comes first. */
    static final int OUTBOUND_BODY_CAP = 1 << 20;
    /**
     * The file-system profile: each of its four measures runs for this long (default; the
     * {@code ms} parameter changes it up to the cap) or until its own op cap, whichever comes first,
     * so a call takes about four budgets plus setting up the files, however slow the file system.
     */
    static final int FS_PROFILE_MS_DEFAULT = 150;
    static final int FS_PROFILE_MS_CAP = 2_000;
    /** The small existing files opened and read: an autoloader's share of a framework (16 directories × 16 files of 1 KiB). */
    static final int FS_PROFILE_DIRS = 16;
    static final int FS_PROFILE_FILES_PER_DIR = 16;
    static final int FS_PROFILE_FILE_BYTES = 1024;
    /** Op caps per measure: bounds the work on a fast file system (and the files created on a slow one). */
    static final int FS_OPEN_READ_CAP = 200_000;
    static final int FS_STAT_MISSING_CAP = 1_000_000;
    static final int FS_CREATE_FSYNC_CAP = 20_000;
    static final int FS_LIST_CAP = 50_000;

    private final String nonce;
    private final byte[] token;
    private final String outboundUrl;
    private final SSLContext outboundTls;
    private final String startedAt;

    Canary(String nonce, String token, String outboundUrl, String outboundCa, Instant startedAt) throws GeneralSecurityException, IOException {
        this.nonce = nonce == null ? "" : nonce;
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.outboundUrl = outboundUrl == null || outboundUrl.isBlank() ? null : outboundUrl.trim();
        this.outboundTls = tls(outboundCa);
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
        Canary canary;
        try {
            canary = new Canary(env.get("CANARY_NONCE"), env.get("CANARY_TOKEN"), env.get("CANARY_OUTBOUND_URL"),
                    env.get("CANARY_OUTBOUND_CA"), startedAt);
        } catch (GeneralSecurityException | IOException e) {
            System.err.println("canary: CANARY_OUTBOUND_CA holds no usable PEM certificate: " + e.getMessage());
            System.exit(2);
            return;
        }

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
                case "/work/fs-profile" -> {
                    Integer ms = intParam(ex, query, "ms", FS_PROFILE_MS_DEFAULT, FS_PROFILE_MS_CAP);
                    if (ms != null) {
                        send(ex, 200, fsProfile(ms));
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

    /**
     * The file-system profile: what apps do to a file system, each measured apart for
     * {@code budgetMs} (or its op cap), in a fresh temp dir removed afterwards:
     * <ul>
     * <li>open_read: open, read to the end and close one of 256 existing 1 KiB files in 16
     *     directories, round-robin (an autoloader loading a framework);
     * <li>stat_missing: stat a path that does not exist, in those directories (an autoloader or
     *     {@code file_exists} probing its include path);
     * <li>create_fsync: create a 1 KiB file, write it, fsync it, close and delete it (a session or
     *     cache write that must survive a crash);
     * <li>list: list one of the 16-entry directories.
     * </ul>
     * Setting up the files is not timed.
     */
    static String fsProfile(int budgetMs) throws IOException {
        byte[] payload = new byte[FS_PROFILE_FILE_BYTES];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        Path root = Files.createTempDirectory("canary-fsprofile-");
        long budget = budgetMs * 1_000_000L;
        try {
            List<Path> dirs = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            List<Path> missing = new ArrayList<>();
            for (int d = 0; d < FS_PROFILE_DIRS; d++) {
                Path dir = Files.createDirectory(root.resolve("pkg" + d));
                dirs.add(dir);
                for (int f = 0; f < FS_PROFILE_FILES_PER_DIR; f++) {
                    files.add(Files.write(dir.resolve("Class" + f + ".php"), payload));
                    missing.add(dir.resolve("Missing" + f + ".php"));
                }
            }
            byte[] buf = new byte[FS_PROFILE_FILE_BYTES * 2];
            Measure openRead = measure(budget, FS_OPEN_READ_CAP, i -> {
                try (InputStream in = Files.newInputStream(files.get(i % files.size()))) {
                    int read = 0;
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        read += n;
                    }
                    if (read != FS_PROFILE_FILE_BYTES) {
                        throw new IOException("read " + read + " bytes of a " + FS_PROFILE_FILE_BYTES + "-byte file");
                    }
                }
            });
            Measure statMissing = measure(budget, FS_STAT_MISSING_CAP, i -> {
                // isRegularFile is one stat(2) that fails, without the cost of an exception
                if (Files.isRegularFile(missing.get(i % missing.size()))) {
                    throw new IOException(missing.get(i % missing.size()) + " exists");
                }
            });
            Path scratch = Files.createDirectory(root.resolve("scratch"));
            ByteBuffer data = ByteBuffer.wrap(payload);
            Measure createFsync = measure(budget, FS_CREATE_FSYNC_CAP, i -> {
                Path f = scratch.resolve("w" + i);
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    data.rewind();
                    while (data.hasRemaining()) {
                        ch.write(data);
                    }
                    ch.force(true);
                }
                Files.delete(f);
            });
            Measure list = measure(budget, FS_LIST_CAP, i -> {
                int entries = 0;
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dirs.get(i % dirs.size()))) {
                    for (Path ignored : ds) {
                        entries++;
                    }
                }
                if (entries != FS_PROFILE_FILES_PER_DIR) {
                    throw new IOException("listed " + entries + " entries of " + FS_PROFILE_FILES_PER_DIR);
                }
            });
            return String.format(Locale.ROOT, "{\"budget_ms\":%d,\"files\":%d,\"open_read\":%s,\"stat_missing\":%s,"
                    + "\"create_fsync\":%s,\"list\":%s}", budgetMs, files.size(), openRead.json(), statMissing.json(),
                    createFsync.json(), list.json());
        } finally {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** One file-system operation, the i-th of its measure. */
    private interface Op {
        void run(int i) throws IOException;
    }

    private record Measure(int ops, double ms) {
        String json() {
            return String.format(Locale.ROOT, "{\"ops\":%d,\"elapsed_ms\":%.3f,\"ops_per_s\":%.1f}", ops, ms,
                    ms > 0 ? ops / (ms / 1000) : 0.0);
        }
    }

    /** Runs {@code op} until {@code budgetNanos} have passed or {@code cap} ops are done, whichever comes first. */
    private static Measure measure(long budgetNanos, int cap, Op op) throws IOException {
        long t0 = System.nanoTime();
        long elapsed = 0;
        int i = 0;
        while (i < cap && elapsed < budgetNanos) {
            op.run(i++);
            elapsed = System.nanoTime() - t0;
        }
        return new Measure(i, elapsed / 1e6);
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

    /**
     * One GET to the deploy-time URL over a connection of its own, timed phase by phase as the
     * platform makes the app suffer them: DNS (null for an IP literal), TCP connect, TLS handshake
     * (null for http), time to the first byte of the answer after the request was written, and the
     * rest of the body (read to its end, at most {@link #OUTBOUND_BODY_CAP}). Plain sockets rather
     * than HttpURLConnection, which times none of this separately. Redirects are not followed, so it
     * is exactly one request. A failure names the phase it happened in, with the phases before it.
     */
    String outbound() {
        URI uri = URI.create(outboundUrl);
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        boolean literal = isIpLiteral(host);
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        Map<String, Double> phases = new java.util.LinkedHashMap<>();
        String phase = "dns";
        long t0 = System.nanoTime();
        Socket socket = null;
        try {
            long t = System.nanoTime();
            InetAddress[] addresses = InetAddress.getAllByName(bareHost);
            phases.put("dns_ms", literal ? null : since(t));
            phase = "connect";
            t = System.nanoTime();
            IOException lastConnect = null;
            for (InetAddress address : addresses) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(address, port), OUTBOUND_TIMEOUT_MS);
                    socket = s;
                    break;
                } catch (IOException e) {
                    s.close();
                    lastConnect = e;
                }
            }
            if (socket == null) {
                throw lastConnect != null ? lastConnect : new IOException("no address for " + host);
            }
            socket.setSoTimeout(OUTBOUND_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            phases.put("connect_ms", since(t));
            if (https) {
                phase = "tls";
                t = System.nanoTime();
                SSLSocket tls = (SSLSocket) outboundTls.getSocketFactory().createSocket(socket, bareHost, port, true);
                SSLParameters params = tls.getSSLParameters();
                // Verifies that the certificate names the host, as a browser would; without it any trusted certificate would do.
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!literal) {
                    params.setServerNames(List.of(new SNIHostName(bareHost)));
                }
                tls.setSSLParameters(params);
                tls.startHandshake();
                socket = tls;
                phases.put("tls_ms", since(t));
            } else {
                phases.put("tls_ms", null);
            }
            phase = "ttfb";
            String authority = uri.getRawAuthority().replaceFirst("^[^@]*@", "");
            byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: shipwatch-canary/" + VERSION
                    + "\r\nAccept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            t = System.nanoTime();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[16 * 1024];
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("the server closed the connection without answering");
            }
            phases.put("ttfb_ms", since(t));
            phase = "transfer";
            t = System.nanoTime();
            var head = new java.io.ByteArrayOutputStream();
            head.write(buf, 0, Math.min(n, 512));
            long total = n;
            while (total < OUTBOUND_BODY_CAP && (n = in.read(buf)) >= 0) {
                if (head.size() < 512) {
                    head.write(buf, 0, Math.min(n, 512 - head.size()));
                }
                total += n;
            }
            phases.put("transfer_ms", since(t));
            int status = status(head.toString(StandardCharsets.ISO_8859_1));
            return String.format(Locale.ROOT, "{\"status\":%d,\"elapsed_ms\":%.3f,%s}", status, since(t0), msJson(phases));
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "{\"error\":\"%s\",\"phase\":\"%s\",\"elapsed_ms\":%.3f%s}",
                    esc(e.getClass().getSimpleName() + ": " + e.getMessage()), phase, since(t0),
                    phases.isEmpty() ? "" : "," + msJson(phases));
        } finally {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the answer is read: nothing more to lose
                }
            }
        }
    }

    /** The status code of an HTTP/1.x status line, e.g. 200 from {@code HTTP/1.1 200 OK}. */
    static int status(String head) throws IOException {
        if (!head.startsWith("HTTP/") || head.indexOf(' ') < 0 || head.length() < head.indexOf(' ') + 4) {
            throw new IOException("the answer is not HTTP: \"" + head.lines().findFirst().orElse("") + "\"");
        }
        int sp = head.indexOf(' ');
        try {
            return Integer.parseInt(head.substring(sp + 1, sp + 4));
        } catch (NumberFormatException e) {
            throw new IOException("the answer has no status code: \"" + head.lines().findFirst().orElse("") + "\"");
        }
    }

    /** {@code "dns_ms":1.234,"tls_ms":null,…} in the order measured; null for a phase that does not apply. */
    private static String msJson(Map<String, Double> phases) {
        var parts = new ArrayList<String>();
        phases.forEach((k, v) -> parts.add("\"" + k + "\":" + (v == null ? "null" : String.format(Locale.ROOT, "%.3f", v))));
        return String.join(",", parts);
    }

    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static double since(long t) {
        return (System.nanoTime() - t) / 1e6;
    }

    /**
     * The TLS context of the outbound call: the JDK's trusted CAs, or exactly the certificates in
     * {@code pem} (like curl's --cacert), so a test server's self-signed certificate can be trusted
     * without turning verification off.
     */
    static SSLContext tls(String pem) throws GeneralSecurityException, IOException {
        if (pem == null || pem.isBlank()) {
            return SSLContext.getDefault();
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            trusted.setCertificateEntry("outbound-ca-" + i++, c);
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in it");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
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
