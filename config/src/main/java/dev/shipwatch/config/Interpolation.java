package dev.shipwatch.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in scalar values. {@code $${X}} stays a literal
 * {@code ${X}}; a bare {@code $VAR} is left alone because command-platform strings are expanded
 * by the shell at run time.
 */
final class Interpolation {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The expanded value; when {@code problems} is not empty the value is incomplete. */
    record Result(String value, List<String> problems) {}

    private Interpolation() {}

    static Result expand(String raw, Map<String, String> env) {
        StringBuilder out = new StringBuilder(raw.length());
        List<String> problems = new ArrayList<>();
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i + 2);
                if (end < 0) {
                    problems.add("\"${\" is not closed by \"}\"");
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
                    out.append(ref, sep + 2, ref.length());
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
        return new Result(out.toString(), List.copyOf(problems));
    }
}
