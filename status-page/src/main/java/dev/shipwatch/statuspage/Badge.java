package dev.shipwatch.statuspage;

import java.nio.charset.StandardCharsets;

/**
 * A flat SVG badge ("name | status") for READMEs; text is XML-escaped ({@link Xml#escape}, which also replaces
 * characters XML 1.0 forbids), colours come with the status text.
 */
final class Badge {
    private Badge() {}

    static byte[] svg(String label, ComponentStatus status) {
        String value = status.label.toLowerCase(java.util.Locale.ROOT);
        int lw = width(label);
        int vw = width(value);
        String colour = switch (status) {
            case OPERATIONAL -> "#2e7d32";
            case UNDER_MAINTENANCE -> "#1565c0";
            case DEGRADED_PERFORMANCE -> "#a86400";
            case PARTIAL_OUTAGE -> "#c43e00";
            case MAJOR_OUTAGE -> "#b00020";
            case NO_DATA -> "#616161";
        };
        String text = Xml.escape(label) + ": " + Xml.escape(value);
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + (lw + vw) + "\" height=\"20\" role=\"img\" aria-label=\""
                + text + "\"><title>" + text + "</title>"
                + "<rect width=\"" + lw + "\" height=\"20\" fill=\"#555\"/>"
                + "<rect x=\"" + lw + "\" width=\"" + vw + "\" height=\"20\" fill=\"" + colour + "\"/>"
                + "<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\" text-anchor=\"middle\">"
                + "<text x=\"" + lw / 2 + "\" y=\"14\">" + Xml.escape(label) + "</text>"
                + "<text x=\"" + (lw + vw / 2) + "\" y=\"14\">" + Xml.escape(value) + "</text></g></svg>";
        return svg.getBytes(StandardCharsets.UTF_8);
    }

    /** Roughly 7 px per character of 11 px Verdana, plus padding. */
    private static int width(String s) {
        return s.codePointCount(0, s.length()) * 7 + 12;
    }
}
