package dev.shipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import dev.shipwatch.alerting.FakePagerDuty;
import dev.shipwatch.alerting.PagerDutySender;
import dev.shipwatch.alerting.PagerEvent;
import dev.shipwatch.alerting.SendResult;
import dev.shipwatch.config.ConfigLoader;
import dev.shipwatch.config.LoadedConfig;
import dev.shipwatch.config.PagerDutyConfig;
import dev.shipwatch.prober.platform.Platforms;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Secrets never reach a log at any level: logging is configured from the shipped
 * {@code logback.xml} with {@code SHIPWATCH_LOG_LEVEL} at DEBUG (or TRACE), the real sending path
 * runs against {@link FakePagerDuty}, and every event any logger produced is searched for the
 * routing key, the admin token and the database password.
 */
class SecretsInLogsTest {
    /** Random, so that no ordinary log text can contain them by chance. */
    private static final String ROUTING_KEY = UUID.randomUUID().toString().replace("-", "");
    private static final String ADMIN_TOKEN = "adm-" + UUID.randomUUID();
    private static final String DB_PASSWORD = "db-" + UUID.randomUUID();

    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @TempDir
    Path dir;

    /** The logging of the shipped jar: its logback.xml with the level the operator set. */
    private void logAsTheAppDoes(String level) throws JoranException {
        URL shipped = Main.class.getClassLoader().getResource("logback.xml");
        assertThat(shipped).as("the app's logback.xml").isNotNull();
        logging.reset();
        logging.putProperty("SHIPWATCH_LOG_LEVEL", level);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logging);
        configurator.doConfigure(shipped);
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.toLevel(level));
        events.setContext(logging);
        events.start();
        root.addAppender(events);
        // the capture sees what any appender would, at this level: a quiet path proves nothing otherwise
        LoggerFactory.getLogger(SecretsInLogsTest.class).debug("capturing at {}", level);
        assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("capturing at " + level);
    }

    @AfterEach
    void restoreTestLogging() throws JoranException {
        logging.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logging);
        configurator.doConfigure(Main.class.getClassLoader().getResource("logback-test.xml"));
    }

    @ParameterizedTest(name = "at {0}")
    @ValueSource(strings = {"DEBUG", "TRACE"})
    void theRoutingKeyIsInNoLogEventWhateverTheLevel(String level) throws Exception {
        logAsTheAppDoes(level);
        try (FakePagerDuty fake = new FakePagerDuty()) {
            PagerDutySender sender = new PagerDutySender(new PagerDutyConfig(true, ROUTING_KEY, fake.baseUrl(), 120));
            PagerEvent trigger = new PagerEvent(PagerEvent.TRIGGER, "shipwatch/api", new PagerEvent.Payload(
                    "api: deploy failed", "local", "critical", null, "api", "API", "deploy_failed", Map.of("run_id", "r1")),
                    List.of(new PagerEvent.Link("http://127.0.0.1/components/api", "API")), "Shipwatch", "http://127.0.0.1/");

            assertThat(sender.send(trigger)).extracting(SendResult::kind).isEqualTo(SendResult.Kind.ACCEPTED);
            fake.script(503);
            assertThat(sender.send(trigger)).extracting(SendResult::kind).isEqualTo(SendResult.Kind.RETRY);
            PagerEvent rejected = new PagerEvent(PagerEvent.RESOLVE, "x".repeat(300), null, null, "Shipwatch", null);
            assertThat(sender.send(rejected)).extracting(SendResult::kind).isEqualTo(SendResult.Kind.REJECTED);
            assertThat(sender.send(new PagerEvent(PagerEvent.RESOLVE, "shipwatch/api", null, null, "Shipwatch", null)))
                    .extracting(SendResult::kind).isEqualTo(SendResult.Kind.ACCEPTED);

            assertThat(fake.received()).as("the key went over the wire").allSatisfy(r -> assertThat(r.body()).contains(ROUTING_KEY));
        }
        assertNoSecretInAnyEvent(ROUTING_KEY);
    }

    @Test
    void aMonitorAtDebugLogsNeitherTheRoutingKeyNorTheAdminTokenNorTheDatabasePassword() throws Exception {
        logAsTheAppDoes("DEBUG");
        try (FakePagerDuty fake = new FakePagerDuty()) {
            fake.script(503); // the first send fails: its error path logs too
            Path config = TestMonitors.config(dir, TestMonitors.testCanary("never-healthy"), """
                    schedule: 4s
                    timeouts: { build: 3s, deploy: 3s, cold-start: 1s, teardown: 3s }
                    """);
            Files.writeString(config, Files.readString(config)
                    .replace("server: { host: 127.0.0.1, port: 0 }",
                            "server: { host: 127.0.0.1, port: 0, admin-token: \"${ADMIN_TOKEN}\" }")
                    .replaceFirst("storage: \\{ url: (\"[^\"]*\") }", "storage: { url: $1, user: sw, password: \"\\${DB_PASSWORD}\" }")
                    + """
                    alerting:
                      pagerduty: { routing-key: "${PD_KEY}", events-url: "%s" }
                      policy: { failures: 1, window: 1 }
                    """.formatted(fake.baseUrl()));
            assertThat(Files.readString(config)).contains("password: \"${DB_PASSWORD}\"");
            LoadedConfig loaded = new ConfigLoader(Platforms.builtIn(),
                    Map.of("PD_KEY", ROUTING_KEY, "ADMIN_TOKEN", ADMIN_TOKEN, "DB_PASSWORD", DB_PASSWORD), dir).loadAll(config);

            try (Monitor monitor = new Monitor(loaded.config(), loaded.statusPage(), loaded.alerting(), Platforms.builtIn(),
                    dir.resolve("data/runs"), "secrets-node", Clock.systemUTC())) {
                monitor.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> fake.ingested().size() >= 1);
                assertThat(fake.received().get(0).status()).isEqualTo(503);

                HttpClient http = HttpClient.newHttpClient();
                for (String token : List.of(ADMIN_TOKEN, ADMIN_TOKEN + "x")) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(monitor.pageUrl() + "api/admin/incidents"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Deploys fail\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(token.equals(ADMIN_TOKEN) ? 201 : 401);
                }
            }
        }
        assertThat(events.list).as("DEBUG lines were written").anySatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
        assertNoSecretInAnyEvent(ROUTING_KEY, ADMIN_TOKEN, DB_PASSWORD);
    }

    private void assertNoSecretInAnyEvent(String... secrets) {
        for (ILoggingEvent e : events.list) {
            String all = everything(e);
            for (String secret : secrets) {
                assertThat(all).as("%s %s: %s", e.getLevel(), e.getLoggerName(), e.getFormattedMessage()).doesNotContain(secret);
            }
        }
    }

    /** All an appender could write from an event: message, arguments, MDC and the whole exception chain. */
    private static String everything(ILoggingEvent e) {
        List<String> parts = new ArrayList<>(List.of(e.getLoggerName(), String.valueOf(e.getMessage()), e.getFormattedMessage()));
        if (e.getArgumentArray() != null) {
            parts.add(Arrays.deepToString(e.getArgumentArray()));
        }
        parts.add(String.valueOf(e.getMDCPropertyMap()));
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            parts.add(t.getClassName() + ": " + t.getMessage());
            for (IThrowableProxy s : t.getSuppressed()) {
                parts.add(s.getClassName() + ": " + s.getMessage());
            }
        }
        return String.join("\n", parts);
    }
}
