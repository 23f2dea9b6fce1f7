package io.nightshift.agent.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.store.QuestionBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class UntilTest {

    final Clock evening = Clock.fixed(Instant.parse("2026-12-01T22:30:00Z"), ZoneId.of("Europe/Paris")); // 23:30 there

    @Test
    void aTimeOfDayIsTodayOrTomorrowInLocalTime() {
        assertThat(Until.parse("07:00", evening)).isEqualTo(Instant.parse("2026-12-02T06:00:00Z"));
        assertThat(Until.parse("23:45", evening)).isEqualTo(Instant.parse("2026-12-01T22:45:00Z"));
        assertThat(Until.parse("7:00", evening)).isEqualTo(Instant.parse("2026-12-02T06:00:00Z"));
        assertThat(Until.parse("2026-12-02T07:00", evening)).isEqualTo(Instant.parse("2026-12-02T06:00:00Z"));
        assertThat(Until.parse("2026-12-02T07:00Z", evening)).isEqualTo(Instant.parse("2026-12-02T07:00:00Z"));
        assertThatThrownBy(() -> Until.parse("tomorrow", evening)).hasMessageContaining("HH:MM");
    }

    @Test
    void aBudgetSaysWhichOfItsLimitsEndedIt() {
        Instant start = Instant.parse("2026-12-01T22:00:00Z");
        QuestionBudget budget = new QuestionBudget(Instant.parse("2026-12-02T06:00:00Z"), Duration.ofHours(2), start);
        assertThat(budget.spentAt(start.plusSeconds(3600))).isEmpty();
        assertThat(budget.spentAt(start.plus(Duration.ofHours(2)))).hasValueSatisfying(s -> assertThat(s).contains("2 h"));
        assertThat(new QuestionBudget(Instant.parse("2026-12-02T06:00:00Z"), null, start)
                .spentAt(Instant.parse("2026-12-02T06:00:00Z"))).hasValueSatisfying(s -> assertThat(s).contains("deadline"));
        assertThat(QuestionBudget.NONE.spentAt(Instant.MAX)).isEmpty();
    }
}
