package dev.shipwatch.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A platform catalog that knows only {@code local}, whose settings may be java-home and jvm-args. */
final class LocalOnlyCatalog implements PlatformCatalog {
    private static final List<String> SETTINGS = List.of("java-home", "jvm-args");

    @Override
    public Set<String> types() {
        return Set.of("local");
    }

    @Override
    public List<String> validate(String type, Map<String, Object> settings) {
        return settings.keySet().stream()
                .filter(k -> !SETTINGS.contains(k))
                .sorted()
                .map(k -> k + ": unknown key (known: " + String.join(", ", SETTINGS) + ")")
                .toList();
    }
}
