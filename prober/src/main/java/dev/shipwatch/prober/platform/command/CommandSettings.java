package dev.shipwatch.prober.platform.command;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code platform:} settings of a {@code command} target.
 *
 * @param build    optional shell step; null when the platform builds as part of the deploy
 * @param url      null for {@code last-line}, else a pattern with exactly one capture group
 * @param env      extra environment of every step; every value is treated as a secret
 */
record CommandSettings(String build, String deploy, Pattern url, String teardown, Map<String, String> env) {
    static final String LAST_LINE = "last-line";
    static final List<String> KEYS = List.of("build", "deploy", "url", "teardown", "env");
    /** Set by the platform for every step; {@code env} may not override them. */
    static final Set<String> RUN_VARIABLES = Set.of("SHIPWATCH_RUN_ID", "SHIPWATCH_TARGET", "SHIPWATCH_RUN_DIR",
            "SHIPWATCH_CANARY_PATH", "SHIPWATCH_ARTIFACT", "SHIPWATCH_URL",
            "CANARY_NONCE", "CANARY_TOKEN", "CANARY_OUTBOUND_URL", "CANARY_OUTBOUND_CA");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Every problem in {@code settings}, phrased relative to the platform block. */
    static List<String> problems(Map<String, Object> settings) {
        var problems = new ArrayList<String>();
        new TreeSet<>(settings.keySet()).stream().filter(k -> !KEYS.contains(k))
                .forEach(k -> problems.add("unknown key \"" + k + "\" (known: " + String.join(", ", KEYS) + ")"));
        step(settings, "build", false, problems);
        step(settings, "deploy", true, problems);
        step(settings, "teardown", true, problems);
        Object url = settings.get("url");
        if (url == null) {
            problems.add("url: missing (\"" + LAST_LINE + "\", or a regular expression with one group that finds the canary URL in the deploy step's stdout)");
        } else if (!(url instanceof String s) || s.isBlank()) {
            problems.add("url: " + quote(url) + " must be \"" + LAST_LINE + "\" or a regular expression");
        } else if (!s.equals(LAST_LINE)) {
            try {
                int groups = Pattern.compile(s).matcher("").groupCount();
                if (groups != 1) {
                    problems.add("url: " + quote(s) + " has " + groups + " capture groups; it needs exactly one, around the URL"
                            + " (use (?:…) for the others)");
                }
            } catch (PatternSyntaxException e) {
                problems.add("url: " + quote(s) + " is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        Object env = settings.get("env");
        if (env != null) {
            if (!(env instanceof Map<?, ?> map)) {
                problems.add("env: must be a mapping of variable names to values"); // the value may be a secret: not quoted
            } else {
                map.forEach((k, v) -> {
                    String name = String.valueOf(k);
                    if (!ENV_NAME.matcher(name).matches()) {
                        problems.add("env." + name + ": not a valid environment variable name");
                    } else if (RUN_VARIABLES.contains(name)) {
                        problems.add("env." + name + ": set by Shipwatch for every step; choose another name");
                    }
                    if (v instanceof Map || v instanceof List) {
                        problems.add("env." + name + ": must be a single value, not a mapping or a list");
                    }
                });
            }
        }
        return problems;
    }

    /** Settings that passed {@link #problems}. */
    static CommandSettings of(Map<String, Object> settings) {
        List<String> problems = problems(settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid command platform settings: " + String.join("; ", problems));
        }
        String url = (String) settings.get("url");
        var env = new LinkedHashMap<String, String>();
        if (settings.get("env") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        }
        return new CommandSettings((String) settings.get("build"), (String) settings.get("deploy"),
                url.equals(LAST_LINE) ? null : Pattern.compile(url), (String) settings.get("teardown"), Map.copyOf(env));
    }

    /** The canary URL in the deploy step's stdout: the last non-blank line, or the group of the pattern's last match. */
    Optional<URI> canaryUrl(String stdout) {
        String found = null;
        if (url == null) {
            List<String> lines = stdout.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            found = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        } else {
            Matcher m = url.matcher(stdout);
            while (m.find()) {
                found = m.group(1);
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(found.strip());
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    String urlDescription() {
        return url == null ? "url: " + LAST_LINE : "url: " + url.pattern();
    }

    private static void step(Map<String, Object> settings, String key, boolean required, List<String> problems) {
        Object v = settings.get(key);
        if (v == null) {
            if (required) {
                problems.add(key + ": missing (a shell command)");
            }
        } else if (!(v instanceof String s) || s.isBlank()) {
            problems.add(key + ": " + quote(v) + " must be a shell command (a non-empty string)");
        }
    }

    private static String quote(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
