package dev.shipwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The state of one parse: the environment to interpolate from and every problem found so far. */
final class Context {
    private static final int MAX_QUOTED = 120;

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Context(Map<String, String> env) {
        this.env = env;
    }

    Map<String, String> env() {
        return env;
    }

    /** Records {@code path: message}. */
    void add(String path, String message) {
        problems.add((path.isEmpty() ? "top level" : path) + ": " + message);
    }

    /** Records a problem already phrased with its path. */
    void addLine(String line) {
        problems.add(line);
    }

    int count() {
        return problems.size();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** A value as messages quote it; very long values are cut so one bad line cannot flood the report. */
    static String quote(String value) {
        String v = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "…" : value;
        return '"' + ControlCharacters.visible(v.replace("\\", "\\\\").replace("\"", "\\\"")) + '"';
    }

    /** What a node is, for "... is not a mapping" style messages. */
    static String describe(JsonNode node) {
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        return quote(node.asText());
    }
}
