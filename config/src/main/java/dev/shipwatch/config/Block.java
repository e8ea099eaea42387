package dev.shipwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One YAML mapping at a known path. Every typed read records a problem and returns empty instead
 * of throwing, so that one walk over the file finds every problem.
 */
final class Block {
    private static final Pattern SECRET_KEY = Pattern.compile(".*(token|password|secret|key).*");

    /** A scalar value after interpolation, and the form of it that messages may quote. */
    record Scalar(String value, String shown) {}

    private final Context ctx;
    private final String path;
    private final JsonNode node; // a mapping, or null when absent or not a mapping

    private Block(Context ctx, String path, JsonNode node) {
        this.ctx = ctx;
        this.path = path;
        this.node = node;
    }

    /** The mapping at {@code path}; absent or null is an empty block, any other non-mapping a problem. */
    static Block of(Context ctx, String path, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new Block(ctx, path, null);
        }
        if (!node.isObject()) {
            ctx.add(path, Context.describe(node) + " is not a mapping");
            return new Block(ctx, path, null);
        }
        return new Block(ctx, path, node);
    }

    /** Reports every key that is not one of {@code known}, listing the known ones. */
    Block known(String... known) {
        if (node != null) {
            List<String> keys = List.of(known);
            node.fieldNames().forEachRemaining(k -> {
                if (!keys.contains(k)) {
                    ctx.add(path(k), "unknown key (known: " + String.join(", ", keys) + ")");
                }
            });
        }
        return this;
    }

    Context context() {
        return ctx;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean isMapping() {
        return node != null;
    }

    /** The raw node under {@code key}, or null. */
    JsonNode get(String key) {
        return node == null ? null : node.get(key);
    }

    /** True when {@code key} is present with a non-null value. */
    boolean has(String key) {
        JsonNode v = get(key);
        return v != null && !v.isNull();
    }

    Block block(String key) {
        return of(ctx, path(key), get(key));
    }

    void problem(String key, String message) {
        ctx.add(path(key), message);
    }

    /** A scalar, interpolated when it is text; {@code what} names the expected kind ("a string"). */
    Optional<Scalar> scalar(String key, String what) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isContainerNode()) {
            problem(key, Context.describe(v) + " is not " + what);
            return Optional.empty();
        }
        String raw = v.asText();
        if (!v.isTextual()) {
            return Optional.of(new Scalar(raw, shown(key, raw, raw)));
        }
        Interpolation.Result r = Interpolation.expand(raw, ctx.env());
        r.problems().forEach(p -> problem(key, p));
        return r.problems().isEmpty() ? Optional.of(new Scalar(r.value(), shown(key, raw, r.value()))) : Optional.empty();
    }

    /** Secrets never reach a message: quote the {@code ${...}} text they came from, or nothing. */
    private static String shown(String key, String raw, String value) {
        if (!SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
            return value;
        }
        return raw.contains("${") ? raw : "***";
    }

    Optional<String> string(String key) {
        return scalar(key, "a string").map(Scalar::value);
    }

    /** {@code true} or {@code false} (YAML booleans, or those words as text). */
    Optional<Boolean> bool(String key) {
        return scalar(key, "true or false").flatMap(s -> {
            String v = s.value().trim().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                return Optional.of(Boolean.parseBoolean(v));
            }
            problem(key, Context.quote(s.shown()) + " is not true or false");
            return Optional.empty();
        });
    }

    /** A human duration ({@code 30s}) longer than zero. */
    Optional<Duration> duration(String key) {
        return scalar(key, "a duration").flatMap(s -> {
            Optional<Duration> d = Durations.parse(s.value());
            if (d.isEmpty()) {
                problem(key, Context.quote(s.shown()) + " is not a duration (use e.g. 250ms, 30s, 5m, 2h)");
            } else if (d.get().isZero()) {
                problem(key, Context.quote(s.shown()) + " must be longer than zero");
                return Optional.empty();
            }
            return d;
        });
    }

    /** A whole number in {@code min..max}; {@code outOfRange} completes "70000 ..." when it is not. */
    Optional<Integer> whole(String key, int min, int max, String outOfRange) {
        return scalar(key, "a whole number").flatMap(s -> {
            BigInteger n;
            try {
                n = new BigInteger(s.value().trim());
            } catch (NumberFormatException e) {
                problem(key, Context.quote(s.shown()) + " is not a whole number");
                return Optional.empty();
            }
            if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
                problem(key, s.shown().trim() + " " + outOfRange);
                return Optional.empty();
            }
            return Optional.of(n.intValueExact());
        });
    }

    /** A number greater than zero (BigDecimal syntax, so no NaN or Infinity). */
    Optional<Double> positive(String key) {
        return scalar(key, "a number").flatMap(s -> {
            BigDecimal n;
            try {
                n = new BigDecimal(s.value().trim());
            } catch (NumberFormatException e) {
                problem(key, Context.quote(s.shown()) + " is not a number");
                return Optional.empty();
            }
            if (n.signum() <= 0) {
                problem(key, s.shown().trim() + " must be greater than zero");
                return Optional.empty();
            }
            return Optional.of(n.doubleValue());
        });
    }
}
