package dev.shipwatch.prober.schedule;

import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of one target. Never runs twice at once for the same target. Not interruptible:
 * its thread stores the run, and a stop reaches the run through {@link ProbeScheduler.TargetRunner#abortAll()}.
 */
@DisallowConcurrentExecution
final class ProbeJob implements Job {
    static final String TARGET_KEY = "target";
    private static final Logger log = LoggerFactory.getLogger(ProbeJob.class);

    private final ProbeScheduler.TargetRunner runner;

    ProbeJob(ProbeScheduler.TargetRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String target = context.getMergedJobDataMap().getString(TARGET_KEY);
        try {
            runner.run(target, context.getScheduledFireTime() == null ? Instant.now()
                    : context.getScheduledFireTime().toInstant());
        } catch (RuntimeException e) {
            // A run records its own failures; anything reaching here is a bug, not an outcome.
            log.error("probe job of target={} failed unexpectedly", target, e);
        }
    }
}
