/**
 * The public status page: {@link dev.shipwatch.statuspage.StatusPage} reads the latest runs from
 * the store and renders every page (Thymeleaf HTML, Statuspage-v2 JSON) into memory, with gzip
 * copies and ETags made at render time; {@link dev.shipwatch.statuspage.StatusPageServer} serves
 * those bytes from Vert.x and never touches the database on a request, so the page stays fast
 * exactly when things are down. Everything else in the package is package-private.
 */
package dev.shipwatch.statuspage;
