package io.nightshift.store;

import java.util.Locale;

/** The databases the store supports, each with its own Flyway folder for vendor-specific DDL (Quartz tables). */
public enum Vendor {
    H2("jdbc:h2:", "h2"),
    POSTGRESQL("jdbc:postgresql:", "postgresql");

    private final String urlPrefix;
    private final String migrationFolder;

    Vendor(String urlPrefix, String migrationFolder) {
        this.urlPrefix = urlPrefix;
        this.migrationFolder = migrationFolder;
    }

    public static Vendor fromJdbcUrl(String jdbcUrl) {
        String lower = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        for (Vendor vendor : values()) {
            if (lower.startsWith(vendor.urlPrefix)) {
                return vendor;
            }
        }
        throw new IllegalArgumentException("unsupported JDBC URL '" + JdbcUrls.redact(jdbcUrl)
                + "': nightshift stores its data in H2 (jdbc:h2:async:/path/to/nightshift;AUTO_SERVER=TRUE)"
                + " or PostgreSQL (jdbc:postgresql://host:5432/database)");
    }

    /** Flyway location of the migrations only this vendor runs, next to the common ones. */
    String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
    }
}
