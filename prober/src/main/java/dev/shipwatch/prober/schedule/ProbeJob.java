package dev.shipwatch.prober.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Quartz job of one target. Never runs twice at once for the same target. */
@DisallowConcurrentExecution
final class ProbeJob implements InterruptableJob {
    static final String TARGET_KEY = "target";
    private static final Logger log = LoggerFactory.getLogger(ProbeJob.class);

    private final ProbeScheduler.TargetRunner runner;
    private volatile Thread thread;

    ProbeJob(ProbeScheduler.TargetRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String target = context.getMergedJobDataMap().getString(TARGET_KEY);
        thread = Thread.currentThread();
        try {
            runner.run(target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A run records its own failures; anything reaching here is a bug, not an outcome.
            log.error("probe job of target={} failed unexpectedly", target, e);
        } finally {
            thread = null;
        }
    }

    @Override
    public void interrupt() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
