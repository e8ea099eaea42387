package dev.shipwatch.statuspage;

import java.util.Locale;

/** The two bits of HTTP negotiation the server needs, kept small and separately testable. */
final class Negotiation {
    private Negotiation() {}

    /**
     * Whether an Accept-Encoding value accepts gzip: listed, or covered by {@code *}, and not
     * refused with {@code q=0} (an explicit {@code gzip;q=0} wins over {@code *}).
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean gzip = null;
        boolean star = false;
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.split(";");
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            boolean accepted = true;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
                if (p.startsWith("q=")) {
                    accepted = !p.substring(2).matches("0(\\.0*)?");
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = accepted;
            } else if (coding.equals("*")) {
                star = accepted;
            }
        }
        return gzip != null ? gzip : star;
    }

    /** If-None-Match uses weak comparison (RFC 9110 §13.1.2): a {@code W/} prefix is ignored. */
    static boolean etagMatches(String ifNoneMatch, String... current) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            for (String c : current) {
                if (tag.equals(c)) {
                    return true;
                }
            }
        }
        return false;
    }
}
