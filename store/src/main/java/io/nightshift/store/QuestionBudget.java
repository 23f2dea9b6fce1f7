package io.nightshift.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The time a question may take, besides its trial count: a deadline (e.g. 07:00 tomorrow) and a wall-clock
 * limit counted from when it started. Either may be absent.
 *
 * @param startedAt when it became active; null until then
 */
public record QuestionBudget(Instant deadline, Duration maxWall, Instant startedAt) {

    public static final QuestionBudget NONE = new QuestionBudget(null, null, null);

    /** The budget that ends first at {@code now}, if any has: "deadline ..." or "... hours". */
    public Optional<String> spentAt(Instant now) {
        if (deadline != null && !now.isBefore(deadline)) {
            return Optional.of("its deadline " + deadline + " was reached");
        }
        if (maxWall != null && startedAt != null && !now.isBefore(startedAt.plus(maxWall))) {
            return Optional.of("its wall-clock budget of " + hours(maxWall) + " was spent");
        }
        return Optional.empty();
    }

    private static String hours(Duration d) {
        if (d.toSeconds() % 60 != 0) {
            return d.toSeconds() + " s";
        }
        long minutes = d.toMinutes();
        return minutes % 60 == 0 ? (minutes / 60) + " h" : minutes + " min";
    }
}
