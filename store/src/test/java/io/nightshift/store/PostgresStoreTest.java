package io.nightshift.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on a real PostgreSQL server, in a schema of its own that is dropped afterwards. The server comes
 * from -Dnightshift.test.pg.url (user: nightshift.test.pg.user, default postgres; password:
 * nightshift.test.pg.password, default empty). An unreachable server fails the class rather than skipping it, so
 * that a broken setup is noticed; -Dnightshift.test.pg.url=none skips it on purpose.
 */
class PostgresStoreTest extends StoreContractTest {

    private static final String URL = System.getProperty("nightshift.test.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("nightshift.test.pg.user", "postgres");
    private static final String PASSWORD = System.getProperty("nightshift.test.pg.password", "");

    private static String schema;

    @BeforeAll
    static void createSchema() {
        assumeFalse(URL.isBlank() || URL.equals("none"), "PostgreSQL tests skipped (-Dnightshift.test.pg.url=none)");
        schema = "nightshift_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            fail("cannot use the PostgreSQL server at " + URL + " as user " + USER + " (" + e.getMessage() + ")."
                    + " Start one there, point the tests at another with -Dnightshift.test.pg.url=jdbc:postgresql://"
                    + "HOST:PORT/DB (and -Dnightshift.test.pg.user=..., -Dnightshift.test.pg.password=...),"
                    + " or skip these tests with -Dnightshift.test.pg.url=none", e);
        }
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (schema == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    protected String jdbcUrl() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    protected String user() {
        return USER;
    }

    @Override
    protected String password() {
        return PASSWORD;
    }

    @Override
    protected Vendor expectedVendor() {
        return Vendor.POSTGRESQL;
    }
}
