package dev.shipwatch.config;

import java.util.Locale;

/**
 * Text bound for a terminal or a one-line header, with every control character (C0, DEL, C1)
 * written as an escape: {@code \n}, {@code \r}, {@code \t}, else {@code \}{@code u001b} (ESC). Names and values
 * come from config files, admin requests and remote output; an ESC or CR in them must not
 * rewrite the terminal that shows them, nor break a line.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    public static String visible(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isISOControl(c)) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return b == null ? text : b.toString();
    }
}
