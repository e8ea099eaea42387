package dev.shipwatch.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in scalar values; the default may itself hold
 * references ({@code ${A:-${B}}}), expanded only when it is used, as in the shell.
 * {@code $${X}} stays a literal {@code ${X}}; a bare {@code $VAR} is left alone because
 * command-platform strings are expanded by the shell at run time.
 */
final class Interpolation {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Defaults nested deeper than this are refused: plenty for fallbacks, and a bound on hostile input. */
    static final int MAX_DEPTH = 8;

    /** The expanded value; when {@code problems} is not empty the value is incomplete. */
    record Result(String value, List<String> problems) {}

    private Interpolation() {}

    static Result expand(String raw, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String value = expand(raw, env, 1, problems);
        return new Result(value, List.copyOf(problems));
    }

    private static String expand(String raw, Map<String, String> env, int depth, List<String> problems) {
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = closing(raw, i + 2);
                if (end < 0) {
                    problems.add(Context.quote(raw.substring(i)) + " is not closed by \"}\"");
                    break;
                }
                String ref = raw.substring(i + 2, end);
                int sep = ref.indexOf(":-");
                String name = sep < 0 ? ref : ref.substring(0, sep);
                String value = env.get(name);
                if (!NAME.matcher(name).matches()) {
                    problems.add(Context.quote("${" + ref + "}") + " is not a variable reference (use ${NAME} or ${NAME:-default})");
                } else if (sep >= 0 && (value == null || value.isEmpty())) {
                    // shell semantics: ":-" also replaces an empty value
                    String fallback = ref.substring(sep + 2);
                    if (depth >= MAX_DEPTH && fallback.contains("${")) {
                        problems.add(Context.quote("${" + ref + "}") + " nests defaults more than " + MAX_DEPTH + " deep");
                    } else {
                        out.append(expand(fallback, env, depth + 1, problems));
                    }
                } else if (value == null) {
                    problems.add("environment variable \"" + name + "\" is not set");
                } else {
                    out.append(value);
                }
                i = end + 1;
            } else {
                out.append(raw.charAt(i++));
            }
        }
        return out.toString();
    }

    /**
     * The index of the {@code }} that closes a reference whose name starts at {@code from}, or -1:
     * references (and {@code $${} literals) inside its default open braces of their own.
     */
    private static int closing(String raw, int from) {
        int open = 1;
        for (int i = from; i < raw.length(); i++) {
            if (raw.startsWith("$${", i)) {
                open++;
                i += 2;
            } else if (raw.startsWith("${", i)) {
                open++;
                i++;
            } else if (raw.charAt(i) == '}' && --open == 0) {
                return i;
            }
        }
        return -1;
    }
}
