package dev.shipwatch.config;

import java.util.List;

/**
 * Every problem found in a config file, each as {@code path: message} quoting the bad value;
 * control characters anywhere in them (a key, a file name) are shown as escapes.
 */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("invalid config " + ControlCharacters.visible(source) + ":\n  "
                + String.join("\n  ", problems.stream().map(ControlCharacters::visible).toList()));
        this.problems = problems.stream().map(ControlCharacters::visible).toList();
    }

    public List<String> problems() {
        return problems;
    }
}
