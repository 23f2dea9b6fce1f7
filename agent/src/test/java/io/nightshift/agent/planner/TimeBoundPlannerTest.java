package io.nightshift.agent.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.agent.planner.PlanResult.Planned;
import io.nightshift.agent.planner.random.RandomPlanner;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The time bound on its own, with planners that take as long as the test says. */
class TimeBoundPlannerTest {

    static final PluginDescriptor PLUGIN = new PluginDescriptor("toy", "toy", null,
            SearchSpace.builder().floatParam("x", 0, 1).build(), Objective.maximize("score"), List.of());
    static final PlanningContext CONTEXT = new PlanningContext(1, "q", PLUGIN, List.of(), List.of(), List.of(), 10);

    final ExecutorService executor = Executors.newCachedThreadPool();
    final Planner fallback = new RandomPlanner(3);

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    /** Answers after {@code wait}, or throws; remembers the deadline it was given and whether it saw it pass. */
    static final class Slow implements TimedPlanner {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<Deadline> given = new AtomicReference<>();
        final AtomicReference<Boolean> passedAtEnd = new AtomicReference<>();
        final RuntimeException failure;

        Slow(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public String name() {
            return "llm";
        }

        @Override
        public List<ProposedExperiment> propose(PlanningContext context, int count) {
            return plan(context, count).accepted().stream().map(Planned::experiment).toList();
        }

        @Override
        public PlanResult plan(PlanningContext context, int count, Deadline deadline) {
            given.set(deadline);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            passedAtEnd.set(deadline.passed());
            if (failure != null) {
                throw failure;
            }
            return PlanResult.accepted("llm", List.of(new ProposedExperiment(Map.of("x", 0.5), "why", "h")));
        }
    }

    @Test
    void aRoundWithinTheLimitIsReturnedAsItIs() {
        Slow slow = new Slow(null);
        slow.release.countDown();
        TimeBoundPlanner bounded = new TimeBoundPlanner(slow, fallback, Duration.ofSeconds(5), executor);

        PlanResult result = bounded.plan(CONTEXT, 1);

        assertThat(bounded.name()).isEqualTo("llm");
        assertThat(result.accepted()).extracting(Planned::planner).containsExactly("llm");
        assertThat(slow.given.get().limit()).isEqualTo(Duration.ofSeconds(5));
        assertThat(slow.passedAtEnd.get()).isFalse();
    }

    @Test
    void pastTheLimitTheFallbackPlansTheRoundAndTheSlowRoundSeesItsDeadlinePassed() throws Exception {
        Slow slow = new Slow(null);
        TimeBoundPlanner bounded = new TimeBoundPlanner(slow, fallback, Duration.ofMillis(300), executor);

        long start = System.nanoTime();
        PlanResult result = bounded.plan(CONTEXT, 2);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(millis).isBetween(250L, 2_000L);
        assertThat(result.accepted()).hasSize(2).extracting(Planned::planner).containsOnly("random");
        slow.release.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(slow.passedAtEnd.get()).as("the abandoned round knows it was abandoned").isTrue();
    }

    @Test
    void aFailingRoundThrowsItsOwnException() {
        Slow slow = new Slow(new IllegalStateException("planner bug"));
        slow.release.countDown();
        TimeBoundPlanner bounded = new TimeBoundPlanner(slow, fallback, Duration.ofSeconds(5), executor);

        assertThatThrownBy(() -> bounded.plan(CONTEXT, 1)).isInstanceOf(IllegalStateException.class).hasMessage("planner bug");
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new TimeBoundPlanner(new Slow(null), fallback, Duration.ZERO, executor))
                .hasMessageContaining("must be positive");
    }

    @Test
    void deadlinesCountOnTheMonotonicClock() {
        long[] now = {1_000};
        Deadline d = Deadline.after(Duration.ofNanos(100), () -> now[0]);
        assertThat(d.passed()).isFalse();
        assertThat(d.left()).isEqualTo(Duration.ofNanos(100));
        now[0] += 100;
        assertThat(d.passed()).isTrue();
        assertThat(d.left()).isZero();
        assertThat(Deadline.none().passed()).isFalse();
        assertThat(Deadline.none().left()).isEqualTo(Deadline.FOREVER);
    }
}
