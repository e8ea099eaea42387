package dev.shipwatch.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shipwatch.config.Storage;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Shipwatch database: a small connection pool over H2 (embedded, the default) or
 * PostgreSQL (several nodes), migrated on open. The run store and Quartz's JDBC job store
 * ({@code QRTZ_*} tables, created here) share it.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /**
     * Connections: probe workers store runs, Quartz fires and completes jobs, the page, alerting
     * and the sync thread read and write; every transaction is short, so far fewer connections
     * than workers keep up.
     */
    private static final int POOL_SIZE = 16;
    /** Settings every H2 URL gets unless it names them (see {@link #jdbcUrl}). */
    static final Map<String, String> H2_SETTINGS = Map.of("QUERY_CACHE_SIZE", "64", "OPTIMIZE_REUSE_RESULTS", "FALSE");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern CURRENT_SCHEMA_PARAM = Pattern.compile("(?i)[?&]currentSchema=([^&,]+)");

    private final HikariDataSource dataSource;
    private final Vendor vendor;
    private final Durability durability;
    private final RunStore runs;
    private final IncidentStore incidents;
    private final MaintenanceStore maintenance;
    private final ClusterStore cluster;
    private final Changes changes;

    private Database(HikariDataSource dataSource, Vendor vendor, Durability durability) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.durability = durability;
        this.changes = new Changes(dataSource, vendor);
        this.runs = new JdbcRunStore(dataSource, vendor, durability, changes);
        this.incidents = new JdbcIncidentStore(new Jdbc(dataSource), changes);
        this.maintenance = new JdbcMaintenanceStore(new Jdbc(dataSource), changes);
        this.cluster = new ClusterStore(dataSource, vendor);
    }

    /**
     * Opens the pool and brings the schema up to date.
     *
     * @throws StoreException naming the URL (never the password) when the database cannot be
     *                        reached or migrated
     */
    public static Database open(Storage storage) {
        Objects.requireNonNull(storage, "storage");
        String url = storage.url();
        Vendor vendor = Vendor.of(url);
        HikariDataSource pool;
        ClosedH2 closed = new ClosedH2();
        try {
            HikariConfig config = poolConfig(storage);
            if (vendor == Vendor.H2) {
                config.setExceptionOverride(closed);
            }
            pool = new HikariDataSource(config);
            closed.pool(pool);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open database " + redact(url) + ": " + rootMessage(e), e);
        }
        try {
            if (vendor == Vendor.H2) {
                H2Leftovers.finish(pool);
            }
            migrate(pool, vendor, url);
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate database " + redact(url) + ": " + rootMessage(e), e);
        }
        Durability durability = vendor == Vendor.H2 && !isInMemory(url) ? new H2Sync(pool) : Durability.COMMIT;
        return new Database(pool, vendor, durability);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Vendor vendor() {
        return vendor;
    }

    public RunStore runs() {
        return runs;
    }

    public IncidentStore incidents() {
        return incidents;
    }

    public MaintenanceStore maintenance() {
        return maintenance;
    }

    /** What changed that a page shows, this node's and (PostgreSQL) the other nodes'. */
    public Changes changes() {
        return changes;
    }

    /** The nodes sharing this database. */
    public ClusterStore cluster() {
        return cluster;
    }

    Durability durability() {
        return durability;
    }

    /** Closes the pool; H2 then writes and closes its file (the last connection closes an embedded database). */
    @Override
    public void close() {
        changes.close();
        if (durability instanceof H2Sync sync) {
            sync.close();
        }
        dataSource.close();
    }

    private static HikariConfig poolConfig(Storage storage) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("shipwatch-store");
        config.setJdbcUrl(jdbcUrl(storage.url()));
        if (storage.user() != null && !storage.user().isEmpty()) {
            config.setUsername(storage.user());
        }
        if (storage.password() != null && !storage.password().isEmpty()) {
            config.setPassword(storage.password());
        }
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        return config;
    }

    /**
     * The URL the pool connects with. For an H2 file:
     * <ul>
     *   <li>the {@code retry:} file system: a thread interrupted inside H2's file I/O closes the
     *       file channel, and with it the database (H2's docs: "the application may not interrupt
     *       these threads"); Quartz interrupts its own scheduler thread on shutdown, and libraries
     *       may interrupt theirs. {@code retry:} reopens the channel and repeats the operation;</li>
     *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2 closes an embedded database in its own JVM shutdown
     *       hook, which would race ours: a run aborted by Ctrl-C could not record itself. We close
     *       the pool ourselves (unless the URL says otherwise);</li>
     *   <li>{@code QUERY_CACHE_SIZE=64} (H2's default: 8): each connection keeps its parsed
     *       statements, and a run's path alone has some 30 different ones (its store, alerting,
     *       Quartz); with 8 they evict each other and every statement is parsed again (6 µs a
     *       simple query, more an insert of 40 columns);</li>
     *   <li>{@code OPTIMIZE_REUSE_RESULTS=FALSE}: H2 would keep each query's last result to hand
     *       back when the same query comes again with nothing changed, which ours almost never
     *       do (the tables change with every run), and it walks the query's expressions on every
     *       execution to find out (a fifth of a small query's time).</li>
     * </ul>
     * These two go on any H2 URL, memory ones too, unless the URL sets them.
     */
    static String jdbcUrl(String url) {
        if (Vendor.of(url) != Vendor.H2) {
            return url;
        }
        String out = url;
        Matcher file = H2_FILE.matcher(out);
        if (file.matches() && !file.group(2).toLowerCase(Locale.ROOT).startsWith("retry:")) {
            out = file.group(1) + "retry:" + file.group(2);
        }
        if (!out.toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
            out += ";DB_CLOSE_ON_EXIT=FALSE";
        }
        for (Map.Entry<String, String> setting : H2_SETTINGS.entrySet()) {
            if (!out.toUpperCase(Locale.ROOT).contains(setting.getKey())) {
                out += ";" + setting.getKey() + "=" + setting.getValue();
            }
        }
        return out;
    }

    /** {@code jdbc:h2:[file:]path…}, not {@code mem:}, {@code tcp:} or {@code ssl:} (those have no local file). */
    private static final Pattern H2_FILE = Pattern.compile("(?i)(jdbc:h2:(?:file:)?)(?!mem:|tcp:|ssl:)(.+)", Pattern.DOTALL);

    private static boolean isInMemory(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:");
    }

    private static void migrate(DataSource dataSource, Vendor vendor, String url) {
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                // Plain Flyway has no {vendor} placeholder: the vendor folder is chosen here.
                .locations("classpath:db/migration/common", vendor.migrationLocation());
        // A PostgreSQL schema named in the URL is created by Flyway, which otherwise finds no
        // current schema when it does not exist yet.
        Matcher schema = CURRENT_SCHEMA_PARAM.matcher(url);
        if (vendor == Vendor.POSTGRESQL && schema.find()) {
            flyway.schemas(schema.group(1));
        }
        MigrateResult result = flyway.load().migrate();
        if (result.migrationsExecuted > 0) {
            log.info("Migrated database {} to version {} ({} migrations)",
                    redact(url), result.targetSchemaVersion, result.migrationsExecuted);
        }
    }

    /** The URL with any {@code password=} parameter masked, for messages and logs. */
    static String redact(String url) {
        return url == null ? null : PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    }

    /** The exception's message plus its root cause's when that adds something (e.g. "Connection refused"). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getMessage() + ")";
        }
        return PASSWORD_PARAM.matcher(message).replaceAll("$1***");
    }
}
