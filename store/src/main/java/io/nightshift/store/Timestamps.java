package io.nightshift.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.argument.Argument;

/**
 * Binds and reads TIMESTAMP WITH TIME ZONE as OffsetDateTime in UTC. Jdbi's default binds Instant through
 * java.sql.Timestamp, which goes via the JVM's time zone and can shift instants in a daylight-saving overlap.
 */
final class Timestamps {

    private Timestamps() {
    }

    /** Truncated to microseconds, the precision both databases keep, so that what is written reads back equal. */
    static Argument bind(Instant instant) {
        OffsetDateTime value = OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        return (position, statement, ctx) -> statement.setObject(position, value);
    }

    static Instant read(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
