package dev.shipwatch.prober.platform.command;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Replaces secret values in text by {@code ***}, longest first (so a secret containing another is hidden whole). */
final class Redactor {
    static final String MASK = "***";
    /**
     * Shorter values are left alone: masking "eu" or "1" everywhere would make output unreadable,
     * and a secret that short protects nothing anyway.
     */
    static final int MIN_SECRET = 4;

    private final List<String> secrets;

    Redactor(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_SECRET).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    String redact(String text) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }
}
