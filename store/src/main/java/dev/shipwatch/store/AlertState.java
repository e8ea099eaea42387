package dev.shipwatch.store;

import java.time.Instant;

/**
 * The stored alert of one subject: a target, or a platform the monitor could not reach.
 *
 * @param dedupKey    the PagerDuty dedup key, also the subject's id ({@code shipwatch/<target>})
 * @param kind        {@code target} or {@code platform}
 * @param subject     the target's name or the platform's type
 * @param open        whether a trigger was written and no resolve since
 * @param severity    severity of the last trigger; null when never triggered
 * @param openedAt    when the open alert was triggered; null when closed
 * @param lastAction  {@code trigger} or {@code resolve}: the last event written to the outbox
 * @param countFrom   runs started at or before this instant no longer count towards a trigger
 *                    (they led to the last resolve); null when every run counts
 * @param version     incremented by every change; 0 for a subject with no stored row yet
 */
public record AlertState(String dedupKey, String kind, String subject, boolean open, String severity,
                         Instant openedAt, String summary, String lastAction, Instant lastEventAt,
                         Instant countFrom, long version) {
    /** A subject that never alerted. */
    public static AlertState none(String dedupKey, String kind, String subject) {
        return new AlertState(dedupKey, kind, subject, false, null, null, null, null, null, null, 0);
    }
}
