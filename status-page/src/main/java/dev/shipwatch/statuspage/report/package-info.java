/**
 * SLA reports: availability, downtime, incidents, maintenance, latency percentiles, SLO
 * compliance and error budget per target and component over a period in the page's time zone,
 * computed from the daily rollups plus the raw runs of what a rollup cannot answer exactly
 * (the period's edges that cut a UTC day, days touched by maintenance, the latest run's open
 * interval), and rendered as a table, CSV, JSON and HTML. Used by the {@code report} command
 * and the status page's {@code /reports} routes.
 */
package dev.shipwatch.statuspage.report;
