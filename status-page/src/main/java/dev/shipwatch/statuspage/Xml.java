package dev.shipwatch.statuspage;

/** Text for XML 1.0 documents (the Atom feed, SVG badges). */
final class Xml {
    /** Stands for a character XML 1.0 cannot hold. */
    static final char REPLACEMENT = '\uFFFD';

    private Xml() {}

    /**
     * {@code text} with every character XML 1.0 forbids (C0 controls but tab, LF and CR; U+FFFE,
     * U+FFFF; lone surrogates) replaced by U+FFFD: escaping cannot help there, since even
     * {@code &#27;} is ill-formed, and one ESC in a name would make the whole document unreadable.
     */
    static String legal(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
            if (!ok && b == null) {
                b = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (b != null) {
                if (ok) {
                    b.appendCodePoint(cp);
                } else {
                    b.append(REPLACEMENT);
                }
            }
            i += n;
        }
        return b == null ? text : b.toString();
    }

    /** Legal text with the five markup characters as entities: safe in element content and attribute values alike. */
    static String escape(String text) {
        String s = legal(text);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
