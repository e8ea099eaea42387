package dev.shipwatch.statuspage;

import dev.shipwatch.config.Site;

/** Paths of the public pages, and absolute links to them (Atom, JSON shortlinks). */
final class Links {
    private Links() {}

    static String absolute(Site site, String path) {
        String base = site.url().endsWith("/") ? site.url().substring(0, site.url().length() - 1) : site.url();
        return base + path;
    }

    private static final String COMPONENT = "/components/";
    private static final String BADGE = "/badge/";
    private static final String SVG = ".svg";

    static String component(String id) {
        return COMPONENT + id;
    }

    /** The component id of a component page's path, or null for any other path. */
    static String componentOf(String path) {
        return path.startsWith(COMPONENT) && path.length() > COMPONENT.length() ? path.substring(COMPONENT.length()) : null;
    }

    /** The component id of a badge's path, or null for any other path. */
    static String badgeOf(String path) {
        return path.startsWith(BADGE) && path.endsWith(SVG) && path.length() > BADGE.length() + SVG.length()
                ? path.substring(BADGE.length(), path.length() - SVG.length()) : null;
    }

    static String incident(String id) {
        return "/incidents/" + id;
    }

    static String badge(String componentId) {
        return BADGE + componentId + SVG;
    }

    /** {@code /history} is the current month; older months are {@code /history/2026-06}. */
    static String history(java.time.YearMonth month, java.time.YearMonth current) {
        return month.equals(current) ? "/history" : "/history/" + month;
    }
}
