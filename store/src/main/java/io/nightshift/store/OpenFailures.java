package io.nightshift.store;

import java.sql.SQLException;

/** Turns the driver's reason for not connecting into a message that says which database and what to do. */
final class OpenFailures {

    // org.h2.api.ErrorCode values; named here so that the store does not compile against H2 internals.
    static final int H2_DATABASE_ALREADY_OPEN = 90020;
    static final int H2_ERROR_OPENING_DATABASE = 8000;
    static final int H2_WRONG_USER_OR_PASSWORD = 28000;
    private static final int H2_FILE_VERSION_ERROR = 90048;
    private static final int H2_FILE_CORRUPTED = 90030;
    private static final int H2_ADMIN_RIGHTS_REQUIRED = 90040;

    private OpenFailures() {
    }

    static StoreException describe(Vendor vendor, String jdbcUrl, String user, Throwable failure) {
        String url = JdbcUrls.redact(jdbcUrl);
        SQLException sql = firstSqlException(failure);
        String cause = sql != null ? sql.getMessage() : String.valueOf(failure.getMessage());
        Throwable root = rootCause(failure);
        if (root != sql && root != failure) {
            // e.g. "The connection attempt failed." says nothing without its UnknownHostException
            cause += " (" + root + ")";
        }
        String advice = sql == null ? null : switch (vendor) {
            case H2 -> h2Advice(sql, url);
            case POSTGRESQL -> postgresAdvice(sql, url, user);
        };
        String message = advice != null
                ? advice + " [" + cause + "]"
                : "cannot open the " + vendor + " database at " + url + ": " + cause;
        return new StoreException(message, failure);
    }

    private static String h2Advice(SQLException e, String url) {
        return switch (e.getErrorCode()) {
            case H2_DATABASE_ALREADY_OPEN -> "the H2 database " + url + " is held by another process that opened it"
                    + " without AUTO_SERVER=TRUE (an H2 console, a tool, or a nightshift given a different URL)."
                    + " Stop that process, or have every process open it with ;AUTO_SERVER=TRUE in the URL"
                    + " (as Store.h2FileUrl does) so that they can share it.";
            case H2_WRONG_USER_OR_PASSWORD -> "the H2 database " + url + " rejected the user name or password;"
                    + " use the ones it was created with.";
            case H2_ADMIN_RIGHTS_REQUIRED -> "the user is not an administrator of the H2 database " + url
                    + ", and nightshift sets WRITE_DELAY 0 on it so that a killed process loses no commits."
                    + " Use the user that created the database, or add ;WRITE_DELAY=0 to the URL once as that user.";
            case H2_FILE_VERSION_ERROR, H2_FILE_CORRUPTED -> "the H2 database file of " + url + " cannot be read:"
                    + " it is damaged or was written by an incompatible H2 version. Restore a backup, or move the"
                    + " file away to start a new database.";
            default -> null;
        };
    }

    private static String postgresAdvice(SQLException e, String url, String user) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) {
            return "the PostgreSQL server at " + url + " is not reachable. Check that it is running and accepts"
                    + " TCP connections on that host and port (pg_isready -h HOST -p PORT), fix the URL in the"
                    + " configuration, or use the default embedded H2 database instead.";
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return "the PostgreSQL server at " + url + " rejected user '" + user + "'. Check the user and password"
                    + " in the configuration, and that pg_hba.conf allows this client.";
        }
        if (state.equals("3D000")) {
            return "the database named in " + url + " does not exist on that PostgreSQL server;"
                    + " create it first (createdb -h HOST -U USER NAME).";
        }
        return null;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static SQLException firstSqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
