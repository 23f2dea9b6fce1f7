package io.nightshift.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightshift database: a connection pool on an H2 file or a PostgreSQL server, migrated to the current
 * schema on open, and the repositories over it. Every write commits at once (autocommit), so a killed process
 * loses nothing it had already written. Thread-safe; open one per process and share it.
 */
public final class Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    static {
        H2Security.bindServersToLoopback();
    }

    /**
     * Room for the repositories plus a Quartz JDBC job store on the same pool: Quartz wants its thread count
     * plus a few connections.
     */
    static final int MAX_POOL_SIZE = 16;

    /** How long an open waits while another process takes over a dead process's H2 lock file. */
    static final java.time.Duration H2_LOCK_RETRY = java.time.Duration.ofSeconds(20);

    /** How long an open waits for a process that holds the H2 file and is still opening it (see h2Connection). */
    static final java.time.Duration H2_OPENING_RETRY = java.time.Duration.ofSeconds(10);

    private final String jdbcUrl;
    private final Vendor vendor;
    private final HikariDataSource dataSource;
    private final QuestionRepository questions;
    private final ProposalRepository proposals;
    private final TrialRepository trials;
    private final MetricRepository metrics;
    private final DecisionRepository decisions;
    private final LlmCallRepository llmCalls;
    private final FindingRepository findings;
    private final StopRequestRepository stopRequests;
    private final ArtifactRepository artifacts;
    private final NodeRepository nodes;
    private final Jdbi jdbi;

    private Store(String jdbcUrl, Vendor vendor, HikariDataSource dataSource, Clock clock) {
        this.jdbcUrl = jdbcUrl;
        this.vendor = vendor;
        this.dataSource = dataSource;
        Jdbi jdbi = Jdbi.create(dataSource);
        this.jdbi = jdbi;
        this.questions = new QuestionRepository(jdbi, clock);
        this.proposals = new ProposalRepository(jdbi, clock);
        this.trials = new TrialRepository(jdbi, clock);
        this.metrics = new MetricRepository(jdbi);
        this.decisions = new DecisionRepository(jdbi);
        this.llmCalls = new LlmCallRepository(jdbi, clock);
        this.findings = new FindingRepository(jdbi, clock);
        this.stopRequests = new StopRequestRepository(jdbi, clock);
        this.artifacts = new ArtifactRepository(jdbi, clock);
        this.nodes = new NodeRepository(jdbi);
    }

    /** Opens the database, creating or migrating its schema; creation times come from the UTC system clock. */
    public static Store open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, Clock.systemUTC());
    }

    /**
     * As {@link #open(String, String, String)}, with the clock that stamps created_at (for tests).
     *
     * @throws StoreException           if the database cannot be reached or migrated; the message names the
     *                                  URL (password removed) and what to do
     * @throws IllegalArgumentException if the URL is neither H2 nor PostgreSQL
     */
    public static Store open(String jdbcUrl, String user, String password, Clock clock) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(clock, "clock");
        Vendor vendor = Vendor.fromJdbcUrl(jdbcUrl);
        if (vendor == Vendor.H2) {
            H2Security.requirePassword(jdbcUrl, password);
        }
        HikariDataSource dataSource = connect(vendor, jdbcUrl, user, password);
        try {
            if (vendor == Vendor.H2) {
                H2Security.restrictFiles(jdbcUrl);
            }
            migrate(vendor, jdbcUrl, dataSource);
            return new Store(jdbcUrl, vendor, dataSource, clock);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * The URL of an H2 database kept in {@code <file>.mv.db}, shareable with a second process of the same user
     * (through a server on loopback; it needs a password, see {@link #open}).
     */
    public static String h2FileUrl(Path fileWithoutExtension) {
        return JdbcUrls.h2File(Objects.requireNonNull(fileWithoutExtension, "fileWithoutExtension"));
    }

    /**
     * The file (without extension) an H2 URL keeps its data in; empty for other databases and for in-memory or
     * server H2 URLs.
     */
    public static java.util.Optional<Path> h2File(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:") ? H2Security.baseFile(jdbcUrl) : java.util.Optional.empty();
    }

    public QuestionRepository questions() {
        return questions;
    }

    public ProposalRepository proposals() {
        return proposals;
    }

    public TrialRepository trials() {
        return trials;
    }

    public MetricRepository metrics() {
        return metrics;
    }

    public DecisionRepository decisions() {
        return decisions;
    }

    /** The controllers working on this database. */
    public NodeRepository nodes() {
        return nodes;
    }

    /** What trials produced, and the lines they logged. */
    public ArtifactRepository artifacts() {
        return artifacts;
    }

    /** Requests to stop the running controllers. */
    public StopRequestRepository stopRequests() {
        return stopRequests;
    }

    /** What finished studies found. */
    public FindingRepository findings() {
        return findings;
    }

    /**
     * Runs {@code work} in one transaction: every repository call it makes on this thread joins it (Jdbi reuses
     * the open handle), so a step that writes several rows commits all of them or none.
     */
    public <T> T inTransaction(java.util.function.Supplier<T> work) {
        return jdbi.inTransaction(h -> work.get());
    }

    /** Calls to language models and what they cost. */
    public LlmCallRepository llmCalls() {
        return llmCalls;
    }

    /**
     * Runs {@code work} with one connection: the repository calls it makes on this thread share it
     * (Jdbi reuses the open handle for nested calls) instead of taking one from the pool each.
     */
    public <T> T withOneConnection(java.util.function.Supplier<T> work) {
        return jdbi.withHandle(h -> work.get());
    }

    /** The pooled connections, autocommit on; also meant for the Quartz job store (its QRTZ_ tables live here). */
    public DataSource dataSource() {
        return dataSource;
    }

    public Vendor vendor() {
        return vendor;
    }

    /** The URL as given, password included: for connecting, never for showing. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The URL with any password in it masked ({@code password=***}, {@code user:***@host}): the one to show. */
    public String displayUrl() {
        return JdbcUrls.redact(jdbcUrl);
    }

    /** As {@link #displayUrl()}, for a URL no store has opened yet. */
    public static String displayUrl(String jdbcUrl) {
        return JdbcUrls.redact(jdbcUrl);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static HikariDataSource connect(Vendor vendor, String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("nightshift-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setAutoCommit(true);
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        config.setMinimumIdle(2);
        // Fail in open() with the driver's reason rather than on the first query.
        config.setInitializationFailTimeout(1);
        if (vendor == Vendor.POSTGRESQL) {
            config.addDataSourceProperty("ApplicationName", "nightshift");
        }
        if (vendor == Vendor.H2 && !jdbcUrl.toUpperCase(Locale.ROOT).contains("WRITE_DELAY")) {
            // H2 otherwise writes commits to the file up to 500 ms later, and a killed process loses them
            // (shown by H2StoreTest). A URL that sets WRITE_DELAY itself is taken as a deliberate choice.
            config.setConnectionInitSql("SET WRITE_DELAY 0");
        }
        // A first connection outside the pool gives the driver's own error, without the stack trace HikariCP
        // logs when its start fails; held open so that an embedded H2 database is not opened twice.
        try (Connection probe = probe(vendor, jdbcUrl, user, password)) {
            return new HikariDataSource(config);
        } catch (SQLException | RuntimeException e) {
            throw OpenFailures.describe(vendor, jdbcUrl, user, e);
        }
    }

    private static Connection probe(Vendor vendor, String jdbcUrl, String user, String password) throws SQLException {
        try {
            return vendor == Vendor.H2 ? h2Connection(jdbcUrl, user, password)
                    : DriverManager.getConnection(jdbcUrl, user, password);
        } catch (SQLException e) {
            if (vendor == Vendor.H2 && e.getErrorCode() == OpenFailures.H2_WRONG_USER_OR_PASSWORD
                    && H2Security.upgradeLegacyEmptyPassword(jdbcUrl, user, password)) {
                return DriverManager.getConnection(jdbcUrl, user, password);
            }
            throw e;
        }
    }

    /**
     * After a process holding the file was killed, H2 takes over its lock file, and refuses with "lock file
     * recently modified" while another process (a 'status', a restarted 'run') is doing the same at that moment.
     * Both succeed a moment later, so that refusal is retried for a while instead of ending the command.
     */
    private static Connection h2Connection(String jdbcUrl, String user, String password) throws SQLException {
        long until = System.nanoTime() + H2_LOCK_RETRY.toNanos();
        while (true) {
            try {
                return DriverManager.getConnection(jdbcUrl, user, password);
            } catch (SQLException e) {
                String message = String.valueOf(e.getMessage());
                boolean takingOver = e.getErrorCode() == OpenFailures.H2_ERROR_OPENING_DATABASE
                        && (message.contains("Lock file recently modified")
                            || message.contains("Another process was faster")
                            || message.contains("Concurrent update"));
                // Held by a process that is opening it: its server's address is in the lock file a moment later.
                boolean opening = e.getErrorCode() == OpenFailures.H2_DATABASE_ALREADY_OPEN
                        && System.nanoTime() < until - H2_LOCK_RETRY.minus(H2_OPENING_RETRY).toNanos();
                if (!(takingOver || opening) || System.nanoTime() > until) {
                    throw e;
                }
                LOG.info("the H2 lock file of {} is being taken over by another process; trying again",
                        JdbcUrls.redact(jdbcUrl));
                try {
                    Thread.sleep(250 + (long) (Math.random() * 250));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void migrate(Vendor vendor, String jdbcUrl, DataSource dataSource) {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/common", vendor.migrationLocation())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            LOG.info("Opened {} store at {} (schema version {}, {} migration(s) applied now)", vendor,
                    JdbcUrls.redact(jdbcUrl), result.targetSchemaVersion, result.migrationsExecuted);
        } catch (FlywayException e) {
            throw new StoreException("cannot bring the schema of " + JdbcUrls.redact(jdbcUrl)
                    + " up to date: " + e.getMessage(), e);
        }
    }
}
