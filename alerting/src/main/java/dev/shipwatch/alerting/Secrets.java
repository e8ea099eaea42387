package dev.shipwatch.alerting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks secrets in text bound for a page: known values (the routing key, the admin token, the
 * database password, environment variables named like secrets) and anything written as
 * {@code token=…}, {@code X-Canary-Token: …}, {@code password: …}. A failure message can quote a
 * command line or a response; a page is read by many and kept for years.
 */
final class Secrets {
    private static final Pattern SECRET_NAME = Pattern.compile(".*(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|ROUTING_KEY|PRIVATE_KEY|CREDENTIAL).*");
    private static final Pattern ASSIGNED = Pattern.compile(
            "(?i)([\\w.-]*(?:token|secret|password|passwd|api[_-]?key|routing[_-]?key|credential)[\\w.-]*\"?\\s*[=:]\\s*\"?)[^\\s\"',;&]+");
    /** Shorter values would mask ordinary words. */
    private static final int MIN_LENGTH = 6;
    static final String MASK = "***";

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    /** @param known secret values; {@code env} entries whose names look secret are added */
    static Secrets of(Collection<String> known, Map<String, String> env) {
        List<String> values = new ArrayList<>();
        known.stream().filter(v -> v != null && v.length() >= MIN_LENGTH).forEach(values::add);
        env.forEach((name, value) -> {
            if (value != null && value.length() >= MIN_LENGTH && SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches()) {
                values.add(value);
            }
        });
        // longest first, so a secret containing another is masked whole
        values.sort(Comparator.comparingInt(String::length).reversed());
        return new Secrets(List.copyOf(values));
    }

    String clean(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return ASSIGNED.matcher(out).replaceAll("$1" + MASK);
    }
}
