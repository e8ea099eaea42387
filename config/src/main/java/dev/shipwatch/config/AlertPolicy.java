package dev.shipwatch.config;

import java.util.List;

/**
 * When a target pages and when its alert resolves.
 *
 * @param failures         trigger when this many of the last {@code window} counted runs failed
 * @param window           how many recent runs the trigger rule looks at
 * @param recoverAfter     resolve after this many consecutive healthy runs
 * @param failedSeverity   PagerDuty severity of a failed phase
 * @param degradedSeverity PagerDuty severity of SLO-only breaches (only with {@code pageOnDegraded})
 * @param pageOnDegraded   whether degraded runs count as failures at all
 * @param pageOnRegression whether a figure the regression detector finds worse than over the days
 *                         before pages (at {@code warning}, one alert per target until it clears)
 * @param pageOnSingleLocation whether a target listed in several locations pages when it fails in
 *                         any one of them, rather than only in as many as its quorum
 */
public record AlertPolicy(int failures, int window, int recoverAfter, String failedSeverity,
                          String degradedSeverity, boolean pageOnDegraded, boolean pageOnRegression,
                          boolean pageOnSingleLocation) {
    /** PagerDuty Events v2 severities, most severe first. */
    public static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");

    /** 2 of 3 failed runs page; 2 healthy runs in a row resolve; SLO breaches alone do not page. */
    public static final AlertPolicy DEFAULT = new AlertPolicy(2, 3, 2, "critical", "warning", false);

    /** A policy where a target in several locations pages by its quorum. */
    public AlertPolicy(int failures, int window, int recoverAfter, String failedSeverity, String degradedSeverity,
                       boolean pageOnDegraded, boolean pageOnRegression) {
        this(failures, window, recoverAfter, failedSeverity, degradedSeverity, pageOnDegraded, pageOnRegression, false);
    }

    /** A policy where regressions do not page. */
    public AlertPolicy(int failures, int window, int recoverAfter, String failedSeverity, String degradedSeverity,
                       boolean pageOnDegraded) {
        this(failures, window, recoverAfter, failedSeverity, degradedSeverity, pageOnDegraded, false, false);
    }
}
