package io.nightshift.store;

import java.sql.SQLException;
import java.util.function.Supplier;

/** A write broke a unique constraint: the row, or one with the same key, exists already. */
public final class DuplicateKeyException extends StoreException {

    /** The SQL state both H2 and PostgreSQL give a unique-constraint violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Runs {@code write}, turning a unique-constraint violation into this exception. */
    static <T> T translate(Supplier<T> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    throw new DuplicateKeyException(sql.getMessage(), e);
                }
            }
            throw e;
        }
    }
}
