package io.nightshift.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One statement of what a study found.
 *
 * @param kind        what it states: verdict, effect, curve, point, best, importance, noise, prose ...
 * @param citedTrials the trials it rests on; all of the question
 * @param numbers     the figures the text quotes, by name, as computed from the store
 * @param source      who wrote it: {@code data} (computed) or {@code model} (a language model's prose)
 * @param flagged     why a check refused the statement; null when it passed
 */
public record Finding(long id, long questionId, String kind, String text, List<Long> citedTrials,
                      Map<String, Double> numbers, String source, String flagged, Instant createdAt) {

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        citedTrials = List.copyOf(citedTrials);
        numbers = Map.copyOf(numbers);
        Objects.requireNonNull(source, "source");
    }

    /** A finding not stored yet. */
    public record New(String kind, String text, List<Long> citedTrials, Map<String, Double> numbers, String source,
                      String flagged) {
        public New {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
            citedTrials = List.copyOf(citedTrials);
            numbers = Map.copyOf(numbers);
            Objects.requireNonNull(source, "source");
        }
    }
}
