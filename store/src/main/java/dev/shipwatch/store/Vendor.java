package dev.shipwatch.store;

import java.util.Locale;

/** The databases Shipwatch stores into, told apart by the JDBC URL. */
public enum Vendor {
    H2("jdbc:h2:", "h2", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate"),
    POSTGRESQL("jdbc:postgresql:", "postgresql", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");

    private final String urlPrefix;
    private final String migrationFolder;
    private final String quartzDelegate;

    Vendor(String urlPrefix, String migrationFolder, String quartzDelegate) {
        this.urlPrefix = urlPrefix;
        this.migrationFolder = migrationFolder;
        this.quartzDelegate = quartzDelegate;
    }

    /** The class name for {@code org.quartz.jobStore.driverDelegateClass} (Quartz has no H2 delegate; the standard one works). */
    public String quartzDelegate() {
        return quartzDelegate;
    }

    /** The Flyway location holding this vendor's own migrations (next to the common ones). */
    String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
    }

    /**
     * The vendor of a JDBC URL.
     *
     * @throws StoreException naming the URL (password redacted) and the supported prefixes
     */
    public static Vendor of(String jdbcUrl) {
        if (jdbcUrl != null) {
            String lower = jdbcUrl.toLowerCase(Locale.ROOT);
            for (Vendor vendor : values()) {
                if (lower.startsWith(vendor.urlPrefix)) {
                    return vendor;
                }
            }
        }
        throw new StoreException("storage.url \"" + Database.redact(jdbcUrl)
                + "\" is not supported: use jdbc:h2:... (embedded) or jdbc:postgresql:... (several nodes)");
    }
}
