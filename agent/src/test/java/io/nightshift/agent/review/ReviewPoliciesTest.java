package io.nightshift.agent.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.store.Placement;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionOrigin;
import io.nightshift.store.QuestionStatus;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each review policy: its text, how it is parsed and refused, and what it decides. */
class ReviewPoliciesTest {

    static final Proposal PROPOSAL = new Proposal(7, 1, Map.of("width", 64), "tpe", "why", "what", ProposalStatus.PENDING,
            null, Instant.EPOCH, Placement.NONE);

    /** 1,000,000 parameters, 16 MB, 90 s, trial budget 300 s. */
    static ProposalEstimate estimate(Long parameters, Long memoryBytes, Double seconds, int budget) {
        return new ProposalEstimate(parameters == null ? OptionalLong.empty() : OptionalLong.of(parameters),
                OptionalLong.empty(), memoryBytes == null ? OptionalLong.empty() : OptionalLong.of(memoryBytes),
                memoryBytes == null ? "the plugin does not report parameter counts" : "formula",
                seconds == null ? OptionalDouble.empty() : OptionalDouble.of(seconds),
                seconds == null ? "no trial of this question has completed yet" : "scaled", budget);
    }

    private static ReviewPolicy.Outcome review(String policy, ProposalEstimate estimate) {
        return ReviewPolicies.parse(policy).review(PROPOSAL, () -> estimate);
    }

    @Test
    void autoApprovesAtOnceWithoutLookingAtEstimates() {
        AtomicInteger asked = new AtomicInteger();
        for (String text : new String[] {null, "", "  ", "auto", " AUTO "}) {
            ReviewPolicy policy = ReviewPolicies.parse(text);
            assertThat(policy.text()).isEqualTo("auto");
            ReviewPolicy.Outcome outcome = policy.review(PROPOSAL, () -> {
                asked.incrementAndGet();
                return estimate(1L, 1L, 1.0, 60);
            });
            assertThat(outcome.isDecided()).isTrue();
            assertThat(outcome.decision().approved()).isTrue();
            assertThat(outcome.decision().actor()).isEqualTo(AutoApprovePolicy.ACTOR);
        }
        assertThat(asked).hasValue(0);
    }

    @Test
    void manualLeavesEveryProposalForAPerson() {
        ReviewPolicy policy = ReviewPolicies.parse("manual");
        assertThat(policy.text()).isEqualTo("manual");
        ReviewPolicy.Outcome outcome = policy.review(PROPOSAL, () -> {
            throw new AssertionError("manual needs no estimate");
        });
        assertThat(outcome.isDecided()).isFalse();
        assertThat(outcome.waitingBecause()).contains("manual").contains("waits for a person");
    }

    @Test
    void limitsAreWrittenBackInOneCanonicalForm() {
        assertThat(ReviewPolicies.parse("auto-with-limits:max-params=2000000,max-minutes=5").text())
                .isEqualTo("auto-with-limits:max-params=2000000,max-minutes=5");
        assertThat(ReviewPolicies.parse(" Auto-With-Limits : max-memory-mb = 4_096 , max-params=2M, max-minutes=0.5 ").text())
                .isEqualTo("auto-with-limits:max-params=2000000,max-minutes=0.5,max-memory-mb=4096");
        assertThat(ReviewPolicies.parse("auto-with-limits:max-params=1.5M").text()).isEqualTo("auto-with-limits:max-params=1500000");
        assertThat(ReviewPolicies.parse("auto-with-limits:max-params=500k").text()).isEqualTo("auto-with-limits:max-params=500000");
        AutoWithLimitsPolicy.Limits limits = ((AutoWithLimitsPolicy) ReviewPolicies.parse(
                "auto-with-limits:max-params=2_000_000,max-minutes=5,max-memory-mb=512")).limits();
        assertThat(limits).isEqualTo(new AutoWithLimitsPolicy.Limits(2_000_000L, 5.0, 512L));
        // What it writes, it reads back as the same policy.
        String text = ReviewPolicies.parse("auto-with-limits:max-minutes=2.25,max-params=10").text();
        assertThat(ReviewPolicies.parse(text).text()).isEqualTo(text);
    }

    @Test
    void badPoliciesAreRefusedSayingWhatIsAccepted() {
        assertThatThrownBy(() -> ReviewPolicies.parse("automatic")).hasMessageContaining("unknown review policy 'automatic'")
                .hasMessageContaining("auto, manual, or auto-with-limits:");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits")).hasMessageContaining("needs at least one limit")
                .hasMessageContaining("auto-with-limits:max-params=2000000,max-minutes=5");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits:")).hasMessageContaining("needs at least one limit");
        assertThatThrownBy(() -> ReviewPolicies.parse("manual:max-params=5")).hasMessageContaining("manual takes no limits")
                .hasMessageContaining("auto-with-limits:max-params=5");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits:max-gpus=1")).hasMessageContaining("unknown limit 'max-gpus'")
                .hasMessageContaining("max-params, max-minutes and max-memory-mb");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits:max-params")).hasMessageContaining("max-params needs a value");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits:max-params=lots"))
                .hasMessageContaining("max-params must be a positive whole number").hasMessageContaining("'lots'");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits:max-params=0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits:max-params=1.5")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits:max-minutes=-1")).hasMessageContaining("max-minutes must be a positive number");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits:max-minutes=NaN")).hasMessageContaining("max-minutes");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits:max-memory-mb=1.5")).hasMessageContaining("max-memory-mb must be a positive whole number");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits:max-params=1,max-params=2")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> ReviewPolicies.parse("auto-with-limits:max-params=1,,max-minutes=2")).hasMessageContaining("empty limit");
    }

    @Test
    void withinEveryLimitIsApprovedSayingWhy() {
        ReviewPolicy.Outcome outcome = review("auto-with-limits:max-params=2000000,max-minutes=5,max-memory-mb=64",
                estimate(1_000_000L, 16L * 1024 * 1024, 90.0, 300));
        assertThat(outcome.isDecided()).isTrue();
        assertThat(outcome.decision().approved()).isTrue();
        assertThat(outcome.decision().actor()).isEqualTo(AutoWithLimitsPolicy.ACTOR);
        assertThat(outcome.decision().reason()).contains("1,000,000 parameters <= max-params 2,000,000")
                .contains("estimated 90 s <= max-minutes 5").contains("estimated 16.0 MB <= max-memory-mb 64");
    }

    @Test
    void overALimitWaitsForAPersonWithEveryReason() {
        ReviewPolicy.Outcome outcome = review("auto-with-limits:max-params=500000,max-minutes=1,max-memory-mb=8",
                estimate(1_000_000L, 16L * 1024 * 1024, 90.0, 300));
        assertThat(outcome.isDecided()).isFalse();
        assertThat(outcome.waitingBecause()).contains("1,000,000 parameters > max-params 500,000")
                .contains("estimated 90 s > max-minutes 1").contains("estimated 16.0 MB > max-memory-mb 8");
        // One limit over is enough to wait; the others are not mentioned as problems.
        ReviewPolicy.Outcome one = review("auto-with-limits:max-params=2000000,max-minutes=1", estimate(1_000_000L, null, 90.0, 300));
        assertThat(one.waitingBecause()).endsWith(": estimated 90 s > max-minutes 1").doesNotContain("parameters");
    }

    @Test
    void whatCannotBeCheckedWaitsButTheTrialBudgetBoundsTheTime() {
        // The plugin cannot say how big the model is: a size limit cannot be vouched for.
        assertThat(review("auto-with-limits:max-params=10", estimate(null, null, 1.0, 60)).waitingBecause())
                .contains("parameter count unknown");
        assertThat(review("auto-with-limits:max-memory-mb=10", estimate(null, null, 1.0, 60)).waitingBecause())
                .contains("memory unknown").contains("does not report parameter counts");
        // No trial finished yet, but none can run longer than its budget: 2 min is within 5.
        ReviewPolicy.Outcome bounded = review("auto-with-limits:max-minutes=5", estimate(null, null, null, 120));
        assertThat(bounded.isDecided()).isTrue();
        assertThat(bounded.decision().reason()).contains("no time estimate yet, but the trial budget (2.0 min) is within max-minutes 5");
        // A budget above the limit and nothing to estimate from: a person decides.
        assertThat(review("auto-with-limits:max-minutes=1", estimate(null, null, null, 600)).waitingBecause())
                .contains("no time estimate yet (no trial of this question has completed yet)")
                .contains("trial budget (10.0 min) is above max-minutes 1");
    }

    @Test
    void aQuestionUsesItsOwnPolicyAndAnUnreadableOneHoldsEverything() {
        ReviewPolicy fallback = new AutoApprovePolicy();
        assertThat(ReviewPolicies.forQuestion(question(null), fallback)).isSameAs(fallback);
        assertThat(ReviewPolicies.forQuestion(question("manual"), fallback)).isInstanceOf(ManualPolicy.class);
        ReviewPolicy unreadable = ReviewPolicies.forQuestion(question("mostly-auto"), fallback);
        assertThat(unreadable.text()).isEqualTo("mostly-auto");
        ReviewPolicy.Outcome outcome = unreadable.review(PROPOSAL, () -> estimate(1L, 1L, 1.0, 1));
        assertThat(outcome.isDecided()).isFalse();
        assertThat(outcome.waitingBecause()).contains("'mostly-auto' cannot be read").contains("waits for a person");
    }

    private static Question question(String policy) {
        return new Question(1, "tiny", "q", "tpe", 5, 60, 1, QuestionStatus.ACTIVE, Instant.EPOCH, null, null,
                QuestionOrigin.PERSON, policy, null, null, null);
    }
}
