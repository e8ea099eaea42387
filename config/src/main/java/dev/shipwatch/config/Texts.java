package dev.shipwatch.config;

/** Text kept within a length: messages and summaries bound for a database column, a page or a pager. */
public final class Texts {
    private Texts() {}

    /**
     * At most {@code max} characters ({@code max} ≥ 2), "…" last when cut; never between the two
     * halves of a surrogate pair (an emoji), which would leave half a character that a UTF-8
     * encoder turns into "?". Mask secrets before cutting: a secret across the limit would keep
     * its first part, which no longer matches the whole value.
     */
    public static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
