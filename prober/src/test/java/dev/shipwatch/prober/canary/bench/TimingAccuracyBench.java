package dev.shipwatch.prober.canary.bench;

import com.sun.net.httpserver.HttpServer;
import dev.shipwatch.prober.canary.CanaryClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How close is CanaryClient's TTFB to a known server delay, next to curl's? Run on demand by
 * bench/timing-accuracy/run.sh (named *Bench so surefire never runs it).
 *
 * <p>A server on 127.0.0.1 answers {@code GET /d<ms>/} after exactly {@code ms} milliseconds
 * (sleep, then spin for the last stretch, so the server's own timer jitter stays in the tens of
 * microseconds). For each delay it takes N samples, alternating: {@code CanaryClient.firstRequest}
 * (fresh connection, TTFB = request leaves the socket → first response byte read from it) and
 * a curl process (fresh
 * connection, TTFB = {@code time_starttransfer − time_pretransfer}; the raw
 * {@code time_starttransfer}, which also counts the connect, is shown too). Error = |TTFB − delay|.
 *
 * <p>Goal per delay: CanaryClient's median error ≤ 1 ms and ≤ curl's median error + 0.5 ms.
 *
 * <p>Then warm requests, on one kept-alive connection: per round, {@code CanaryClient.warmRequests}
 * with N requests (its p50) against one curl process fetching the URL N + 1 times on one
 * connection (the p50 of {@code time_total} of the N that reused it, {@code num_connects} 0).
 * Error = |p50 − delay|. Twice: in this warmed-up JVM (as in a running monitor, {@code run}), and
 * in a fresh JVM per round that makes one first request and then the warm ones (as a one-shot
 * {@code probe} does after its cold start). Goal per delay and JVM: CanaryClient's median error
 * ≤ curl's + 0.3 ms. Exit code 0 when every goal holds, 1 otherwise.
 *
 * <p>Arguments: {@code [--samples N] [--delays 0,50,200] [--curl /usr/bin/curl] [--warmup 30]
 * [--warm-requests 20] [--rounds 20] [--fresh-rounds 10]}.
 */
public final class TimingAccuracyBench {
    private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--fresh-jvm-warm")) {
            freshJvmWarm(URI.create(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int samples = 50;
        int[] delays = {0, 50, 200};
        String curl = "curl";
        int warmup = 30;
        int warmRequests = 20;
        int rounds = 20;
        int freshRounds = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--delays" -> delays = Arrays.stream(args[++i].split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
                case "--curl" -> curl = args[++i];
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--warm-requests" -> warmRequests = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--fresh-rounds" -> freshRounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument \"" + args[i] + "\" (known: --samples, --delays, "
                        + "--curl, --warmup, --warm-requests, --rounds, --fresh-rounds)");
            }
        }
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getPath(); // /d<ms>/
                long delayMs = Long.parseLong(path.substring(2, path.length() - 1));
                long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
                waitUntil(due);
                byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        // Requests come one at a time: answering on the server's own thread saves a thread hop
        // (one more wake-up to wait for on a busy machine) that would blur both clients alike.
        server.setExecutor(null);
        server.start();
        int port = server.getAddress().getPort();

        boolean allHold = true;
        try (CanaryClient client = new CanaryClient(Duration.ofSeconds(10))) {
            // A prober runs for days: measure a warmed-up client, as production does.
            for (int i = 0; i < warmup; i++) {
                client.firstRequest(base(port, 0));
                if (i < 30) {
                    curlTtfb(curl, base(port, 0));
                }
            }
            System.out.printf(Locale.ROOT, "TTFB error |measured - injected| in ms, %d samples per delay, 127.0.0.1, %s, %d CPUs, load average %s%n%n",
                    samples, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), loadAverage());
            System.out.printf(Locale.ROOT, "%-8s %-34s %10s %10s%n", "delay", "client", "median", "p95");
            List<String> verdicts = new ArrayList<>();
            for (int delay : delays) {
                URI base = base(port, delay);
                double[] ours = new double[samples];
                double[] curlTtfb = new double[samples];
                double[] curlStart = new double[samples];
                for (int i = 0; i < samples; i++) {
                    ours[i] = Math.abs(client.firstRequest(base).ttfbMs() - delay);
                    double[] c = curlTtfb(curl, base);
                    curlTtfb[i] = Math.abs(c[1] - c[0] - delay);
                    curlStart[i] = Math.abs(c[1] - delay);
                }
                row(delay, "CanaryClient.firstRequest", ours);
                row(delay, "curl starttransfer-pretransfer", curlTtfb);
                row(delay, "curl starttransfer", curlStart);
                double m = median(ours);
                double mc = median(curlTtfb);
                boolean holds = m <= 1.0 && m <= mc + 0.5;
                allHold &= holds;
                verdicts.add(String.format(Locale.ROOT, "delay %d ms: median %.3f ms (goal <= 1 ms and <= curl %.3f + 0.5 ms): %s",
                        delay, m, mc, holds ? "HOLDS" : "FAILS"));
            }
            System.out.println();
            verdicts.forEach(System.out::println);

            System.out.printf(Locale.ROOT, "%nWarm requests: error |p50 - injected| in ms of %d requests on one kept-alive connection, "
                    + "%d rounds in this JVM (run), %d fresh JVMs (probe)%n%n", warmRequests, rounds, freshRounds);
            System.out.printf(Locale.ROOT, "%-8s %-34s %10s %10s%n", "delay", "client", "median", "p95");
            List<String> warmVerdicts = new ArrayList<>();
            for (int delay : delays) {
                URI base = base(port, delay);
                double[] ours = new double[rounds];
                double[] fresh = new double[freshRounds];
                double[] curlWarm = new double[Math.max(rounds, freshRounds)];
                for (int i = 0; i < curlWarm.length; i++) {
                    if (i < rounds) {
                        ours[i] = Math.abs(client.warmRequests(base, warmRequests).p50Ms() - delay);
                    }
                    if (i < freshRounds) {
                        fresh[i] = Math.abs(freshJvmP50(base, warmRequests) - delay);
                    }
                    curlWarm[i] = Math.abs(curlWarmP50(curl, base, warmRequests) - delay);
                }
                row(delay, "CanaryClient.warmRequests (run)", ours);
                row(delay, "CanaryClient.warmRequests (probe)", fresh);
                row(delay, "curl time_total, reused conn.", curlWarm);
                double mc = median(curlWarm);
                for (String[] jvm : new String[][] {{"run", String.valueOf(median(ours))}, {"probe", String.valueOf(median(fresh))}}) {
                    double m = Double.parseDouble(jvm[1]);
                    boolean holds = m <= mc + 0.3;
                    allHold &= holds;
                    warmVerdicts.add(String.format(Locale.ROOT, "delay %d ms, %s: warm p50 error %.3f ms (goal <= curl %.3f + 0.3 ms): %s",
                            delay, jvm[0], m, mc, holds ? "HOLDS" : "FAILS"));
                }
            }
            System.out.println();
            warmVerdicts.forEach(System.out::println);
        } finally {
            server.stop(0);
        }
        System.exit(allHold ? 0 : 1);
    }

    /** The child of {@link #freshJvmP50}: one first request, then the warm ones, as a one-shot probe; prints their p50. */
    private static void freshJvmWarm(URI base, int requests) throws Exception {
        try (CanaryClient client = new CanaryClient(Duration.ofSeconds(10))) {
            client.firstRequest(base);
            System.out.println(client.warmRequests(base, requests).p50Ms());
        }
        System.exit(0);
    }

    /** Warm p50 measured by a JVM started for it, on this JVM's classpath. */
    private static double freshJvmP50(URI base, int requests) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=/dev/null", "-cp", System.getProperty("java.class.path"),
                TimingAccuracyBench.class.getName(), "--fresh-jvm-warm", base.toString(), String.valueOf(requests))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("the fresh JVM exited with " + p.exitValue() + ": " + out);
        }
        String[] lines = out.split("\n");
        return Double.parseDouble(lines[lines.length - 1]);
    }

    /**
     * One curl process fetching {@code url} {@code requests + 1} times on one connection; the p50
     * (nearest rank) of {@code time_total} of the transfers that reused it.
     */
    private static double curlWarmP50(String curl, URI url, int requests) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(curl, "-s", "-w", "%{num_connects} %{time_total}\\n"));
        for (int i = 0; i <= requests; i++) {
            cmd.addAll(List.of("-o", "/dev/null", url.toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException(curl + " " + url + " exited with " + p.exitValue() + ": " + out);
        }
        String[] lines = out.split("\n");
        double[] reused = new double[requests];
        int n = 0;
        for (int i = 1; i < lines.length; i++) {
            String[] parts = lines[i].trim().split(" ");
            if (!parts[0].equals("0")) {
                throw new IOException("curl opened a new connection for transfer " + (i + 1) + ": " + out);
            }
            reused[n++] = Double.parseDouble(parts[1]) * 1000;
        }
        return percentile(Arrays.copyOf(reused, n), 50);
    }

    /** The machine's 1-minute load average: figures from a busy machine measure its scheduler more than the client. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static URI base(int port, int delayMs) {
        return URI.create("http://127.0.0.1:" + port + "/d" + delayMs + "/");
    }

    /** Sleeps most of the way, then spins: Thread.sleep alone overshoots by up to a millisecond on a busy machine. */
    private static void waitUntil(long dueNanos) {
        long left;
        while ((left = dueNanos - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(left - SPIN_NANOS);
        }
        while (System.nanoTime() < dueNanos) {
            Thread.onSpinWait();
        }
    }

    /** Returns curl's {time_pretransfer, time_starttransfer} in ms for one GET on a fresh connection. */
    private static double[] curlTtfb(String curl, URI url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(curl, "-s", "-o", "/dev/null", "-w", "%{time_pretransfer} %{time_starttransfer}", url.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException(curl + " " + url + " exited with " + p.exitValue() + ": " + out);
        }
        String[] parts = out.split(" ");
        return new double[] {Double.parseDouble(parts[0]) * 1000, Double.parseDouble(parts[1]) * 1000};
    }

    private static void row(int delay, String client, double[] errors) {
        System.out.printf(Locale.ROOT, "%-8s %-34s %10.3f %10.3f%n", delay + " ms", client, median(errors), percentile(errors, 95));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Nearest rank, like the prober's own percentiles. */
    private static double percentile(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.max((int) Math.ceil(p / 100.0 * s.length), 1) - 1];
    }
}
