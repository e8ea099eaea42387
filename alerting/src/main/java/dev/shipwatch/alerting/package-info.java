/**
 * Paging on-call: alert policy per target, durable outbox, PagerDuty Events v2 sender. The
 * module is in the reactor so that the app's wiring and the build layout are final; the policy
 * and sender arrive with the alerting issue.
 */
package dev.shipwatch.alerting;
