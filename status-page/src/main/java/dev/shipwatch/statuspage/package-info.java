/**
 * The public status page: {@link dev.shipwatch.statuspage.StatusPage} reads runs, rollups,
 * incidents and maintenance from the stores and renders every page (Thymeleaf HTML, the
 * Statuspage-v2 JSON, the Atom feed, SVG badges) into memory, with gzip copies and ETags made at
 * render time; {@link dev.shipwatch.statuspage.StatusPageServer} serves those bytes from Vert.x
 * and never touches the database on a public request, so the page stays fast exactly when things
 * are down. {@link dev.shipwatch.statuspage.AdminApi} changes incidents and maintenance behind a
 * bearer token; {@link dev.shipwatch.statuspage.RunMetrics} is {@code /metrics};
 * {@link dev.shipwatch.statuspage.StaticExport} writes the pages as files; and
 * {@link dev.shipwatch.statuspage.Uptime} is the time-weighted uptime arithmetic, reusable by
 * reports. Everything else in the package is package-private.
 */
package dev.shipwatch.statuspage;
