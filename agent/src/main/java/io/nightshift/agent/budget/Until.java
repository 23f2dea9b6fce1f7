package io.nightshift.agent.budget;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * When {@code --until} ends the night: a local time of day ({@code 07:00}: today, or tomorrow if that is past), a
 * local date and time ({@code 2026-12-02T07:00}), or an instant with its offset ({@code 2026-12-02T07:00+01:00}).
 */
public final class Until {

    private Until() {
    }

    /** @throws IllegalArgumentException saying which forms are understood */
    public static Instant parse(String text, Clock clock) {
        String t = text.trim();
        try {
            if (t.matches("\\d{1,2}:\\d{2}(:\\d{2})?")) {
                LocalTime time = LocalTime.parse(t.length() == 4 ? "0" + t : t);
                ZonedDateTime now = ZonedDateTime.now(clock);
                ZonedDateTime at = now.with(time);
                return (at.isAfter(now) ? at : at.plusDays(1)).toInstant();
            }
            if (t.matches(".*[+-]\\d{2}:\\d{2}$") || t.endsWith("Z")) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).atZone(clock.getZone()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--until '" + text + "' is not a time: give HH:MM (local time; tomorrow"
                    + " if already past), a local date-time like 2026-12-02T07:00, or one with its offset");
        }
    }
}
