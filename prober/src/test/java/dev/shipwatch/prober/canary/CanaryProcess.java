package dev.shipwatch.prober.canary;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** The real canary (canary/java/Canary.java), compiled once per JVM with javax.tools and run as a child process. */
final class CanaryProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+) ");
    private static Path classes;

    private final Process process;
    private final URI base;

    private CanaryProcess(Process process, int port) {
        this.process = process;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the canary on a free port of 127.0.0.1 with {@code env} and waits for its start line. */
    static CanaryProcess start(Map<String, String> env) throws Exception {
        Map<String, String> withPort = new java.util.HashMap<>(env);
        withPort.put("PORT", "0");
        Process p = launch(withPort);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(20, TimeUnit.SECONDS);
            Matcher m = line == null ? null : LISTENING.matcher(line);
            if (m == null || !m.find()) {
                throw new IllegalStateException("canary did not print its start line; got: " + line);
            }
            Thread drain = new Thread(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException ignored) {
                    // the process is gone
                }
            }, "canary-output");
            drain.setDaemon(true);
            drain.start();
            return new CanaryProcess(p, Integer.parseInt(m.group(1)));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** Starts {@code java Canary} bound to 127.0.0.1 with exactly {@code env} (plus PORT if given) and returns at once. */
    static Process launch(Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", compiledClasses().toString(), "Canary");
        pb.environment().keySet().removeIf(k -> k.startsWith("CANARY_") || k.equals("PORT"));
        pb.environment().put("CANARY_BIND", "127.0.0.1");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        return pb.start();
    }

    static synchronized Path compiledClasses() throws IOException {
        if (classes == null) {
            Path source = canarySource();
            Path dir = Files.createTempDirectory("canary-classes-");
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = javac.run(null, err, err, "-d", dir.toString(), source.toString());
            if (rc != 0) {
                throw new IllegalStateException("javac " + source + " failed: " + err.toString(StandardCharsets.UTF_8));
            }
            classes = dir;
        }
        return classes;
    }

    /** canary/java/Canary.java, looked up from the working directory upwards (Maven runs tests in prober/). */
    static Path canarySource() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("canary/java/Canary.java");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("canary/java/Canary.java not found above " + Path.of("").toAbsolutePath());
    }

    URI base() {
        return base;
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
