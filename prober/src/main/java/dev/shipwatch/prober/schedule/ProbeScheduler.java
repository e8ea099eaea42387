package dev.shipwatch.prober.schedule;

import dev.shipwatch.config.Schedule;
import dev.shipwatch.config.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Quartz job per target in Quartz's JDBC job store, in the monitor's own database, so that
 * running several nodes later is a change of database URL. Jobs never overlap for one target
 * ({@link ProbeJob} disallows concurrent execution), and a run missed while the monitor was down
 * fires once when it comes back, never once per missed interval.
 *
 * <p>Sized for many targets: up to {@code maxConcurrentRuns} runs at once; the scheduler thread
 * takes due triggers from the store in batches; targets scheduled together are spread over
 * their interval instead of all firing in the same second of it.
 *
 * <p>No thread that may be inside JDBC is ever interrupted by this class: a stop first asks the
 * runs to end ({@link TargetRunner#abortAll()}), then waits for them.
 */
public final class ProbeScheduler implements AutoCloseable {
    static final String GROUP = "shipwatch-targets";
    private static final String SCHEDULE_KEY = "schedule";
    private static final Logger log = LoggerFactory.getLogger(ProbeScheduler.class);

    /** How early a batch may take a trigger; its run still starts at the batch's first fire time or later. */
    static final long FIRE_AHEAD_MS = 50;
    /** How far ahead the scheduler looks for due triggers, and how long it waits when none is due. */
    static final long IDLE_WAIT_MS = 5_000;

    private final Scheduler scheduler;
    private final String dataSourceName;
    private final TargetRunner runner;
    private final DataSource dataSource;
    private final boolean clustered;
    private final String node;
    private final String name;

    /**
     * @param name            the Quartz scheduler name; nodes of one location share it (see {@link #nameFor})
     * @param node            this node's name: its Quartz instance id, so that the cluster's
     *                        check-ins ({@code QRTZ_SCHEDULER_STATE}) are by node
     * @param delegateClass   Quartz's driver delegate for the database (see the store's Vendor)
     * @param clustered       whether several nodes share the job store
     * @param threads         how many targets may run at the same time
     * @param checkInInterval how often this node checks in with the cluster (clustered only)
     */
    public record Settings(String name, String node, String delegateClass, boolean clustered, int threads,
                           Duration checkInInterval) {}

    /**
     * @param runner runs one target by name, on a Quartz worker thread (never interrupted)
     */
    public ProbeScheduler(Settings settings, DataSource dataSource, TargetRunner runner) throws SchedulerException {
        String name = settings.name();
        int threads = settings.threads();
        this.dataSource = dataSource;
        this.clustered = settings.clustered();
        this.node = settings.node();
        this.name = name;
        this.runner = runner;
        // Quartz looks data sources up by name in a JVM-wide registry; a unique name keeps two
        // schedulers in one JVM (tests) from sharing one.
        this.dataSourceName = name + "-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new Provider(dataSource));
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, settings.node());
        // One spare worker: with every worker busy, Quartz's scheduler thread blocks waiting for
        // one, and shutdown joins that thread before it interrupts the running jobs, so a stop
        // would wait for the longest probe to end by itself.
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(Math.max(1, threads) + 1));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "probe");
        // Due triggers are taken in batches (one query and one update for many fires), each up to
        // FIRE_AHEAD_MS before its time: at 10,000 targets that is 30 fires a second.
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(Math.min(Math.max(1, threads), 50)));
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow", Long.toString(FIRE_AHEAD_MS));
        // The acquisition query reads every waiting trigger due within the idle wait (Quartz's
        // default: 30 s) and sorts them to take the first few: at 10,000 targets every 5 minutes,
        // 1,000 rows a query. 5 s (Quartz's advised minimum) reads a sixth of that; a scheduler
        // with nothing due asks again after it, and a newly scheduled trigger wakes it anyway.
        p.setProperty("org.quartz.scheduler.idleWaitTime", Long.toString(IDLE_WAIT_MS));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.maxMisfiresToHandleAtATime", "200");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", settings.delegateClass());
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(settings.clustered()));
        // A node silent for about two intervals is gone: another recovers its work.
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(settings.checkInInterval().toMillis()));
        // A fire more than 5 s late counts as missed and follows the trigger's misfire rule.
        p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        // Runs are stopped through the runner, never by interrupting a worker (see close()).
        p.setProperty("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "false");
        StdSchedulerFactory factory = new StdSchedulerFactory(p);
        this.scheduler = factory.getScheduler();
        scheduler.setJobFactory((bundle, s) -> new ProbeJob(runner));
    }

    /**
     * The Quartz scheduler of a location's nodes, in the shared QRTZ_ tables: {@code base} for
     * the default location (so a monitor that knows no locations keeps its jobs), {@code
     * base@location} otherwise. Nodes of one location cluster among themselves: each fire of a
     * target runs once per location it lists.
     */
    public static String nameFor(String base, String location) {
        return location == null || location.equals("default") ? base : base + "@" + location;
    }

    /** What {@link #sync(List, long)} did. */
    public enum SyncResult {
        /** The jobs now match this config. */
        APPLIED,
        /** They matched it already (this config, at this generation, was applied before). */
        UNCHANGED,
        /** A newer generation is in force: the jobs are left as they are. */
        OLDER
    }

    /** {@link #sync(List, long)} at generation 0: the last node to start with a changed config wins. */
    public SyncResult sync(List<Target> targets) throws SchedulerException {
        return sync(targets, 0);
    }

    /**
     * Makes the stored jobs match {@code targets} unless the schedule in force is newer. With
     * several nodes on one database, one node at a time decides (a lock on the
     * {@code schedule_state} row): a config of a higher generation is applied and recorded; one
     * of the same generation is applied when it differs (and the difference logged: two configs
     * claim one generation); one of a lower generation is not (an older node, in a rolling
     * restart, never undoes a newer config). What was applied is recorded only after the jobs
     * match it, so a node that dies half-way leaves the next one to finish.
     */
    public SyncResult sync(List<Target> targets, long generation) throws SchedulerException {
        String digest = digest(targets);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long stored;
                String storedDigest;
                String storedNode;
                Instant storedAt;
                ensureStateRow();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT generation, digest, node, applied_at FROM schedule_state WHERE scheduler = ? FOR UPDATE")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new SchedulerException("the schedule_state row of scheduler " + name
                                    + " is missing: was the database migrated?");
                        }
                        stored = rs.getLong(1);
                        storedDigest = rs.getString(2);
                        storedNode = rs.getString(3);
                        storedAt = rs.getObject(4, java.time.OffsetDateTime.class).toInstant();
                    }
                }
                SyncResult result;
                if (generation < stored) {
                    log.warn("this node's config (scheduler.generation {}) is older than the one in force (generation {}, "
                            + "applied by node {} at {}): the targets' schedules are left as they are", generation, stored,
                            storedNode, storedAt);
                    result = SyncResult.OLDER;
                } else if (generation == stored && digest.equals(storedDigest)) {
                    result = SyncResult.UNCHANGED;
                } else {
                    if (generation == stored) {
                        log.warn("this node's targets differ from those in force with the same scheduler.generation {} "
                                + "(applied by node {} at {}): applying this node's; raise scheduler.generation with every "
                                + "change, so that an older node cannot undo a newer config", generation, storedNode, storedAt);
                    }
                    apply(targets);
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE schedule_state SET generation = ?, digest = ?, applied_at = ?, node = ? WHERE scheduler = ?")) {
                        ps.setLong(1, generation);
                        ps.setString(2, digest);
                        ps.setObject(3, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                        ps.setString(4, node);
                        ps.setString(5, name);
                        ps.executeUpdate();
                    }
                    result = SyncResult.APPLIED;
                }
                c.commit();
                return result;
            } catch (SQLException | SchedulerException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new SchedulerException("cannot sync the targets' jobs: " + e.getMessage(), e);
        }
    }

    /**
     * Creates this scheduler's {@code schedule_state} row (as never synced) if it has none: the
     * first node of a new location. Two such nodes racing both try; the loser's insert fails on
     * the unique scheduler (or id) and it finds the winner's row.
     */
    private void ensureStateRow() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (hasStateRow(c)) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO schedule_state (id, generation, digest, applied_at, node, "
                    + "scheduler) SELECT COALESCE(MAX(id), 0) + 1, -1, '', ?, '', ? FROM schedule_state")) {
                ps.setObject(1, java.time.OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, java.time.ZoneOffset.UTC));
                ps.setString(2, name);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!hasStateRow(c)) {
                    throw e;
                }
            }
        }
    }

    private boolean hasStateRow(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM schedule_state WHERE scheduler = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** What decides the jobs: every target's name and schedule, in a stable order. */
    static String digest(List<Target> targets) {
        StringBuilder text = new StringBuilder();
        targets.stream().map(t -> t.name() + "\t" + t.schedule() + "\n").sorted().forEach(text::append);
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /**
     * Makes the stored jobs match {@code targets} (see {@link #sync(List, long)}): adds new ones, replaces those whose schedule
     * changed, keeps unchanged ones (so their misfire handling applies after a restart) and
     * deletes jobs of targets no longer configured. New interval triggers are spread over their
     * interval (the k-th of n starts k/n of an interval from now), so that many targets do not
     * all fire in the same second, again and again.
     */
    private void apply(List<Target> targets) throws SchedulerException {
        Set<JobKey> wanted = new HashSet<>();
        List<Target> changed = new ArrayList<>();
        for (Target target : targets) {
            JobKey key = JobKey.jobKey(target.name(), GROUP);
            wanted.add(key);
            Trigger existing = scheduler.getTrigger(TriggerKey.triggerKey(target.name(), GROUP));
            if (existing == null || !target.schedule().toString().equals(existing.getJobDataMap().getString(SCHEDULE_KEY))) {
                changed.add(target);
            }
        }
        Instant now = Instant.now();
        for (int k = 0; k < changed.size(); k++) {
            Target target = changed.get(k);
            JobKey key = JobKey.jobKey(target.name(), GROUP);
            String schedule = target.schedule().toString();
            JobDetail job = JobBuilder.newJob(ProbeJob.class)
                    .withIdentity(key)
                    .usingJobData(ProbeJob.TARGET_KEY, target.name())
                    .storeDurably()
                    .build();
            Instant first = target.schedule().isCron() ? now
                    : now.plusMillis(target.schedule().interval().toMillis() * k / changed.size());
            Trigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity(target.name(), GROUP)
                    .forJob(key)
                    .usingJobData(SCHEDULE_KEY, schedule)
                    .withSchedule(scheduleOf(target.schedule()))
                    .startAt(Date.from(first))
                    .build();
            scheduler.scheduleJob(job, Set.of(trigger), true);
            log.info("scheduled target={} every {}", target.name(), schedule);
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!wanted.contains(key)) {
                scheduler.deleteJob(key);
                log.info("unscheduled target={} (no longer configured)", key.getName());
            }
        }
    }

    private static org.quartz.ScheduleBuilder<? extends Trigger> scheduleOf(Schedule schedule) {
        if (schedule.isCron()) {
            // Missed fires while down: fire once now, then follow the expression.
            return CronScheduleBuilder.cronSchedule(schedule.cron()).withMisfireHandlingInstructionFireAndProceed();
        }
        // Missed fires while down: fire once now and keep the interval from there; never replay each one.
        return SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(schedule.interval().toMillis())
                .repeatForever()
                .withMisfireHandlingInstructionNowWithExistingCount();
    }

    /** Runs a target now, outside its schedule (still never concurrently with its scheduled run). */
    public void triggerNow(String target) throws SchedulerException {
        scheduler.triggerJob(JobKey.jobKey(target, GROUP));
    }

    public void start() throws SchedulerException {
        if (!clustered) {
            clearFiredTriggers();
        }
        scheduler.start();
    }

    /**
     * A node alone owns every fired trigger in the store, and Quartz deletes them all when it
     * starts (the fires a stopped or killed node had in hand, whose runs the monitor records as
     * aborted). Truncated here first: a kill -9 can leave the embedded store's copy of this table
     * torn, an index entry whose row is gone (docs/dependencies.md, trap 24), and Quartz's DELETE
     * then fails on it at every start, while TRUNCATE empties the table and its indexes whole.
     */
    private void clearFiredTriggers() throws SchedulerException {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("TRUNCATE TABLE QRTZ_FIRED_TRIGGERS");
        } catch (SQLException e) {
            throw new SchedulerException("cannot clear the fired triggers of a stopped node: " + e.getMessage(), e);
        }
    }

    /** Stops taking triggers (runs in progress go on); the node is no longer allowed to run targets. */
    public void pause() {
        try {
            scheduler.standby();
        } catch (SchedulerException e) {
            log.warn("scheduler standby failed: {}", e.toString());
        }
    }

    /** Whether the scheduler runs and has not been shut down; for {@code /health}. */
    public boolean isRunning() {
        try {
            return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** The targets whose run is in progress on this node. */
    public List<String> running() throws SchedulerException {
        return scheduler.getCurrentlyExecutingJobs().stream()
                .map(JobExecutionContext::getJobDetail)
                .map(j -> j.getKey().getName())
                .toList();
    }

    /**
     * Stops scheduling, asks the runs in progress to end (they tear their canaries down and record
     * themselves as aborted) and waits for them. No worker is interrupted: each stores its run.
     * Quartz interrupts only its own scheduler thread (to wake it); the store is immune to that.
     */
    @Override
    public void close() {
        try {
            scheduler.standby();
            runner.abortAll();
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            log.warn("scheduler shutdown failed: {}", e.toString());
        } finally {
            try {
                DBConnectionManager.getInstance().shutdown(dataSourceName);
            } catch (SQLException ignored) {
                // Our provider owns nothing; the application closes its DataSource itself.
            }
        }
    }

    /** Runs targets; see {@link ProbeScheduler}'s constructor. */
    public interface TargetRunner {
        /**
         * Runs one target by name; returns when its run is stored.
         *
         * @param scheduledAt when the trigger was due (a run starts a little after it)
         */
        void run(String target, Instant scheduledAt);

        /** The scheduler is stopping: make the runs in progress end soon, as aborted. Must not block. */
        void abortAll();
    }

    private record Provider(DataSource dataSource) implements ConnectionProvider {
        Provider {
            Objects.requireNonNull(dataSource);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {}

        @Override
        public void initialize() {}
    }
}
