package io.nightshift.agent.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.plugin.Objective;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrunerTest {

    static final Objective MAX = Objective.maximize("acc");
    static final Objective MIN = Objective.minimize("loss");

    static NavigableMap<Integer, Double> curve(double... values) {
        NavigableMap<Integer, Double> c = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            c.put(i + 1, values[i]);
        }
        return c;
    }

    @Test
    void theMedianRuleWaitsForItsStartupTrialsAndWarmUpThenStopsTheWorseHalf() {
        MedianPruner median = new MedianPruner(4, 1);
        List<NavigableMap<Integer, Double>> four = List.of(curve(0.5, 0.7), curve(0.5, 0.8), curve(0.5, 0.6),
                curve(0.5, 0.9));

        assertThat(median.judge(curve(0.1), four, four, MAX)).as("warm-up epoch").isEmpty();
        assertThat(median.judge(curve(0.1, 0.2), four.subList(0, 3), four, MAX)).as("3 completed only").isEmpty();
        assertThat(median.judge(curve(0.1, 0.2), four, four, MAX)).hasValueSatisfying(r ->
                assertThat(r).contains("epoch 2").contains("median rule").contains("0.75"));
        assertThat(median.judge(curve(0.1, 0.85), four, four, MAX)).isEmpty();
        assertThat(median.judge(curve(9, 0.2), four, four, MIN)).as("lower is better").isEmpty();
    }

    @Test
    void ashaKeepsTheBestThirdAtEachRungAndJudgesOnlyAtRungs() {
        AshaPruner asha = new AshaPruner(1, 3);
        assertThat(asha.isRung(1)).isTrue();
        assertThat(asha.isRung(3)).isTrue();
        assertThat(asha.isRung(9)).isTrue();
        assertThat(asha.isRung(2)).isFalse();

        List<NavigableMap<Integer, Double>> others = List.of(curve(0.5), curve(0.6));
        assertThat(asha.judge(curve(0.1), List.of(), List.of(curve(0.5)), MAX)).as("too few at the rung").isEmpty();
        assertThat(asha.judge(curve(0.1), List.of(), others, MAX)).hasValueSatisfying(r -> assertThat(r).contains("ASHA"));
        assertThat(asha.judge(curve(0.7), List.of(), others, MAX)).isEmpty();
        assertThat(asha.judge(curve(0.7, 0.1), List.of(), others, MAX)).as("epoch 2 is no rung").isEmpty();
    }

    @Test
    void unknownRulesAreNamed() {
        assertThat(Pruner.named(null)).isEmpty();
        assertThat(Pruner.named("none")).isEmpty();
        assertThat(Pruner.named("Median")).containsInstanceOf(MedianPruner.class);
        assertThatThrownBy(() -> Pruner.named("hyperband")).hasMessageContaining("[none, median, asha]");
    }
}
