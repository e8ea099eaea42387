package dev.shipwatch.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code reports} section (precision, objectives, per-target and per-component
 * objectives) and {@code status-page.reports} (who may read them).
 */
final class ReportSection {
    static final String[] KEYS = {"precision", "objectives", "targets", "components"};
    private static final int PRECISION_MAX = 6;

    private ReportSection() {}

    static ReportConfig read(Block root, List<Target> targets, StatusPageConfig statusPage) {
        ReportAccess access = root.block("status-page").string("reports").map(v -> {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (s.equals("public") || s.equals("admin")) {
                return ReportAccess.valueOf(s.toUpperCase(Locale.ROOT));
            }
            root.problem("status-page.reports", Context.quote(v) + " is not public or admin");
            return null;
        }).orElse(ReportAccess.ADMIN);
        Block b = root.block("reports").known(KEYS);
        int precision = b.whole("precision", 0, PRECISION_MAX, "is not between 0 and " + PRECISION_MAX)
                .orElse(ReportConfig.DEFAULT_PRECISION);
        Objectives defaults = objectives(b.block("objectives"));

        Map<String, Objectives> byTarget = new LinkedHashMap<>();
        Block t = b.block("targets");
        List<String> names = targets.stream().map(Target::name).toList();
        for (String name : keys(b.get("targets"))) {
            Objectives o = objectives(t.block(name));
            if (!names.contains(name)) {
                t.problem(name, "is not a target (targets: " + String.join(", ", names) + ")");
            } else {
                byTarget.put(name, o);
            }
        }

        // components by id or by name, as the components section lets a target name them
        Map<String, String> idOf = new HashMap<>();
        statusPage.components().forEach(c -> {
            idOf.put(c.id(), c.id());
            idOf.put(c.name(), c.id());
        });
        Map<String, Objectives> byComponent = new LinkedHashMap<>();
        Block c = b.block("components");
        for (String key : keys(b.get("components"))) {
            Objectives o = objectives(c.block(key));
            String id = idOf.get(key);
            if (id == null) {
                c.problem(key, "is not a component (components: "
                        + String.join(", ", statusPage.components().stream().map(ComponentSpec::id).toList()) + ")");
            } else if (byComponent.putIfAbsent(id, o) != null) {
                c.problem(key, "names component \"" + id + "\" a second time");
            }
        }
        return new ReportConfig(access == null ? ReportAccess.ADMIN : access, precision, defaults, byTarget, byComponent);
    }

    /** The keys of a mapping (a non-mapping is reported by {@link Block#of}). */
    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        if (node != null && node.isObject()) {
            node.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    /** {@code availability: 99.9} and latency keys such as {@code cold-start-p95: 5s}. */
    private static Objectives objectives(Block b) {
        List<String> known = new ArrayList<>();
        known.add("availability");
        known.addAll(Objectives.LATENCY_KEYS);
        b.known(known.toArray(String[]::new));
        Double availability = b.positive("availability").filter(a -> {
            if (a > 100) {
                b.problem("availability", a + " is more than 100 (it is a percentage, e.g. 99.9)");
                return false;
            }
            return true;
        }).orElse(null);
        Map<String, Duration> latency = new LinkedHashMap<>();
        for (String key : Objectives.LATENCY_KEYS) {
            Optional<Duration> d = b.duration(key);
            d.ifPresent(v -> latency.put(key, v));
        }
        return new Objectives(availability, latency);
    }
}
