package io.nightshift.agent.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nightshift.agent.worker.SleepyPlugin;
import io.nightshift.agent.worker.TinyPlugin;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionOrigin;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How time and memory are estimated, and that an estimate says what it rests on. */
class ProposalEstimatorTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Question QUESTION = new Question(1, "tiny", "q", "tpe", 10, 100, 1, QuestionStatus.ACTIVE, T0, null,
            null, QuestionOrigin.PERSON, "manual", null, null, null);

    private static Trial trial(long id, Map<String, Object> params, double seconds, TrialStatus status) {
        return new Trial(id, 1, id, 1, id, status, "w", T0, T0, T0.plusMillis((long) (seconds * 1000)), null,
                status == TrialStatus.COMPLETED ? 0.5 : null, Map.of(), null, params, null);
    }

    private static Map<String, Object> config(int width, double x) {
        return Map.of("width", width, "x", x);
    }

    @Test
    void withNothingFinishedThereIsNoTimeEstimateButSizeAndMemoryAreKnown() {
        ProposalEstimate e = new ProposalEstimator().forQuestion(new TinyPlugin(), QUESTION, List.of()).estimate(config(100, 0.5));

        assertThat(e.parameters()).hasValue(TinyPlugin.parameters(100));
        assertThat(e.seconds()).isEmpty();
        assertThat(e.timeText()).isEqualTo("no estimate yet (no trial of this question has completed yet); at most the"
                + " trial budget, 100 s");
        // 16 B per parameter (weights, gradients, Adam's two moments) + 8 B per activation of one batch.
        assertThat(e.memoryBytes()).hasValue(TinyPlugin.parameters(100) * 16 + 100 * 32 * 8);
        assertThat(e.memoryText()).startsWith("about 0.18 MB (16 B per parameter").contains("8 B per activation");
        assertThat(e.parametersText()).isEqualTo("10,010");
    }

    @Test
    void theSameConfigurationRunBeforeGivesItsMedianTime() {
        List<Trial> trials = List.of(trial(1, config(100, 0.5), 10, TrialStatus.COMPLETED),
                trial(2, config(100, 0.5), 30, TrialStatus.COMPLETED), trial(3, config(100, 0.5), 20, TrialStatus.COMPLETED),
                trial(4, config(100, 0.5), 99, TrialStatus.FAILED), trial(5, config(1000, 0.1), 80, TrialStatus.COMPLETED));
        ProposalEstimate e = new ProposalEstimator().forQuestion(new TinyPlugin(), QUESTION, trials).estimate(config(100, 0.5));
        assertThat(e.seconds()).hasValue(20.0);
        assertThat(e.timeText()).isEqualTo("about 20 s (median of 3 earlier runs of this configuration)");
    }

    @Test
    void otherwiseEarlierTimesAreScaledByParameterCountAndCappedByTheBudget() {
        // 10 s for 10,010 parameters and 40 s for 40,010: about 1 ms per parameter.
        List<Trial> trials = List.of(trial(1, config(100, 0.5), 10.01, TrialStatus.COMPLETED),
                trial(2, config(400, 0.5), 40.01, TrialStatus.COMPLETED));
        ProposalEstimator.ForQuestion basis = new ProposalEstimator().forQuestion(new TinyPlugin(), QUESTION, trials);

        ProposalEstimate mid = basis.estimate(config(200, 0.9));
        assertThat(mid.seconds().getAsDouble()).isCloseTo(20.01, within(0.01));
        assertThat(mid.timeBasis()).isEqualTo("from 2 completed trials of this question, scaled by parameter count");

        ProposalEstimate huge = basis.estimate(config(4000, 0.9));
        assertThat(huge.seconds()).hasValue(100.0);
        assertThat(huge.timeBasis()).endsWith("; capped by the trial budget");
    }

    @Test
    void withoutSizesTheMedianTimeIsUnscaledAndMemoryIsUnknown() {
        Question q = new Question(1, "sleepy", "q", "tpe", 10, 100, 1, QuestionStatus.ACTIVE, T0, null, null,
                QuestionOrigin.PERSON, null, null, null, null);
        List<Trial> trials = List.of(trial(1, Map.of("x", 0.1), 4, TrialStatus.COMPLETED),
                trial(2, Map.of("x", 0.2), 6, TrialStatus.COMPLETED));
        ProposalEstimate e = new ProposalEstimator().forQuestion(new SleepyPlugin(), q, trials).estimate(Map.of("x", 0.3));
        assertThat(e.parameters()).isEmpty();
        assertThat(e.memoryBytes()).isEmpty();
        assertThat(e.memoryText()).isEqualTo("unknown (the plugin does not report parameter counts)");
        assertThat(e.seconds()).hasValue(5.0);
        assertThat(e.timeBasis()).isEqualTo("median of 2 completed trials of this question, not scaled (parameter counts unknown)");

        ProposalEstimate missing = new ProposalEstimator().forQuestion(null, q, trials).estimate(Map.of("x", 0.3));
        assertThat(missing.memoryText()).contains("plugin is not installed here");
        assertThat(missing.seconds()).hasValue(5.0);
    }

    @Test
    void aPluginThatThrowsIsReadAsUnknownAndAskedOncePerConfiguration() {
        int[] calls = {0};
        TinyPlugin broken = new TinyPlugin();
        io.nightshift.plugin.Plugin throwing = new io.nightshift.plugin.Plugin() {
            @Override
            public io.nightshift.plugin.PluginDescriptor descriptor() {
                return broken.descriptor();
            }

            @Override
            public java.util.OptionalLong parameterCount(Map<String, Object> params) {
                calls[0]++;
                throw new IllegalStateException("no idea");
            }

            @Override
            public io.nightshift.plugin.TrialResult run(io.nightshift.plugin.TrialContext context) {
                throw new UnsupportedOperationException();
            }
        };
        ProposalEstimator estimator = new ProposalEstimator();
        for (int i = 0; i < 3; i++) {
            ProposalEstimate e = estimator.forQuestion(throwing, QUESTION, List.of()).estimate(config(5, 0.5));
            assertThat(e.parameters()).isEmpty();
        }
        assertThat(calls[0]).isEqualTo(1);
    }
}
