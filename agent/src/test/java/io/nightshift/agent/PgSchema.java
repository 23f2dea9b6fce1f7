package io.nightshift.agent;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema on the PostgreSQL server the tests use ({@code -Dnightshift.test.pg.url}, default the local
 * server's database {@code test}; {@code none} skips), dropped with everything in it on close.
 */
public final class PgSchema implements AutoCloseable {

    public static final String SERVER = System.getProperty("nightshift.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getProperty("nightshift.test.pg.user", "postgres");
    public static final String PASSWORD = System.getProperty("nightshift.test.pg.password", "");

    private final String name;

    private PgSchema(String name) {
        this.name = name;
    }

    /** Skips the test when PostgreSQL tests are off, else creates {@code <prefix>_<random>}. */
    public static PgSchema create(String prefix) throws SQLException {
        assumeFalse(SERVER.isBlank() || SERVER.equals("none"), "PostgreSQL tests skipped (-Dnightshift.test.pg.url=none)");
        PgSchema schema = new PgSchema(prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        schema.execute("CREATE SCHEMA " + schema.name);
        return schema;
    }

    public String name() {
        return name;
    }

    /** The server's URL with this schema as the current one. */
    public String url() {
        return SERVER + (SERVER.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA " + name + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
