package dev.shipwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Shipwatch YAML file into a {@link ShipwatchConfig}: interpolates {@code ${VAR}} from
 * the given environment, merges defaults into every target, and validates everything, throwing
 * one {@link ConfigException} that lists every problem as {@code path: message}.
 *
 * <p>Each key's default sits beside its check, in the section method that reads it.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private static final Pattern TARGET_NAME = Pattern.compile("[a-z0-9-]+");
    /** A DNS label's limit: names end up in host names, container names and labels. */
    private static final int TARGET_NAME_MAX = 63;
    private static final int REQUESTS_MAX = 10_000;
    private static final int MAX_CONNECTIONS_LIMIT = 1_000_000;
    /**
     * The largest config file read (4 MiB): ten thousand targets of a few lines each take about
     * half of it, and YAML parsing of much larger files takes minutes and gigabytes before failing
     * on its own limits. The YAML parser's code-point limit is set to the same ({@link Yaml}).
     */
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private static final String[] ROOT_KEYS =
            {"site", "server", "storage", "scheduler", "node", "defaults", "targets", "alerting", "components", "groups", "status-page",
             "reports"};
    private static final String[] TARGET_KEYS =
            {"name", "component", "platform", "canary", "schedule", "cron", "requests", "timeouts", "slo", "locations", "quorum"};
    private static final String[] TIMEOUT_KEYS = {"build", "deploy", "cold-start", "request", "teardown"};
    private static final String[] SLO_KEYS =
            {"build", "deploy", "cold-start", "first-request", "request-p95", "fs-ops-per-s",
             "fs-open-read-per-s", "fs-stat-missing-per-s", "fs-create-fsync-per-s", "fs-list-per-s"};

    private static final String[] ALERTING_KEYS = {"pagerduty", "policy", "targets", "outbox-retention"};
    private static final String[] PAGERDUTY_KEYS = {"enabled", "routing-key", "events-url", "events-per-minute"};
    private static final String[] POLICY_KEYS =
            {"failures", "window", "recover-after", "failed-severity", "degraded-severity", "page-on-degraded",
             "page-on-regression", "page-on-single-location"};
    private static final int ALERT_WINDOW_MAX = 100;
    /** PagerDuty integration (routing) keys are 32 characters. */
    private static final int ROUTING_KEY_LENGTH = 32;

    private static final Timeouts BUILT_IN_TIMEOUTS = new Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(2),
            Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(1));
    /**
     * A built-in timeout that does not fit a target's schedule is cut to this share of the
     * interval (tenths): the user never wrote it, so it must not be what makes a config invalid.
     */
    private static final int BUILT_IN_SHARE_TENTHS = 9;

    private final PlatformCatalog platforms;
    private final Map<String, String> env;
    private final Path workingDir;

    /**
     * @param platforms  the known platform types and their settings checks
     * @param env        the variables {@code ${VAR}} reads, usually {@code System.getenv()}
     * @param workingDir where relative paths in the file (canary.path) resolve
     */
    public ConfigLoader(PlatformCatalog platforms, Map<String, String> env, Path workingDir) {
        this.platforms = Objects.requireNonNull(platforms, "platforms");
        this.env = Map.copyOf(env);
        this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    /** Reads and validates {@code file}; messages name it as given. */
    public ShipwatchConfig load(Path file) throws ConfigException {
        return loadAll(file).config();
    }

    /** Like {@link #load} and also returns the other sections (status page, alerting, reports). */
    public LoadedConfig loadAll(Path file) throws ConfigException {
        return parseAll(read(file), file.toString());
    }

    /**
     * Reads and validates the whole of {@code file} (as {@link #load} does) and returns its
     * {@code alerting} section.
     */
    public AlertingConfig loadAlerting(Path file) throws ConfigException {
        return loadAll(file).alerting();
    }

    /** Reads and validates {@code file} (all of it) and returns its SLA report settings. */
    public ReportConfig loadReports(Path file) throws ConfigException {
        return loadAll(file).reports();
    }

    private static String read(Path file) throws ConfigException {
        String source = file.toString();
        if (!Files.exists(file)) {
            throw new ConfigException(source, List.of("config file " + Context.quote(source) + " not found"));
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(source, List.of("config file " + Context.quote(source) + " is not a file"));
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(source, List.of("config file " + Context.quote(source) + " is " + size
                        + " bytes, more than the " + MAX_FILE_BYTES + " (4 MiB) a config file may have"));
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, List.of("config file " + Context.quote(source) + " is not UTF-8 text"));
        } catch (IOException e) {
            throw new ConfigException(source, List.of("config file " + Context.quote(source) + " cannot be read (" + e + ")"));
        }
    }

    /** Parses and validates YAML text; {@code sourceName} names it in the exception. */
    public ShipwatchConfig parse(String yaml, String sourceName) throws ConfigException {
        return parseAll(yaml, sourceName).config();
    }

    /** Parses and validates YAML text (all of it) and returns its {@code alerting} section. */
    public AlertingConfig parseAlerting(String yaml, String sourceName) throws ConfigException {
        return parseAll(yaml, sourceName).alerting();
    }

    /** Parses and validates YAML text (all of it) and returns its SLA report settings. */
    public ReportConfig parseReports(String yaml, String sourceName) throws ConfigException {
        return parseAll(yaml, sourceName).reports();
    }

    /** Like {@link #parse} and also returns the other sections (status page, alerting, reports). */
    public LoadedConfig parseAll(String yaml, String sourceName) throws ConfigException {
        if (yaml.length() > MAX_FILE_BYTES) {
            // a string of N characters is at least N bytes of UTF-8: never looser than the file limit
            throw new ConfigException(sourceName, List.of("config text " + Context.quote(sourceName) + " is " + yaml.length()
                    + " characters, more than the " + MAX_FILE_BYTES + " (4 MiB) a config file may have"));
        }
        List<String> syntax = new ArrayList<>();
        JsonNode tree = Yaml.read(yaml, syntax);
        if (tree == null) {
            throw new ConfigException(sourceName, syntax);
        }
        Context ctx = new Context(env);
        Block root = Block.of(ctx, "", tree).known(ROOT_KEYS);
        if (!root.isMapping()) {
            throw new ConfigException(sourceName, ctx.problems());
        }
        Site site = site(root.block("site").known("name", "url", "time-zone"));
        Server server = server(root.block("server").known("host", "port", "admin-token", "max-connections", "header-timeout",
                "idle-timeout"));
        Storage storage = storage(root.block("storage").known("url", "user", "password"));
        Scheduling scheduling = SchedulerSection.read(root);
        Node node = node(root.block("node").known("location"), ctx);
        DefaultsRead defaults = defaults(root.block("defaults").known("schedule", "cron", "requests", "timeouts", "slo",
                "locations", "quorum"), site.timeZone());
        List<Target> targets = located(targets(root, defaults, site.timeZone()), defaults, root.block("defaults"));
        AlertingConfig alerting = alerting(root.block("alerting").known(ALERTING_KEYS), targets);
        StatusPageConfig statusPage = StatusPageSection.read(root, targets);
        ReportConfig reports = ReportSection.read(root, targets, statusPage);
        if (ctx.count() > 0) {
            throw new ConfigException(sourceName, ctx.problems());
        }
        LOG.debug("Config {}: {} targets, {} components", sourceName, targets.size(), statusPage.components().size());
        return new LoadedConfig(new ShipwatchConfig(site, server, storage, scheduling, defaults.defaults(), targets, node), statusPage,
                alerting, reports);
    }

    private static Site site(Block b) {
        String name = b.string("name").orElse("Shipwatch");
        if (name.isBlank()) {
            b.problem("name", "must not be empty");
        }
        String url = b.string("url").orElse("http://localhost:8080");
        if (!isHttpUrl(url)) {
            b.problem("url", Context.quote(url) + " is not an http:// or https:// URL");
        }
        ZoneId zone = ZoneId.of("UTC");
        Optional<String> zoneText = b.string("time-zone");
        if (zoneText.isPresent()) {
            // IANA region ids only: ZoneId.of would also take offsets like "+02:00", which have no DST rules
            if (ZoneId.getAvailableZoneIds().contains(zoneText.get())) {
                zone = ZoneId.of(zoneText.get());
            } else {
                b.problem("time-zone", Context.quote(zoneText.get()) + " is not an IANA time zone");
            }
        }
        return new Site(name, url, zone);
    }

    private static Server server(Block b) {
        String host = b.string("host").orElse("127.0.0.1");
        if (host.isBlank()) {
            b.problem("host", "must not be empty");
        }
        int port = b.whole("port", 0, 65_535, "is not a port (0-65535)").orElse(8080);
        // empty means no admin routes at all
        Optional<Block.Scalar> token = b.scalar("admin-token", "a string");
        if (token.isPresent() && token.get().value().chars().anyMatch(Character::isWhitespace)) {
            // usually a trailing newline from a secrets file; the bearer header would never match
            b.problem("admin-token", Context.quote(token.get().shown()) + " contains whitespace");
        }
        int maxConnections = b.whole("max-connections", 1, MAX_CONNECTIONS_LIMIT, "is not between 1 and " + MAX_CONNECTIONS_LIMIT)
                .orElse(Server.DEFAULT_MAX_CONNECTIONS);
        Duration header = b.duration("header-timeout").orElse(Server.DEFAULT_HEADER_TIMEOUT);
        Duration idle = b.duration("idle-timeout").orElse(Server.DEFAULT_IDLE_TIMEOUT);
        return new Server(host, port, token.map(Block.Scalar::value).orElse(""), maxConnections, header, idle);
    }

    private static Storage storage(Block b) {
        String url = b.string("url").orElse("jdbc:h2:file:./data/shipwatch");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            b.problem("url", Context.quote(url) + " is not an H2 or PostgreSQL JDBC URL (jdbc:h2:... or jdbc:postgresql:...)");
        }
        return new Storage(url, b.string("user").orElse(""), b.string("password").orElse(""));
    }

    /** The {@code defaults} section, and which of its timeout keys the file wrote (the rest are built in). */
    private record DefaultsRead(Defaults defaults, Set<String> writtenTimeouts) {}

    private static DefaultsRead defaults(Block b, ZoneId zone) {
        Schedule schedule = schedule(b, zone).orElse(Schedule.every(Duration.ofMinutes(5)));
        int requests = requests(b).orElse(20);
        Block written = b.block("timeouts").known(TIMEOUT_KEYS);
        Timeouts timeouts = timeouts(written, BUILT_IN_TIMEOUTS);
        Slo slo = slo(b.block("slo").known(SLO_KEYS), Slo.NONE);
        List<String> locations = locationList(b).orElse(List.of());
        Integer quorum = quorum(b).orElse(null);
        return new DefaultsRead(new Defaults(schedule, requests, timeouts, slo, locations, quorum), writtenKeys(written));
    }

    private static Set<String> writtenKeys(Block timeouts) {
        Set<String> keys = new LinkedHashSet<>();
        for (String key : TIMEOUT_KEYS) {
            if (timeouts.has(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static Optional<Integer> requests(Block b) {
        return b.whole("requests", 1, REQUESTS_MAX, "is not between 1 and " + REQUESTS_MAX);
    }

    /** {@code schedule} or {@code cron}; empty when neither is set or the one set is bad. */
    private static Optional<Schedule> schedule(Block b, ZoneId zone) {
        if (b.has("schedule") && b.has("cron")) {
            b.problem("schedule and cron", "set one, not both");
            return Optional.empty();
        }
        if (b.has("cron")) {
            return b.string("cron").flatMap(cron -> {
                Optional<String> problem = Crons.problem(cron, zone);
                problem.ifPresent(p -> b.problem("cron", p));
                return problem.isPresent() ? Optional.empty() : Optional.of(Schedule.cron(cron));
            });
        }
        return b.duration("schedule").map(Schedule::every);
    }

    /** Each key set in {@code b} replaces the same key of {@code base}. */
    private static Timeouts timeouts(Block b, Timeouts base) {
        return new Timeouts(
                b.duration("build").orElse(base.build()),
                b.duration("deploy").orElse(base.deploy()),
                b.duration("cold-start").orElse(base.coldStart()),
                b.duration("request").orElse(base.request()),
                b.duration("teardown").orElse(base.teardown()));
    }

    private static Slo slo(Block b, Slo base) {
        return new Slo(
                b.duration("build").orElse(base.build()),
                b.duration("deploy").orElse(base.deploy()),
                b.duration("cold-start").orElse(base.coldStart()),
                b.duration("first-request").orElse(base.firstRequest()),
                b.duration("request-p95").orElse(base.requestP95()),
                b.positive("fs-ops-per-s").orElse(base.fsOpsPerS()),
                b.positive("fs-open-read-per-s").orElse(base.fsOpenReadPerS()),
                b.positive("fs-stat-missing-per-s").orElse(base.fsStatMissingPerS()),
                b.positive("fs-create-fsync-per-s").orElse(base.fsCreateFsyncPerS()),
                b.positive("fs-list-per-s").orElse(base.fsListPerS()));
    }

    /** A target's name as read in the first pass, and the label its paths use. */
    private record Name(String value, String label, List<String> problems) {}

    private List<Target> targets(Block root, DefaultsRead defaults, ZoneId zone) {
        Context ctx = root.context();
        JsonNode list = root.get("targets");
        if (list == null || list.isNull() || (list.isArray() && list.isEmpty())) {
            ctx.add("targets", "at least one target is required");
            return List.of();
        }
        if (!list.isArray()) {
            ctx.add("targets", Context.describe(list) + " is not a list");
            return List.of();
        }
        List<Name> names = names(list);
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Name name = names.get(i);
            name.problems().forEach(ctx::addLine);
            JsonNode item = list.get(i);
            if (item.isNull()) {
                ctx.add("targets[" + i + "]", "is empty (a target needs at least a name and a platform)");
                continue;
            }
            Block t = Block.of(ctx, "targets[" + name.label() + "]", item).known(TARGET_KEYS);
            if (t.isMapping()) {
                targets.add(target(t, name.value(), defaults, zone));
            }
        }
        return targets;
    }

    /**
     * First pass: every target's name, so that a target is addressed by name only when that
     * name is valid and unique (else by index), and a duplicate can name the first holder.
     */
    private List<Name> names(JsonNode list) {
        List<Name> names = new ArrayList<>();
        Map<String, Integer> firstHolder = new HashMap<>();
        Map<String, Integer> holders = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "targets[" + i + "]";
            Context scratch = new Context(env); // held back so problems come out in target order
            JsonNode item = list.get(i);
            // a non-mapping item is reported in the second pass
            Block b = Block.of(scratch, at, item.isObject() ? item : null);
            Optional<String> value = b.string("name");
            if (item.isObject() && !b.has("name")) {
                scratch.add(at + ".name", "missing");
            } else if (value.isPresent() && !TARGET_NAME.matcher(value.get()).matches()) {
                scratch.add(at + ".name", Context.quote(value.get()) + " must match [a-z0-9-]+");
                value = Optional.empty();
            } else if (value.isPresent() && value.get().length() > TARGET_NAME_MAX) {
                scratch.add(at + ".name", Context.quote(value.get()) + " is longer than " + TARGET_NAME_MAX + " characters");
                value = Optional.empty();
            } else if (value.isPresent()) {
                Integer first = firstHolder.putIfAbsent(value.get(), i);
                if (first != null) {
                    scratch.add(at + ".name", Context.quote(value.get()) + " is used by targets[" + first + "] too");
                }
                holders.merge(value.get(), 1, Integer::sum);
            }
            names.add(new Name(value.orElse(null), null, scratch.problems()));
        }
        List<Name> labelled = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Name n = names.get(i);
            boolean unique = n.value() != null && holders.get(n.value()) == 1;
            labelled.add(new Name(n.value(), unique ? n.value() : String.valueOf(i), n.problems()));
        }
        return labelled;
    }

    private Target target(Block t, String name, DefaultsRead read, ZoneId zone) {
        Defaults defaults = read.defaults();
        Context ctx = t.context();
        String component = t.string("component").orElse(name);
        if (component != null && component.isBlank()) {
            t.problem("component", "must not be empty");
        }
        PlatformSpec platform = platform(t);
        CanarySpec canary = canary(t.block("canary").known("path", "outbound-url", "outbound-ca"));

        int before = ctx.count();
        Schedule schedule = schedule(t, zone).orElse(defaults.schedule());
        boolean scheduleOk = ctx.count() == before;
        int requests = requests(t).orElse(defaults.requests());
        Block written = t.block("timeouts").known(TIMEOUT_KEYS);
        Timeouts timeouts = timeouts(written, defaults.timeouts());
        Slo slo = slo(t.block("slo").known(SLO_KEYS), defaults.slo());
        if (scheduleOk) {
            timeouts = fitTimeouts(t, timeouts, writtenKeys(written), read.writtenTimeouts(), schedule, zone);
        }
        // Locations and quorum are settled by located(), once every target's own list is known.
        List<String> locations = locationList(t).orElse(null);
        int quorum = quorum(t).orElse(0);
        return new Target(name, component, platform, canary, schedule, requests, timeouts, slo,
                locations == null ? List.of(UNSET_LOCATIONS) : locations, quorum);
    }

    // --- locations -----------------------------------------------------------------------

    /** Marks a target that listed no locations until {@link #located} gives it its own (not a valid name). */
    private static final String UNSET_LOCATIONS = "?unset";

    /**
     * {@code SHIPWATCH_LOCATION} (each node's own, as {@code SHIPWATCH_NODE}), else
     * {@code node.location}, else {@code default}.
     */
    private static Node node(Block b, Context ctx) {
        String fromEnv = ctx.env().get("SHIPWATCH_LOCATION");
        if (fromEnv != null && !fromEnv.isBlank()) {
            locationProblem(fromEnv).ifPresent(p -> ctx.add("SHIPWATCH_LOCATION (environment)", Context.quote(fromEnv) + p));
            return new Node(fromEnv);
        }
        String location = b.string("location").orElse(Node.DEFAULT_LOCATION);
        locationProblem(location).ifPresent(p -> b.problem("location", Context.quote(location) + p));
        return new Node(location);
    }

    private static Optional<String> locationProblem(String location) {
        if (!Node.LOCATION.matcher(location).matches()) {
            return Optional.of(" must match [a-z0-9-]+");
        }
        if (location.length() > Node.LOCATION_MAX) {
            return Optional.of(" is longer than " + Node.LOCATION_MAX + " characters");
        }
        return Optional.empty();
    }

    /** {@code locations}: a non-empty list of distinct location names; empty when not set or bad. */
    private static Optional<List<String>> locationList(Block b) {
        JsonNode v = b.get("locations");
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            b.problem("locations", Context.describe(v) + " is not a list of locations");
            return Optional.empty();
        }
        if (v.isEmpty()) {
            b.problem("locations", "[] is empty: list at least one location, or leave the key out");
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String at = "locations[" + i + "]";
            if (!item.isTextual()) {
                b.problem(at, Context.describe(item) + " is not a location name");
                ok = false;
                continue;
            }
            String name = item.asText();
            Optional<String> problem = locationProblem(name);
            if (problem.isPresent()) {
                b.problem(at, Context.quote(name) + problem.get());
                ok = false;
            } else if (names.contains(name)) {
                b.problem(at, Context.quote(name) + " is listed twice");
                ok = false;
            } else {
                names.add(name);
            }
        }
        return ok ? Optional.of(List.copyOf(names)) : Optional.empty();
    }

    private static Optional<Integer> quorum(Block b) {
        return b.whole("quorum", 1, 1_000, "is not between 1 and 1000");
    }

    /**
     * Gives every target its locations and quorum. A target that lists none takes
     * {@code defaults.locations}, else every location any target lists; when no target lists
     * one, targets run anywhere, once per fire, as on a monitor that knows no locations. The
     * quorum defaults to a majority of the target's locations and must be between 1 and their
     * number.
     */
    private static List<Target> located(List<Target> read, DefaultsRead defaults, Block defaultsBlock) {
        Set<String> named = new LinkedHashSet<>(defaults.defaults().locations());
        for (Target t : read) {
            if (!t.locations().contains(UNSET_LOCATIONS)) {
                named.addAll(t.locations());
            }
        }
        List<String> fallback = defaults.defaults().locations().isEmpty() ? List.copyOf(named) : defaults.defaults().locations();
        Integer defaultQuorum = defaults.defaults().quorum();
        Context ctx = defaultsBlock.context();
        List<Target> located = new ArrayList<>();
        for (Target t : read) {
            List<String> locations = t.locations().contains(UNSET_LOCATIONS) ? fallback : t.locations();
            int places = Math.max(1, locations.size());
            int quorum;
            if (t.quorum() > 0) {
                quorum = t.quorum();
                if (quorum > places && t.name() != null) {
                    ctx.addLine("targets[" + t.name() + "].quorum (" + quorum + ") is more than the " + places
                            + " location(s) the target runs in");
                }
            } else if (defaultQuorum != null) {
                quorum = defaultQuorum;
                if (quorum > places && t.name() != null) {
                    ctx.addLine("defaults.quorum (" + quorum + ") is more than the " + places + " location(s) target "
                            + t.name() + " runs in");
                }
            } else {
                quorum = places / 2 + 1;
            }
            located.add(new Target(t.name(), t.component(), t.platform(), t.canary(), t.schedule(), t.requests(),
                    t.timeouts(), t.slo(), locations, Math.min(quorum, places)));
        }
        return located;
    }

    /**
     * A phase that may run as long as the schedule's interval would overlap the next run, so each
     * phase timeout must be shorter than the interval; for cron, than its shortest gap. Only what
     * the file wrote (on the target, or under {@code defaults.timeouts}) can be wrong: a built-in
     * value that does not fit is cut to {@value #BUILT_IN_SHARE_TENTHS}/10 of the interval, so
     * that one target with {@code schedule: 30s} and nothing else is a valid config. The request
     * timeout is not checked (it bounds each single request) but its built-in value is cut alike.
     */
    private static Timeouts fitTimeouts(Block t, Timeouts timeouts, Set<String> onTarget, Set<String> inDefaults,
                                        Schedule schedule, ZoneId zone) {
        Duration limit;
        String shown;
        if (schedule.isCron()) {
            Optional<Duration> gap = Crons.shortestGap(schedule.cron(), zone);
            if (gap.isEmpty()) {
                return timeouts;
            }
            limit = gap.get();
            shown = "cron " + Context.quote(schedule.cron()) + ", fires " + Durations.format(limit) + " apart";
        } else {
            limit = schedule.interval();
            shown = Durations.format(limit);
        }
        Duration cap = Duration.ofMillis(Math.max(1, limit.toMillis() * BUILT_IN_SHARE_TENTHS / 10));
        Map<String, Duration> fitted = new LinkedHashMap<>();
        fitted.put("build", timeouts.build());
        fitted.put("deploy", timeouts.deploy());
        fitted.put("cold-start", timeouts.coldStart());
        fitted.put("request", timeouts.request());
        fitted.put("teardown", timeouts.teardown());
        fitted.replaceAll((key, timeout) -> {
            if (timeout.compareTo(limit) < 0) {
                return timeout;
            }
            if (onTarget.contains(key) || inDefaults.contains(key)) {
                if (!key.equals("request")) {
                    String from = onTarget.contains(key) ? "" : ", from defaults.timeouts." + key;
                    t.context().addLine(t.path("timeouts." + key) + " (" + Durations.format(timeout) + from
                            + ") must be shorter than schedule (" + shown + ")");
                }
                return timeout;
            }
            return cap;
        });
        return new Timeouts(fitted.get("build"), fitted.get("deploy"), fitted.get("cold-start"), fitted.get("request"),
                fitted.get("teardown"));
    }

    private PlatformSpec platform(Block t) {
        Block p = t.block("platform");
        String type = p.string("type").orElse(null);
        if (!p.has("type") && (p.isMapping() || !t.has("platform"))) {
            p.problem("type", "missing");
        }
        Context ctx = t.context();
        int before = ctx.count();
        Map<String, Object> settings = new LinkedHashMap<>();
        JsonNode node = t.get("platform");
        if (p.isMapping()) {
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("type")) {
                    Object v = setting(ctx, p.path(e.getKey()), e.getValue());
                    if (v != null) {
                        settings.put(e.getKey(), v);
                    }
                }
            });
        }
        boolean settingsOk = ctx.count() == before;
        if (type != null) {
            if (!platforms.types().contains(type)) {
                p.problem("type", Context.quote(type) + " is not a known platform (known: "
                        + String.join(", ", new TreeSet<>(platforms.types())) + ")");
            } else if (settingsOk) {
                // half-interpolated settings would only draw misleading complaints
                platforms.validate(type, Collections.unmodifiableMap(settings))
                        .forEach(problem -> ctx.addLine(p.path() + "." + problem));
            }
        }
        return new PlatformSpec(type, settings);
    }

    /** A platform setting as plain Java values (String, Number, Boolean, List, Map), text interpolated. */
    private static Object setting(Context ctx, String path, JsonNode v) {
        if (v.isNull()) {
            ctx.add(path, "has no value (remove the key or give it one)");
            return null;
        }
        if (v.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> {
                Object child = setting(ctx, path + "." + e.getKey(), e.getValue());
                if (child != null) {
                    map.put(e.getKey(), child);
                }
            });
            return Collections.unmodifiableMap(map);
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                Object child = setting(ctx, path + "[" + i + "]", v.get(i));
                if (child != null) {
                    list.add(child);
                }
            }
            return List.copyOf(list);
        }
        if (v.isTextual()) {
            Interpolation.Result r = Interpolation.expand(v.asText(), ctx.env());
            r.problems().forEach(p -> ctx.add(path, p));
            return r.value();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        return v.asText();
    }

    private CanarySpec canary(Block b) {
        String written = b.string("path").orElse("canary/java");
        Path path = null;
        try {
            path = workingDir.resolve(written).toAbsolutePath().normalize();
            if (!Files.isDirectory(path)) {
                b.problem("path", Context.quote(path.toString()) + " is not a directory");
            }
        } catch (InvalidPathException e) {
            b.problem("path", Context.quote(written) + " is not a valid path");
        }
        String outbound = b.string("outbound-url").orElse(null);
        if (outbound != null && !isHttpUrl(outbound)) {
            b.problem("outbound-url", Context.quote(outbound) + " is not an http:// or https:// URL");
        }
        String ca = b.string("outbound-ca").map(file -> outboundCa(b, file)).orElse(null);
        if (ca != null && (outbound == null || !outbound.regionMatches(true, 0, "https:", 0, 6))) {
            b.problem("outbound-ca", "is only used for an https:// outbound-url (outbound-url: "
                    + (outbound == null ? "unset" : Context.quote(outbound)) + ")");
        }
        return new CanarySpec(path, outbound, ca);
    }

    /**
     * The PEM text of {@code canary.outbound-ca} (a file, relative to the working directory): it
     * reaches the canary as CANARY_OUTBOUND_CA, so it must hold certificates the canary can parse.
     */
    private String outboundCa(Block b, String written) {
        Path file;
        try {
            file = workingDir.resolve(written).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            b.problem("outbound-ca", Context.quote(written) + " is not a valid path");
            return null;
        }
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            b.problem("outbound-ca", Context.quote(file.toString()) + " cannot be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
        try (var in = new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
            if (!pem.contains("-----BEGIN CERTIFICATE-----") || java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(in).isEmpty()) {
                b.problem("outbound-ca", Context.quote(file.toString()) + " holds no PEM certificate");
                return null;
            }
        } catch (java.security.cert.CertificateException | IOException e) {
            b.problem("outbound-ca", Context.quote(file.toString()) + " holds no readable PEM certificate (" + e.getMessage() + ")");
            return null;
        }
        return pem;
    }

    // --- alerting ------------------------------------------------------------------------

    private static AlertingConfig alerting(Block b, List<Target> targets) {
        PagerDutyConfig pagerDuty = pagerDuty(b.block("pagerduty").known(PAGERDUTY_KEYS));
        AlertPolicy policy = policy(b.block("policy").known(POLICY_KEYS), AlertPolicy.DEFAULT);
        Map<String, AlertPolicy> overrides = new LinkedHashMap<>();
        Block perTarget = b.block("targets");
        if (perTarget.isMapping()) {
            List<String> names = targets.stream().map(Target::name).toList();
            b.get("targets").fieldNames().forEachRemaining(name -> {
                if (!names.contains(name)) {
                    perTarget.problem(name, "no target is named " + Context.quote(name)
                            + " (targets: " + String.join(", ", names) + ")");
                }
                overrides.put(name, policy(perTarget.block(name).known(POLICY_KEYS), policy));
            });
        }
        Duration retention = b.duration("outbox-retention").orElse(AlertingConfig.DEFAULT_OUTBOX_RETENTION);
        return new AlertingConfig(pagerDuty, policy, overrides, retention);
    }

    private static PagerDutyConfig pagerDuty(Block b) {
        boolean enabled = bool(b, "enabled").orElse(true);
        // From the environment: routing-key: "${PAGERDUTY_ROUTING_KEY:-}"; empty means paging is off.
        Optional<Block.Scalar> key = b.scalar("routing-key", "a string");
        String routingKey = key.map(Block.Scalar::value).orElse("");
        if (!routingKey.isEmpty() && (routingKey.length() != ROUTING_KEY_LENGTH
                || routingKey.chars().anyMatch(Character::isWhitespace))) {
            b.problem("routing-key", Context.quote(key.get().shown()) + " is not a PagerDuty routing key ("
                    + ROUTING_KEY_LENGTH + " characters, no spaces)");
        }
        String url = b.string("events-url").orElse(PagerDutyConfig.DEFAULT_EVENTS_URL);
        if (!isHttpUrl(url)) {
            b.problem("events-url", Context.quote(url) + " is not an http:// or https:// URL");
        }
        int perMinute = b.whole("events-per-minute", 1, 1000, "is not between 1 and 1000").orElse(120);
        return new PagerDutyConfig(enabled, routingKey, url, perMinute);
    }

    /** Each key set in {@code b} replaces the same key of {@code base}. */
    private static AlertPolicy policy(Block b, AlertPolicy base) {
        String window = "is not between 1 and " + ALERT_WINDOW_MAX;
        Optional<Integer> failuresSet = b.whole("failures", 1, ALERT_WINDOW_MAX, window);
        Optional<Integer> windowSet = b.whole("window", 1, ALERT_WINDOW_MAX, window);
        int failures = failuresSet.orElse(base.failures());
        int size = windowSet.orElse(base.window());
        if (failures > size && (failuresSet.isPresent() || windowSet.isPresent())) {
            b.context().addLine(b.path("failures") + " (" + failures + ") must not be more than window (" + size + ")");
        }
        int recoverAfter = b.whole("recover-after", 1, ALERT_WINDOW_MAX, window).orElse(base.recoverAfter());
        String failed = severity(b, "failed-severity").orElse(base.failedSeverity());
        String degraded = severity(b, "degraded-severity").orElse(base.degradedSeverity());
        boolean pageOnDegraded = bool(b, "page-on-degraded").orElse(base.pageOnDegraded());
        boolean pageOnRegression = bool(b, "page-on-regression").orElse(base.pageOnRegression());
        boolean pageOnSingleLocation = bool(b, "page-on-single-location").orElse(base.pageOnSingleLocation());
        return new AlertPolicy(failures, size, recoverAfter, failed, degraded, pageOnDegraded, pageOnRegression,
                pageOnSingleLocation);
    }

    private static Optional<String> severity(Block b, String key) {
        return b.string(key).flatMap(s -> {
            if (!AlertPolicy.SEVERITIES.contains(s)) {
                b.problem(key, Context.quote(s) + " is not a severity (" + String.join(", ", AlertPolicy.SEVERITIES) + ")");
                return Optional.empty();
            }
            return Optional.of(s);
        });
    }

    private static Optional<Boolean> bool(Block b, String key) {
        return b.scalar(key, "true or false").flatMap(s -> switch (s.value().trim()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                b.problem(key, Context.quote(s.shown()) + " is not true or false");
                yield Optional.empty();
            }
        });
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
