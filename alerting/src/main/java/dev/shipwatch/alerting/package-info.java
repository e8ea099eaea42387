/**
 * Paging on-call. {@link dev.shipwatch.alerting.Alerting} decides per target (and per platform
 * for {@code platform_unreachable}) from stored runs whether to trigger or resolve, stores the
 * decision and its {@link dev.shipwatch.alerting.PagerEvent} in one transaction (the durable
 * outbox), and a sender thread delivers the outbox through an
 * {@link dev.shipwatch.alerting.EventSender} — {@link dev.shipwatch.alerting.PagerDutySender} in
 * production — retrying 429, 5xx and network errors with backoff and never a 400.
 * Maintenance windows come in through {@link dev.shipwatch.alerting.MaintenanceCalendar}.
 */
package dev.shipwatch.alerting;
