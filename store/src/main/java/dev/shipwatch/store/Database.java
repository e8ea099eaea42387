package dev.shipwatch.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shipwatch.config.Storage;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
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
    private static final int POOL_SIZE = 6;
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern CURRENT_SCHEMA_PARAM = Pattern.compile("(?i)[?&]currentSchema=([^&,]+)");

    private final HikariDataSource dataSource;
    private final Vendor vendor;
    private final RunStore runs;
    private final IncidentStore incidents;
    private final MaintenanceStore maintenance;

    private Database(HikariDataSource dataSource, Vendor vendor) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.runs = new JdbcRunStore(dataSource, vendor);
        this.incidents = new JdbcIncidentStore(new Jdbc(dataSource));
        this.maintenance = new JdbcMaintenanceStore(new Jdbc(dataSource));
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
        try {
            pool = new HikariDataSource(poolConfig(storage));
        } catch (RuntimeException e) {
            throw new StoreException("cannot open database " + redact(url) + ": " + rootMessage(e), e);
        }
        try {
            migrate(pool, vendor, url);
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate database " + redact(url) + ": " + rootMessage(e), e);
        }
        return new Database(pool, vendor);
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

    @Override
    public void close() {
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
     * The URL the pool connects with. H2 closes an embedded database in its own JVM shutdown
     * hook, which would race ours: a run aborted by Ctrl-C could not record itself. We close the
     * pool ourselves, so H2 must not (unless the URL says otherwise).
     */
    static String jdbcUrl(String url) {
        if (Vendor.of(url) == Vendor.H2 && !url.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
            return url + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return url;
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
