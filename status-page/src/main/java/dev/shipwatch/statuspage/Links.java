package dev.shipwatch.statuspage;

import dev.shipwatch.config.Site;

/** Paths of the public pages, and absolute links to them (Atom, JSON shortlinks). */
final class Links {
    private Links() {}

    static String absolute(Site site, String path) {
        String base = site.url().endsWith("/") ? site.url().substring(0, site.url().length() - 1) : site.url();
        return base + path;
    }

    static String component(String id) {
        return "/components/" + id;
    }

    static String incident(String id) {
        return "/incidents/" + id;
    }

    static String badge(String componentId) {
        return "/badge/" + componentId + ".svg";
    }

    /** {@code /history} is the current month; older months are {@code /history/2026-06}. */
    static String history(java.time.YearMonth month, java.time.YearMonth current) {
        return month.equals(current) ? "/history" : "/history/" + month;
    }
}
