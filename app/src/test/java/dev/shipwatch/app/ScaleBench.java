package dev.shipwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipwatch.alerting.FakePagerDuty;
import dev.shipwatch.config.Storage;
import dev.shipwatch.prober.fake.StandInCanary;
import dev.shipwatch.store.Database;
import dev.shipwatch.store.ProbeRun;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does the monitor keep up with many targets? A real monitor (its own JVM, the given JVM
 * options) runs N {@code command} targets against one {@link StandInCanary}, so the monitor itself
 * is the only cost; four more targets, on a 20 s schedule of their own, fail and recover in turn
 * and page a {@link FakePagerDuty}.
 * After a warm-up (by default one schedule interval: every target has run once, and what is
 * measured is the steady state of runs with a history) it measures, over the given time: runs
 * due and run, start lateness (the monitor's own histogram), monitor CPU per run (the process's
 * user + system time, children not counted; and split by what its threads do, {@link #PARTS}),
 * peak RSS, how long a stored run takes to show on its component's page (20 sampled component
 * pages polled every 100 ms, conditionally, as a browser reloads), the size of {@code /}, alert
 * latency (trigger received − run finished), and {@code /metrics} read as Prometheus reads it
 * (every minute by default; its CPU is the monitor's too). Run on demand by bench/scale/run.sh
 * (named *Bench so surefire never runs it).
 *
 * <p>Arguments: {@code [--targets 100,1000,10000] [--schedule 5m] [--warmup SCHEDULE]
 * [--measure 300s] [--scrape 1m] [--jvm "-Xmx…"]}. The monitor runs through the launcher,
 * {@code bin/shipwatch}, with its JVM options and environment (as the README's run command does),
 * on a jar that names this classpath; {@code --jvm} options come after the launcher's, as
 * {@code SHIPWATCH_JAVA_OPTS} would (the last of an option wins).
 */
public final class ScaleBench {
    /** The targets that page, and their schedule. */
    private static final int FLAPPING = 4;
    private static final Duration FLAP = Duration.ofSeconds(20);
    private static final Pattern UP = Pattern.compile("status page on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern CHECKED = Pattern.compile("Last checked\\s*<time datetime=\"([^\"]+)\"");
    private static final Pattern LATENESS = Pattern.compile("shipwatch_run_start_lateness_seconds_bucket\\{le=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)");
    private static final Pattern RUNS = Pattern.compile("(?m)^shipwatch_runs_total\\{[^}]*} ([0-9.eE+]+)");
    private static final Pattern REFRESH = Pattern.compile("shipwatch_page_refresh_seconds_bucket\\{le=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)");

    record Result(int targets, Duration schedule, Duration measured, long due, long run, double lateP50, double lateP99,
                  double withinSecond, double cpuMsPerRun, long rssMb, double lagP50, double lagP99, int lagSamples,
                  long homeBytes, long homeGzip, double alertP50, double alertMax, int alerts, double refreshP50,
                  double refreshP99, Duration stop, int scrapes, long scrapeBytes, double scrapeMaxMs,
                  Map<String, Double> cpuMsPerRunByPart) {}

    /**
     * The monitor's threads by what they do, by the names /proc gives them (15 characters):
     * where its CPU goes. Threads that ended during the measurement count under "other".
     */
    private static final Map<String, Pattern> PARTS = partsInOrder(
            "run's work", "^(shipwatch-phase|OkHttp|Okio|canary-socket|process reaper)",
            "probe workers", "^probe",
            "scheduler", "Quart|^cluster",
            "H2 writes", "^(H2-|MVStore|h2-sync)",
            "page", "^(status-page|vert\\.x)",
            "JIT", "CompilerThre",
            "GC, VM", "^(VM Thread|VM Periodic|GC |Sweeper)");

    private static Map<String, Pattern> partsInOrder(String... namesAndPatterns) {
        Map<String, Pattern> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndPatterns.length; i += 2) {
            m.put(namesAndPatterns[i], Pattern.compile(namesAndPatterns[i + 1]));
        }
        return m;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(100, 1_000, 10_000);
        Duration schedule = Duration.ofMinutes(5);
        Duration warmup = null; // one schedule interval
        Duration measure = Duration.ofMinutes(5);
        String jvm = "";
        Duration scrape = Duration.ofMinutes(1);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--targets" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--schedule" -> schedule = dev.shipwatch.config.Durations.parse(args[++i]).orElseThrow();
                case "--warmup" -> warmup = dev.shipwatch.config.Durations.parse(args[++i]).orElseThrow();
                case "--measure" -> measure = dev.shipwatch.config.Durations.parse(args[++i]).orElseThrow();
                case "--jvm" -> jvm = args[++i];
                case "--scrape" -> scrape = dev.shipwatch.config.Durations.parse(args[++i]).orElseThrow();
                default -> {
                    System.err.println("usage: ScaleBench [--targets 100,1000] [--schedule 5m] [--warmup SCHEDULE] [--measure 300s] [--scrape 1m] [--jvm OPTS]");
                    System.exit(2);
                }
            }
        }
        if (warmup == null) {
            warmup = schedule;
        }
        System.out.printf("scale bench: %s targets every %s, warm-up %s, measured %s, /metrics scraped every %s; "
                        + "monitor: bin/shipwatch, SHIPWATCH_JAVA_OPTS=%s%n", sizes,
                dev.shipwatch.config.Durations.format(schedule), dev.shipwatch.config.Durations.format(warmup),
                dev.shipwatch.config.Durations.format(measure), dev.shipwatch.config.Durations.format(scrape), jvm);
        List<Result> results = new ArrayList<>();
        for (int n : sizes) {
            Result r = run(n, schedule, warmup, measure, scrape, jvm);
            results.add(r);
            print(r);
        }
        System.out.println();
        System.out.println("targets  due/run (%)          late p50/p99 ms  ≤1s %   cpu ms/run  rss MB  page lag p50/p99 ms  / bytes (per comp.) gzip  alert p50/max ms  refresh p50/p99 ms");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%7d  %7d/%-7d (%5.1f)  %6.0f / %-6.0f  %6.2f  %10.2f  %6d  %8.0f / %-8.0f  %9d (%5d) %7d  %6.0f / %-6.0f  %6.1f / %-6.1f%n",
                    r.targets, r.due, r.run, 100.0 * r.run / Math.max(1, r.due), r.lateP50, r.lateP99, r.withinSecond,
                    r.cpuMsPerRun, r.rssMb, r.lagP50, r.lagP99, r.homeBytes, r.homeBytes / Math.max(1, r.targets + 2), r.homeGzip,
                    r.alertP50, r.alertMax, r.refreshP50, r.refreshP99);
        }
    }

    private static void print(Result r) {
        System.out.printf(Locale.ROOT, "%d targets: %d of %d due runs run; lateness p50 %.0f ms p99 %.0f ms (%.2f%% within 1 s); "
                        + "%.2f ms CPU per run; RSS %d MB; page lag p50 %.0f ms p99 %.0f ms (%d samples); / %d bytes (%d gzip); "
                        + "alert latency p50 %.0f ms max %.0f ms (%d alerts); refresh p50 %.1f ms p99 %.1f ms; stop %.1f s; "
                        + "/metrics %d scrapes of %.1f MB, slowest %.0f ms%n",
                r.targets, r.run, r.due, r.lateP50, r.lateP99, r.withinSecond, r.cpuMsPerRun, r.rssMb, r.lagP50, r.lagP99,
                r.lagSamples, r.homeBytes, r.homeGzip, r.alertP50, r.alertMax, r.alerts, r.refreshP50, r.refreshP99,
                r.stop.toMillis() / 1000.0, r.scrapes, r.scrapeBytes / 1e6, r.scrapeMaxMs);
        StringBuilder parts = new StringBuilder();
        r.cpuMsPerRunByPart.forEach((part, ms) -> parts.append(parts.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.2f", part, ms)));
        System.out.printf("%d targets: CPU ms per run by part: %s%n", r.targets, parts);
    }

    static Result run(int n, Duration schedule, Duration warmup, Duration measure, Duration scrape, String jvm) throws Exception {
        Path dir = Files.createTempDirectory("scale-bench-" + n);
        try (StandInCanary canary = new StandInCanary(); FakePagerDuty pagerDuty = new FakePagerDuty()) {
            Storage storage = new Storage("jdbc:h2:file:" + dir.resolve("data/shipwatch"), "", "");
            Path config = writeConfig(dir, n, schedule, canary, pagerDuty, storage);
            Path log = dir.resolve("monitor.log");
            ProcessBuilder launcher = new ProcessBuilder("sh", Path.of("bin", "shipwatch").toAbsolutePath().toString(), "run",
                    "--config", config.toString()).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            launcher.environment().put("JAVA_HOME", System.getProperty("java.home"));
            launcher.environment().put("SHIPWATCH_JAR", classpathJar(dir).toString());
            launcher.environment().put("JAVA_OPTS", "-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
            launcher.environment().put("SHIPWATCH_JAVA_OPTS", jvm);
            Process monitor = launcher.start(); // the launcher execs java: this is the monitor's process
            monitor.getOutputStream().close();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            try {
                int port = awaitPort(monitor, log);
                String base = "http://127.0.0.1:" + port;
                System.out.printf("  %d targets: up on %s; warming up for %s%n", n, base, dev.shipwatch.config.Durations.format(warmup));
                TimeUnit.MILLISECONDS.sleep(warmup.toMillis()); // the bench's schedule, not synchronisation
                String before = get(http, base + "/metrics");
                long cpu0 = cpuNanos(monitor.pid());
                Map<String, ThreadCpu> threads0 = threadCpuNanos(monitor.pid());
                long t0 = System.currentTimeMillis();
                List<Double> lags = Collections.synchronizedList(new ArrayList<>());
                AtomicLong rss = new AtomicLong();
                Thread sampler = sampler(http, base, n, lags, rss, monitor.pid());
                sampler.start();
                List<double[]> scrapes = Collections.synchronizedList(new ArrayList<>());
                Thread scraper = scraper(http, base, scrape, scrapes);
                scraper.start();
                TimeUnit.MILLISECONDS.sleep(measure.toMillis());
                sampler.interrupt();
                scraper.interrupt();
                sampler.join();
                scraper.join();
                long cpu1 = cpuNanos(monitor.pid());
                Map<String, ThreadCpu> threads1 = threadCpuNanos(monitor.pid());
                long t1 = System.currentTimeMillis();
                String after = get(http, base + "/metrics");
                long runs = Math.round(sum(RUNS, after) - sum(RUNS, before));
                Map<Double, Double> late = delta(LATENESS, before, after);
                Map<Double, Double> refresh = delta(REFRESH, before, after);
                long due = Math.round(n * (double) (t1 - t0) / schedule.toMillis() + FLAPPING * (double) (t1 - t0) / FLAP.toMillis());
                long plain = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofByteArray()).body().length;
                long gzip = http.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Accept-Encoding", "gzip").build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body().length;
                long stopStart = System.nanoTime();
                monitor.destroy();
                if (!monitor.waitFor(60, TimeUnit.SECONDS)) {
                    monitor.destroyForcibly();
                }
                Duration stop = Duration.ofNanos(System.nanoTime() - stopStart);
                List<Double> alertMs = alertLatencies(pagerDuty, storage);
                List<Double> sortedLags = sorted(lags);
                List<Double> sortedAlerts = sorted(alertMs);
                return new Result(n, schedule, Duration.ofMillis(t1 - t0), due, runs, quantile(late, 0.5) * 1000,
                        quantile(late, 0.99) * 1000, 100 * fractionWithin(late, 1.0), (cpu1 - cpu0) / 1e6 / Math.max(1, runs),
                        rss.get() / 1024, pick(sortedLags, 0.5), pick(sortedLags, 0.99), sortedLags.size(), plain, gzip,
                        pick(sortedAlerts, 0.5), sortedAlerts.isEmpty() ? Double.NaN : sortedAlerts.get(sortedAlerts.size() - 1),
                        sortedAlerts.size(), quantile(refresh, 0.5) * 1000, quantile(refresh, 0.99) * 1000, stop,
                        scrapes.size(), scrapes.isEmpty() ? 0 : (long) scrapes.get(scrapes.size() - 1)[0],
                        scrapes.stream().mapToDouble(x -> x[1]).max().orElse(Double.NaN),
                        byPart(threads0, threads1, cpu1 - cpu0, runs));
            } finally {
                monitor.destroyForcibly();
                monitor.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A jar of nothing but a manifest naming this JVM's classpath and the monitor's main class, for the launcher's {@code -jar}. */
    private static Path classpathJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            classPath.append(classPath.length() == 0 ? "" : " ").append(Path.of(entry).toAbsolutePath().toUri());
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString());
        Path jar = dir.resolve("classpath.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    private static Path writeConfig(Path dir, int n, Duration schedule, StandInCanary canary, FakePagerDuty pd, Storage storage)
            throws IOException {
        String every = dev.shipwatch.config.Durations.format(schedule);
        String timeout = dev.shipwatch.config.Durations.format(schedule.dividedBy(3).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30) : schedule.dividedBy(3));
        String ok = "echo http://127.0.0.1:" + canary.port() + "/n/$CANARY_NONCE/";
        StringBuilder yaml = new StringBuilder("""
                server: { host: 127.0.0.1, port: 0 }
                storage: { url: "%s" }
                defaults:
                  schedule: %s
                  requests: 5
                  timeouts: { build: %s, deploy: %s, cold-start: %s, request: 5s, teardown: %s }
                alerting:
                  pagerduty: { routing-key: "R0UT1NGKEY0123456789abcdef012345", events-url: "%s" }
                  policy: { failures: 1, window: 1, recover-after: 1 }
                targets:
                """.formatted(storage.url(), every, timeout, timeout, timeout, timeout, pd.baseUrl()));
        for (int i = 0; i < n; i++) {
            yaml.append("  - { name: t").append(i).append(", canary: { path: \"").append(dir).append("\" }, platform: { type: command, deploy: '")
                    .append(ok).append("', url: last-line, teardown: 'true' } }\n");
        }
        // Targets that fail every other run, on a schedule of their own (FLAP): a trigger
        // every two of its runs, so that alert latency has samples whatever the main schedule.
        long periodSeconds = FLAP.toSeconds();
        for (int i = 0; i < FLAPPING; i++) {
            yaml.append("  - { name: flap").append(i).append(", schedule: ").append(dev.shipwatch.config.Durations.format(FLAP))
                    .append(", timeouts: { build: 5s, deploy: 5s, cold-start: 5s, request: 5s, teardown: 5s }")
                    .append(", canary: { path: \"").append(dir).append("\" }, platform: { type: command, deploy: '")
                    .append("if [ $(( $(date +%s) / ").append(periodSeconds).append(" % 2 )) = 1 ]; then exit 1; fi; ").append(ok)
                    .append("', url: last-line, teardown: 'true' } }\n");
        }
        Path config = dir.resolve("scale.yml");
        Files.writeString(config, yaml);
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} %msg%n</pattern></encoder>
                  </appender>
                  <logger name="dev.shipwatch.app.RunCommand" level="INFO"/>
                  <logger name="dev.shipwatch.alerting" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        return config;
    }

    private static int awaitPort(Process monitor, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            Matcher m = UP.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (monitor.waitFor(100, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the monitor exited: " + Files.readString(log));
            }
        }
        throw new IllegalStateException("the monitor did not come up within 10 minutes");
    }

    /** Polls 20 sampled component pages every 100 ms: lag = first seen − the run's finish; samples RSS every second. */
    private static Thread sampler(HttpClient http, String base, int n, List<Double> lags, AtomicLong rssKb, long pid) {
        return new Thread(() -> {
            Random random = new Random(7);
            List<String> sample = new ArrayList<>();
            for (int i = 0; i < Math.min(20, n); i++) {
                sample.add("t" + random.nextInt(n));
            }
            Map<String, String> seen = new TreeMap<>();
            Map<String, String> etags = new TreeMap<>();
            long nextRss = 0;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    for (String id : sample) {
                        // Conditional, as a browser's reload is: an unchanged page costs the monitor a 304.
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/components/" + id))
                                .timeout(Duration.ofSeconds(30));
                        String etag = etags.get(id);
                        if (etag != null) {
                            request.header("If-None-Match", etag);
                        }
                        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 304) {
                            continue;
                        }
                        response.headers().firstValue("ETag").ifPresent(e -> etags.put(id, e));
                        String html = response.body();
                        Matcher m = CHECKED.matcher(html);
                        // "" while the target has not run: its first run counts too (with a
                        // schedule longer than the warm-up, most sampled targets run only once)
                        String checked = m.find() ? m.group(1) : "";
                        String was = seen.put(id, checked);
                        if (was != null && !was.equals(checked) && !checked.isEmpty()) {
                            lags.add((double) (System.currentTimeMillis() - Instant.parse(checked).toEpochMilli()));
                        }
                    }
                    if (System.currentTimeMillis() >= nextRss) {
                        rssKb.accumulateAndGet(rssKb(pid), Math::max);
                        nextRss = System.currentTimeMillis() + 1000;
                    }
                    TimeUnit.MILLISECONDS.sleep(100); // the poll's pace
                }
            } catch (InterruptedException done) {
                // measured
            } catch (IOException e) {
                System.err.println("sampler stopped: " + e);
            }
        }, "sampler");
    }

    /** Reads /metrics every {@code every} (as Prometheus scrapes it; its default interval is 1 m): bytes and ms of each scrape. */
    private static Thread scraper(HttpClient http, String base, Duration every, List<double[]> scrapes) {
        return new Thread(() -> {
            try {
                while (!every.isZero()) {
                    TimeUnit.MILLISECONDS.sleep(every.toMillis()); // the scrape interval
                    long t0 = System.nanoTime();
                    byte[] body = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofByteArray()).body();
                    scrapes.add(new double[] {body.length, (System.nanoTime() - t0) / 1e6});
                }
            } catch (InterruptedException done) {
                // measured
            } catch (IOException e) {
                System.err.println("scraper stopped: " + e);
            }
        }, "scraper");
    }

    /** Trigger received − the run's finish, for each trigger the fake got (the runs read after the monitor stopped). */
    private static List<Double> alertLatencies(FakePagerDuty pd, Storage storage) {
        long wallNow = System.currentTimeMillis();
        long nanoNow = System.nanoTime();
        List<Double> out = new ArrayList<>();
        try (Database db = Database.open(storage)) {
            for (FakePagerDuty.Received r : pd.ingested()) {
                JsonNode runId = r.json().path("payload").path("custom_details").path("run_id");
                if (!"trigger".equals(r.action()) || runId.isMissingNode()) {
                    continue;
                }
                Optional<ProbeRun> run = db.runs().find(runId.asText());
                if (run.isPresent() && run.get().finishedAt() != null) {
                    double receivedAt = wallNow - (nanoNow - r.atNanos()) / 1e6;
                    out.add(receivedAt - run.get().finishedAt().toEpochMilli());
                }
            }
        }
        return out;
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double sum(Pattern p, String text) {
        double s = 0;
        Matcher m = p.matcher(text);
        while (m.find()) {
            s += Double.parseDouble(m.group(1));
        }
        return s;
    }

    /** A histogram's cumulative buckets (le → count) in {@code after} minus {@code before}. */
    private static Map<Double, Double> delta(Pattern p, String before, String after) {
        Map<Double, Double> b = buckets(p, before);
        Map<Double, Double> a = buckets(p, after);
        Map<Double, Double> d = new TreeMap<>();
        a.forEach((le, count) -> d.put(le, count - b.getOrDefault(le, 0.0)));
        return d;
    }

    private static Map<Double, Double> buckets(Pattern p, String text) {
        Map<Double, Double> out = new TreeMap<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            out.merge(le, Double.parseDouble(m.group(2)), Double::sum);
        }
        return out;
    }

    /** The bucket bound at or below which a fraction {@code q} of the observations fall (an upper bound of the quantile). */
    private static double quantile(Map<Double, Double> cumulative, double q) {
        if (cumulative.isEmpty()) {
            return Double.NaN;
        }
        double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= q * total) {
                return e.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double fractionWithin(Map<Double, Double> cumulative, double le) {
        double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        return total == 0 ? Double.NaN : cumulative.getOrDefault(le, 0.0) / total;
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s;
    }

    private static double pick(List<Double> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** A thread's name (as /proc gives it: 15 characters) and its CPU so far. */
    private record ThreadCpu(String name, long nanos) {}

    /** CPU of each live thread of the process, by thread id (from /proc/PID/task/TID/stat). */
    private static Map<String, ThreadCpu> threadCpuNanos(long pid) throws IOException {
        Map<String, ThreadCpu> out = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    out.put(task.getFileName().toString(), new ThreadCpu(name, statCpuNanos(stat)));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return out;
    }

    /** ms of CPU a run by {@link #PARTS}, "other" holding the rest of the process's (threads unnamed here or ended). */
    private static Map<String, Double> byPart(Map<String, ThreadCpu> before, Map<String, ThreadCpu> after, long processNanos,
                                              long runs) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        PARTS.keySet().forEach(k -> out.put(k, 0.0));
        long named = 0;
        for (Map.Entry<String, ThreadCpu> t : after.entrySet()) {
            ThreadCpu was = before.get(t.getKey());
            long delta = t.getValue().nanos() - (was == null ? 0 : was.nanos());
            String name = t.getValue().name();
            for (Map.Entry<String, Pattern> part : PARTS.entrySet()) {
                if (part.getValue().matcher(name).find()) {
                    out.merge(part.getKey(), delta / 1e6 / Math.max(1, runs), Double::sum);
                    named += delta;
                    break;
                }
            }
        }
        out.put("other", (processNanos - named) / 1e6 / Math.max(1, runs));
        return out;
    }

    /** User + system CPU of the process itself (its children not counted), from /proc. */
    private static long cpuNanos(long pid) throws IOException {
        return statCpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** utime + stime of a /proc {@code stat} line (a process's or a thread's). */
    private static long statCpuNanos(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        return ticks * 10_000_000L; // USER_HZ = 100
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return 0;
    }
}
