package dev.shipwatch.prober.platform.container;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code platform:} settings of a {@code container} target.
 *
 * @param host          the engine's API: {@code unix:///path.sock} or {@code tcp://host:port}
 * @param bind          the host address the canary's port is published on
 * @param memoryBytes   the container's memory limit, or null for none
 * @param memory        the limit as written (for messages), or null
 * @param registry      where the image is pushed after the build (e.g. {@code registry.example.com/team}), or null
 * @param containerPort the port the canary listens on inside the container (passed as {@code PORT})
 * @param runtime       the OCI runtime the engine runs the container with, by the name the engine
 *                      knows it ({@code runc}, {@code runsc}); null for the engine's default
 */
record ContainerSettings(String host, String bind, Long memoryBytes, String memory, String registry, int containerPort,
                         String runtime) {
    static final String FALLBACK_HOST = "unix:///run/podman/podman.sock";
    static final List<String> KEYS = List.of("host", "bind", "memory", "registry", "container-port", "runtime");
    /** What engines accept as a runtime name (Docker: {@code --add-runtime NAME=…}; Podman: a key of {@code [engine.runtimes]}). */
    private static final Pattern RUNTIME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** Docker refuses less than this (6 MiB). */
    static final long MIN_MEMORY = 6L * 1024 * 1024;
    private static final Pattern MEMORY = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern REGISTRY = Pattern.compile("[a-z0-9.-]+(:\\d+)?(/[a-z0-9._-]+)*");

    /** The default engine: {@code DOCKER_HOST} when set, else Podman's root socket. */
    static String defaultHost(Map<String, String> env) {
        String h = env.get("DOCKER_HOST");
        return h == null || h.isBlank() ? FALLBACK_HOST : h.strip();
    }

    static List<String> problems(Map<String, Object> settings) {
        var problems = new ArrayList<String>();
        new TreeSet<>(settings.keySet()).stream().filter(k -> !KEYS.contains(k))
                .forEach(k -> problems.add("unknown key \"" + k + "\" (known: " + String.join(", ", KEYS) + ")"));
        Object host = settings.get("host");
        if (host != null && hostProblem(String.valueOf(host)) != null) {
            problems.add("host: " + hostProblem(String.valueOf(host)));
        }
        Object bind = settings.get("bind");
        if (bind != null && !isIpLiteral(String.valueOf(bind))) {
            problems.add("bind: \"" + bind + "\" is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)");
        }
        Object memory = settings.get("memory");
        if (memory != null) {
            Long bytes = memoryBytes(String.valueOf(memory));
            if (bytes == null) {
                problems.add("memory: \"" + memory + "\" is not a size like 256m or 1g");
            } else if (bytes < MIN_MEMORY) {
                problems.add("memory: \"" + memory + "\" is below the engines' minimum of 6m");
            }
        }
        Object registry = settings.get("registry");
        if (registry != null && !REGISTRY.matcher(String.valueOf(registry)).matches()) {
            problems.add("registry: \"" + registry + "\" is not a registry path like registry.example.com/team");
        }
        Object port = settings.get("container-port");
        if (port != null && !(port instanceof Integer p && p >= 1 && p <= 65535)) {
            problems.add("container-port: " + port + " is not a port number (1-65535)");
        }
        Object runtime = settings.get("runtime");
        if (runtime != null && !(runtime instanceof String r && RUNTIME.matcher(r).matches())) {
            problems.add("runtime: \"" + runtime + "\" is not a runtime name like runc or runsc (letters, digits, '.', '_', '-')");
        }
        return problems;
    }

    static ContainerSettings of(Map<String, Object> settings, Map<String, String> env) {
        List<String> problems = problems(settings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid container platform settings: " + String.join("; ", problems));
        }
        String memory = settings.containsKey("memory") ? String.valueOf(settings.get("memory")) : null;
        return new ContainerSettings(
                settings.containsKey("host") ? String.valueOf(settings.get("host")) : defaultHost(env),
                settings.containsKey("bind") ? String.valueOf(settings.get("bind")) : "127.0.0.1",
                memory == null ? null : memoryBytes(memory), memory,
                settings.containsKey("registry") ? String.valueOf(settings.get("registry")) : null,
                settings.get("container-port") instanceof Integer p ? p : 8080,
                settings.containsKey("runtime") ? String.valueOf(settings.get("runtime")) : null);
    }

    /** Null when fine, else why not. */
    static String hostProblem(String host) {
        try {
            URI uri = new URI(host);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("unix") && uri.getPath() != null && !uri.getPath().isEmpty()) {
                return null;
            }
            if (scheme.equals("tcp") && uri.getHost() != null && uri.getPort() > 0) {
                return null;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return "\"" + host + "\" is not a unix:///path/to.sock or tcp://host:port URL";
    }

    static Long memoryBytes(String text) {
        Matcher m = MEMORY.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException tooBig) {
            return null;
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit.charAt(0)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return n > Long.MAX_VALUE / factor ? null : n * factor;
    }

    private static boolean isIpLiteral(String s) {
        if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!s.contains(":") || !s.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(s); // with a ':' this parses an IPv6 literal, never a name lookup
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
