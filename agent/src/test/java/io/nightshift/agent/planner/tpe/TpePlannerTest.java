package io.nightshift.agent.planner.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.bench.BenchFunctions;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.agent.planner.SpaceEncoding;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class TpePlannerTest {

    private static PluginDescriptor plugin(SearchSpace space, Objective objective) {
        return new PluginDescriptor("test", "test", null, space, objective, List.of());
    }

    /** Runs the loop as ResearchLoop does: a fresh planner per call, seeded per call. */
    private static List<PlanningContext.PastTrial> optimise(PluginDescriptor plugin, ToDoubleFunction<Map<String, Object>> f,
            int trials, long seed) {
        return optimise(plugin, f, trials, seed, TpePlanner.Settings.defaults());
    }

    private static List<PlanningContext.PastTrial> optimise(PluginDescriptor plugin, ToDoubleFunction<Map<String, Object>> f,
            int trials, long seed, TpePlanner.Settings settings) {
        List<PlanningContext.PastTrial> history = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            PlanningContext ctx = new PlanningContext("q", plugin, history, List.of(), trials - t);
            List<ProposedExperiment> p = new TpePlanner(seed * 1000 + t, settings).propose(ctx, 1);
            assertThat(p).hasSize(1);
            Map<String, Object> params = plugin.searchSpace().validate(p.get(0).parameters());
            history.add(new PlanningContext.PastTrial(params, "COMPLETED", f.applyAsDouble(params)));
        }
        return history;
    }

    private static double x(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }

    @Test
    void concentratesNearTheOptimumIn1D() {
        SearchSpace space = SearchSpace.builder().floatParam("x", -10, 10).build();
        var plugin = plugin(space, Objective.minimize("loss"));
        for (long seed = 1; seed <= 5; seed++) {
            List<PlanningContext.PastTrial> h = optimise(plugin, p -> Math.pow(x(p, "x") - 3.3, 2), 60, seed);
            long near = h.subList(30, 60).stream().filter(t -> Math.abs(x(t.parameters(), "x") - 3.3) < 1.5).count();
            // Random search would put 15% of its draws within 1.5 of the optimum: 4.5 of 30.
            assertThat(near).as("seed %d", seed).isGreaterThanOrEqualTo(12);
            double best = h.stream().mapToDouble(PlanningContext.PastTrial::objective).min().orElseThrow();
            assertThat(best).as("seed %d", seed).isLessThan(0.01);
        }
    }

    @Test
    void concentratesNearTheOptimumIn2DWhenMaximising() {
        SearchSpace space = SearchSpace.builder().floatParam("a", 0, 1).logFloatParam("lr", 1e-5, 1).build();
        var plugin = plugin(space, Objective.maximize("acc"));
        ToDoubleFunction<Map<String, Object>> f = p -> 1 - Math.pow(x(p, "a") - 0.7, 2) - 0.05 * Math.pow(Math.log10(x(p, "lr")) + 3, 2);
        List<PlanningContext.PastTrial> h = optimise(plugin, f, 80, 2);
        long near = h.subList(40, 80).stream().filter(t -> Math.abs(x(t.parameters(), "a") - 0.7) < 0.15
                && Math.abs(Math.log10(x(t.parameters(), "lr")) + 3) < 1).count();
        // Random: 0.3 × 0.4 = 12% of draws in that box.
        assertThat(near).isGreaterThanOrEqualTo(16);
        double best = h.stream().mapToDouble(PlanningContext.PastTrial::objective).max().orElseThrow();
        assertThat(best).isGreaterThan(0.99);
    }

    @Test
    void startsRandomAndIsReproducibleForASeed() {
        SearchSpace space = SearchSpace.builder().floatParam("x", 0, 1).categorical("c", "a", "b").build();
        var plugin = plugin(space, Objective.minimize("loss"));
        List<PlanningContext.PastTrial> h1 = optimise(plugin, p -> x(p, "x"), 20, 7);
        List<PlanningContext.PastTrial> h2 = optimise(plugin, p -> x(p, "x"), 20, 7);
        assertThat(h1).isEqualTo(h2);
        PlanningContext empty = new PlanningContext("q", plugin, List.of(), List.of(), 10);
        assertThat(new TpePlanner(1).propose(empty, 1).get(0).rationale()).startsWith("TPE start-up");
        PlanningContext warm = new PlanningContext("q", plugin, h1, List.of(), 10);
        assertThat(new TpePlanner(1).propose(warm, 1).get(0).rationale()).startsWith("TPE: the candidate");
    }

    @Test
    void aBatchHasNoDuplicatesAndSpreadsOut() {
        // A small discrete space: 3 × 4 = 12 configurations, 8 tried, a batch of 6 asked for.
        SearchSpace space = SearchSpace.builder().categorical("c", "a", "b", "c").intParam("n", 1, 4).build();
        var plugin = plugin(space, Objective.minimize("loss"));
        List<PlanningContext.PastTrial> history = new ArrayList<>();
        int i = 0;
        for (Object c : List.of("a", "b")) {
            for (int n = 1; n <= 4; n++) {
                history.add(new PlanningContext.PastTrial(Map.of("c", c, "n", n), "COMPLETED", i++));
            }
        }
        List<Map<String, Object>> pending = List.of(Map.of("c", "c", "n", 1));
        PlanningContext ctx = new PlanningContext("q", plugin, history, pending, 10);
        List<ProposedExperiment> batch = new TpePlanner(3, TpePlanner.Settings.defaults()).propose(ctx, 6);
        // Only 3 configurations are left; none tried, none pending, none twice.
        assertThat(batch).hasSize(3);
        Set<Map<String, Object>> seen = new HashSet<>();
        for (ProposedExperiment p : batch) {
            assertThat(seen.add(p.parameters())).isTrue();
            assertThat(p.parameters().get("c")).isEqualTo("c");
            assertThat(p.parameters().get("n")).isNotEqualTo(1);
        }
    }

    @Test
    void pendingConfigurationsAndTheBatchActAsLiars() {
        // 1-D, the good region around 0.5: a batch of 8 must not pile up on one point.
        SearchSpace space = SearchSpace.builder().floatParam("x", 0, 1).build();
        var plugin = plugin(space, Objective.minimize("loss"));
        List<PlanningContext.PastTrial> h = optimise(plugin, p -> Math.abs(x(p, "x") - 0.5), 30, 4);
        List<Map<String, Object>> pending = List.of(Map.of("x", 0.5), Map.of("x", 0.501));
        PlanningContext ctx = new PlanningContext("q", plugin, h, pending, 10);
        List<ProposedExperiment> batch = new TpePlanner(9).propose(ctx, 8);
        assertThat(batch).hasSize(8);
        List<Double> xs = batch.stream().map(p -> x(p.parameters(), "x")).sorted().toList();
        double minGap = Double.MAX_VALUE;
        for (int k = 1; k < xs.size(); k++) {
            minGap = Math.min(minGap, xs.get(k) - xs.get(k - 1));
        }
        assertThat(minGap).isGreaterThan(1e-4);
        assertThat(xs).allSatisfy(v -> assertThat(Math.abs(v - 0.5)).isGreaterThan(1e-4));
        // Still exploiting: part of the batch near the optimum (random would put 40% within 0.2). With 30
        // trials already around 0.5 the liars push much of the batch to the good region's edges; that a
        // batched run still converges is checked by batchesNeverRepeatAndAreAboutAsGoodAsOneAtATime.
        assertThat(xs.stream().filter(v -> Math.abs(v - 0.5) < 0.2).count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void failedTrialsCountAsBad() {
        // Everything above 0.5 failed; the objective alone says nothing (all completed trials equal).
        SearchSpace space = SearchSpace.builder().floatParam("x", 0, 1).build();
        var plugin = plugin(space, Objective.maximize("acc"));
        List<PlanningContext.PastTrial> h = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double v = (i + 0.5) / 40;
            h.add(v > 0.5 ? new PlanningContext.PastTrial(Map.of("x", v), "FAILED", Double.NaN)
                    : new PlanningContext.PastTrial(Map.of("x", v), "COMPLETED", 0.5));
        }
        PlanningContext ctx = new PlanningContext("q", plugin, h, List.of(), 10);
        List<ProposedExperiment> batch = new TpePlanner(5).propose(ctx, 10);
        long low = batch.stream().filter(p -> x(p.parameters(), "x") < 0.5).count();
        assertThat(low).isGreaterThanOrEqualTo(8);
    }

    @Test
    void handlesConditionalParameters() {
        SearchSpace space = SearchSpace.builder()
                .categorical("optimizer", "sgd", "adam")
                .floatParam("momentum", 0, 0.99).when("optimizer", "sgd")
                .logFloatParam("lr", 1e-4, 1)
                .build();
        var plugin = plugin(space, Objective.minimize("loss"));
        ToDoubleFunction<Map<String, Object>> f = p -> {
            double lr = Math.pow(Math.log10(x(p, "lr")) + 2, 2);
            return "sgd".equals(p.get("optimizer")) ? lr + Math.pow(x(p, "momentum") - 0.9, 2) * 4 : lr + 0.3;
        };
        List<PlanningContext.PastTrial> h = optimise(plugin, f, 60, 6);
        for (PlanningContext.PastTrial t : h) {
            assertThat(t.parameters().containsKey("momentum")).isEqualTo("sgd".equals(t.parameters().get("optimizer")));
        }
        List<PlanningContext.PastTrial> late = h.subList(30, 60);
        long sgdNearMomentum = late.stream().filter(t -> "sgd".equals(t.parameters().get("optimizer"))
                && Math.abs(x(t.parameters(), "momentum") - 0.9) < 0.15).count();
        assertThat(sgdNearMomentum).isGreaterThanOrEqualTo(12);
        assertThat(h.stream().mapToDouble(PlanningContext.PastTrial::objective).min().orElseThrow()).isLessThan(0.1);
    }

    @Test
    void rankerPrefersCandidatesNearTheGoodRegion() {
        SearchSpace space = SearchSpace.builder().floatParam("x", 0, 1).categorical("c", "a", "b").build();
        var plugin = plugin(space, Objective.minimize("loss"));
        // A history from random search, so that what is tested is the ranking, not the planner's own trajectory.
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        List<PlanningContext.PastTrial> h = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            Map<String, Object> p = space.sample(random);
            h.add(new PlanningContext.PastTrial(p, "COMPLETED", Math.abs(x(p, "x") - 0.2) + ("a".equals(p.get("c")) ? 0 : 0.5)));
        }
        PlanningContext ctx = new PlanningContext("q", plugin, h, List.of(), 10);
        double[] s = new TpePlanner(1).score(ctx, List.of(
                Map.of("x", 0.21, "c", "a"), Map.of("x", 0.9, "c", "a"), Map.of("x", 0.21, "c", "b"), Map.of("x", 2.0, "c", "a")));
        // Near the good x beats far from it in the same category, and the good category beats the other at
        // the same x. (A rarely tried category at an x it was never tried at scores as unexplored: high.)
        assertThat(s[0]).isGreaterThan(s[1]);
        assertThat(s[0]).isGreaterThan(s[2]);
        assertThat(s[3]).isEqualTo(Double.NEGATIVE_INFINITY);
        PlanningContext none = new PlanningContext("q", plugin, List.of(), List.of(), 10);
        assertThat(new TpePlanner(1).score(none, List.of(Map.of("x", 0.5, "c", "a")))).containsExactly(0.0);
    }

    @Test
    void staysFastWithALargeHistory() {
        SearchSpace space = SearchSpace.builder().logFloatParam("lr", 1e-5, 1).intParam("h", 16, 1024)
                .categorical("b", 32, 64, 128).floatParam("d", 0, 0.5).build();
        var plugin = plugin(space, Objective.maximize("acc"));
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        List<PlanningContext.PastTrial> h = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> p = space.sample(r);
            h.add(new PlanningContext.PastTrial(p, "COMPLETED", -Math.abs(Math.log10(x(p, "lr")) + 3)));
        }
        PlanningContext ctx = new PlanningContext("q", plugin, h, List.of(), 10);
        new TpePlanner(0).propose(ctx, 1);
        long start = System.nanoTime();
        List<ProposedExperiment> p = new TpePlanner(1).propose(ctx, 4);
        double ms = (System.nanoTime() - start) / 1e6;
        assertThat(p).hasSize(4);
        assertThat(ms).isLessThan(2000); // generous: shared CI machines; the bench measures properly
    }

    /** The bench's categorical offsets and nested conditionals ({@link BenchFunctions}), used here as they are there. */
    private static final BenchFunctions.TestFunction CAT_OFFSET = BenchFunctions.catOffset();
    private static final BenchFunctions.TestFunction BRANCHES = BenchFunctions.branches();
    private static final BenchFunctions.TestFunction BRANIN = BenchFunctions.branin();
    private static final BenchFunctions.TestFunction HARTMANN6 = BenchFunctions.hartmann6();

    /** Proposals asked {@code batch} at a time, each batch told before the next is asked (as the loop, with fresh planners). */
    private static List<PlanningContext.PastTrial> optimiseInBatches(PluginDescriptor plugin,
            ToDoubleFunction<Map<String, Object>> f, int trials, int batch, long seed) {
        List<PlanningContext.PastTrial> history = new ArrayList<>();
        while (history.size() < trials) {
            int want = Math.min(batch, trials - history.size());
            PlanningContext ctx = new PlanningContext("q", plugin, history, List.of(), trials - history.size());
            List<ProposedExperiment> p = new TpePlanner(seed * 1000 + history.size()).propose(ctx, want);
            assertThat(p).hasSize(want);
            List<PlanningContext.PastTrial> told = new ArrayList<>();
            for (ProposedExperiment e : p) {
                Map<String, Object> params = plugin.searchSpace().validate(e.parameters());
                told.add(new PlanningContext.PastTrial(params, "COMPLETED", f.applyAsDouble(params)));
            }
            history.addAll(told);
        }
        return history;
    }

    private static PlanningContext.PastTrial best(List<PlanningContext.PastTrial> h) {
        return h.stream().min(java.util.Comparator.comparingDouble(PlanningContext.PastTrial::objective)).orElseThrow();
    }

    private static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    @Test
    void keepsTryingOtherValuesOfACategoricalWhileExploiting() {
        // Over 20 seeds × 80 trials, the share of the last 40 trials on the commonest optimiser. Joint kernels
        // (before issue 11) locked in: median 1.0, 19 seeds at 0.975 or more. Each categorical chosen on its
        // own marginal ratio keeps a calibrated chance of the others: median 0.8, none above 0.925.
        var plugin = plugin(CAT_OFFSET.space(), Objective.minimize("loss"));
        List<Double> shares = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            List<PlanningContext.PastTrial> late = optimise(plugin, CAT_OFFSET.f(), 80, seed).subList(40, 80);
            Map<Object, Long> counts = late.stream().collect(java.util.stream.Collectors.groupingBy(
                    t -> t.parameters().get("optimizer"), java.util.stream.Collectors.counting()));
            shares.add((double) java.util.Collections.max(counts.values()) / late.size());
        }
        assertThat(median(shares)).as("median share of the commonest optimiser in the last 40 trials").isBetween(0.5, 0.95);
        assertThat(shares.stream().filter(v -> v >= 0.975).count()).as("seeds locked in (share >= 0.975)").isLessThanOrEqualTo(5);
    }

    @Test
    void findsTheBestBranchOfANestedConditional() {
        // 20 seeds × 80 trials. Before: 9 seeds ended on kind c, median best 0.15 (stuck on b's floor);
        // after: 13 seeds, median best 0.003.
        var plugin = plugin(BRANCHES.space(), Objective.minimize("loss"));
        List<Double> bests = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            bests.add(best(optimise(plugin, BRANCHES.f(), 80, seed)).objective());
        }
        assertThat(median(bests)).as("median best value (optimum 0; branch b's floor 0.15)").isLessThan(0.05);
    }

    @Test
    void batchesOfFourNeverRepeatAndAreAboutAsGoodAsOneAtATime() {
        // The same function asked 4 at a time (each batch told before the next): before, median best 0.15 and 7
        // of 20 seeds on kind c; after, 0.003 and 16 of 20, as good as one at a time. No configuration twice.
        var plugin = plugin(BRANCHES.space(), Objective.minimize("loss"));
        List<Double> batched = new ArrayList<>();
        List<Double> sequential = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            List<PlanningContext.PastTrial> h = optimiseInBatches(plugin, BRANCHES.f(), 80, 4, seed);
            assertThat(new HashSet<>(h.stream().map(PlanningContext.PastTrial::parameters).toList())).hasSize(80);
            batched.add(best(h).objective());
            sequential.add(best(optimise(plugin, BRANCHES.f(), 80, seed)).objective());
        }
        assertThat(median(batched)).as("median best value in batches of 4").isLessThan(0.05);
        assertThat(median(batched)).as("batched vs one at a time").isLessThan(Math.max(3 * median(sequential), 0.01));
    }

    @Test
    void aBatchOfSixteenOnAMixedSpaceNeverRepeatsAndKeepsEveryCategoryInPlay() {
        // 30 trials one at a time on the categorical offsets, then a batch of 16, over 20 seeds: no proposal
        // repeats a trial or another member, and every optimiser, the over-tried favourite's rivals included,
        // is proposed in half the batches or more (measured: 15 to 20 of 20; the liars in g's categorical
        // marginals do this, and refining good trials must not undo it).
        var plugin = plugin(CAT_OFFSET.space(), Objective.minimize("loss"));
        Map<Object, Integer> batchesWith = new java.util.HashMap<>();
        int seeds = 20;
        for (long seed = 1; seed <= seeds; seed++) {
            List<PlanningContext.PastTrial> h = optimise(plugin, CAT_OFFSET.f(), 30, seed);
            List<ProposedExperiment> batch = new TpePlanner(seed).propose(new PlanningContext("q", plugin, h, List.of(), 16), 16);
            assertThat(batch).hasSize(16);
            Set<Map<String, Object>> seen = new HashSet<>(h.stream().map(PlanningContext.PastTrial::parameters).toList());
            for (ProposedExperiment p : batch) {
                assertThat(seen.add(CAT_OFFSET.space().validate(p.parameters()))).as("repeated: %s", p.parameters()).isTrue();
            }
            batch.stream().map(p -> p.parameters().get("optimizer")).distinct().forEach(o -> batchesWith.merge(o, 1, Integer::sum));
        }
        assertThat(batchesWith.keySet()).containsExactlyInAnyOrder("sgd", "adam", "adamw", "rmsprop");
        assertThat(batchesWith.values()).as("batches (of %d) proposing each optimiser", seeds).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(10));
    }

    @Test
    void batchMembersRefineTheGoodTrialsInsteadOfLeavingTheGoodRegion() {
        // 2-D, 40 trials one at a time, then a batch of 16 over 20 seeds. Drawn from all of l, members after the
        // first were pushed by the liars out of the good region; refining one good trial each, they stay near
        // the good group and are better (median value of members 2-16: measured 10.9 against 20.1), yet still
        // never repeat.
        var plugin = plugin(BRANIN.space(), Objective.minimize("loss"));
        ToDoubleFunction<Map<String, Object>> branin = BRANIN.f();
        List<Double> refine = new ArrayList<>();
        List<Double> fromL = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            List<PlanningContext.PastTrial> h = optimise(plugin, branin, 40, seed);
            PlanningContext ctx = new PlanningContext("q", plugin, h, List.of(), 16);
            TpePlanner.Settings on = TpePlanner.Settings.defaults();
            TpePlanner.Settings off = on.toBuilder().batchMembers(TpePlanner.BatchMembers.FROM_L).build();
            for (var pair : List.of(Map.entry(on, refine), Map.entry(off, fromL))) {
                List<ProposedExperiment> batch = new TpePlanner(seed, pair.getKey()).propose(ctx, 16);
                assertThat(new HashSet<>(batch.stream().map(ProposedExperiment::parameters).toList())).hasSize(16);
                batch.subList(1, 16).forEach(p -> pair.getValue().add(branin.applyAsDouble(p.parameters())));
            }
        }
        assertThat(median(refine)).as("median value of members 2-16, refining vs from l (%s)", median(fromL))
                .isLessThan(0.7 * median(fromL));
    }

    @Test
    void withTrialsPendingAProposalRefinesTheBestGoodTrialUntilItIsClaimedEnough() {
        // 1-D, 60 finished trials: the good group is the best 6, around x = 0.2 (the best) and x = 0.8 (the second), the
        // rest worse and spread out. A proposal made with pending trials near the best refines the best while it has 3
        // such trials (the best takes up to 1 + claimBias = 4 times as many as the second before the second's turn),
        // and the second once the best has 5. (Where near it the proposal lands is l/g's choice.)
        SearchSpace space = SearchSpace.builder().floatParam("x", 0, 1).build();
        var plugin = plugin(space, Objective.minimize("loss"));
        List<PlanningContext.PastTrial> h = new ArrayList<>();
        double[] good = {0.2, 0.8, 0.22, 0.78, 0.18, 0.82};
        for (int i = 0; i < good.length; i++) {
            h.add(new PlanningContext.PastTrial(Map.of("x", good[i]), "COMPLETED", 0.1 * i));
        }
        for (int i = 0; i < 54; i++) {
            double x = 0.005 + 0.99 * i / 53.0;
            h.add(new PlanningContext.PastTrial(Map.of("x", x), "COMPLETED", 1 + Math.abs(x - 0.5)));
        }
        for (int claimed : new int[] {3, 5}) {
            List<Map<String, Object>> pending = new ArrayList<>();
            for (int i = 0; i < claimed; i++) {
                pending.add(Map.of("x", 0.2 + 0.001 * (i + 1)));
            }
            double target = claimed == 3 ? 0.2 : 0.8;
            for (long seed = 1; seed <= 10; seed++) {
                List<ProposedExperiment> p = new TpePlanner(seed).propose(new PlanningContext("q", plugin, h, pending, 10), 1);
                assertThat(p.get(0).rationale()).doesNotContain("random");
                double x = x(p.get(0).parameters(), "x");
                assertThat(Math.abs(x - target)).as("%d pending near the best, seed %d: x = %s is nearer %s", claimed, seed, x, target)
                        .isLessThan(Math.abs(x - (1 - target)));
            }
        }
    }

    @Test
    void withFifteenTrialsPendingAProposalRefiningAGoodTrialBeatsOneDrawnFromAllOfL() {
        // The loop with 16 workers proposes one at a time with 15 trials pending (liars in g). Drawn from all of l, the
        // proposal was pushed out of the good region, as batch members were; refining the least-claimed good trial it
        // stays near the good group (2-D Branin, 40 trials, the pending ones a batch proposed before, 30 seeds).
        var plugin = plugin(BRANIN.space(), Objective.minimize("loss"));
        TpePlanner.Settings on = TpePlanner.Settings.defaults();
        TpePlanner.Settings off = on.toBuilder().batchMembers(TpePlanner.BatchMembers.FROM_L).build();
        double[] medians = medianBraninProposals(List.of(on, off), (h, seed) -> {
            List<Map<String, Object>> pending = new TpePlanner(seed, off).propose(new PlanningContext("q", plugin, h, List.of(), 15), 15)
                    .stream().map(ProposedExperiment::parameters).toList();
            return new PlanningContext("q", plugin, h, pending, 15);
        });
        assertThat(medians[0]).as("median value of a proposal with 15 pending, refining vs from l (%s)", medians[1])
                .isLessThan(0.7 * medians[1]);
    }

    @Test
    void withNothingInFlightAProposalMostlyRefinesAGoodTrial() {
        // One at a time (one worker), a proposal refines a good trial with chance soloRefine (0.75), the latest trials
        // claiming, instead of always drawing from all of l: on 2-D Branin after 40 trials, over 30 seeds x 4
        // proposals, its median value is well below that of proposals drawn from all of l (measured: 8.1 against 19.7).
        var plugin = plugin(BRANIN.space(), Objective.minimize("loss"));
        TpePlanner.Settings on = TpePlanner.Settings.defaults();
        double[] medians = medianBraninProposals(List.of(on, on.toBuilder().soloRefine(0).build()),
                (h, seed) -> new PlanningContext("q", plugin, h, List.of(), 10));
        assertThat(medians[0]).as("median value of a proposal with nothing in flight, default vs from l (%s)", medians[1])
                .isLessThan(0.7 * medians[1]);
    }

    /**
     * Per settings, the median Branin value of single proposals: over 30 seeds, 40 trials optimised with the
     * defaults, then 4 proposals with each settings in the context {@code context} makes of that history.
     */
    private static double[] medianBraninProposals(List<TpePlanner.Settings> settings,
            java.util.function.BiFunction<List<PlanningContext.PastTrial>, Long, PlanningContext> context) {
        var plugin = plugin(BRANIN.space(), Objective.minimize("loss"));
        List<List<Double>> values = settings.stream().map(s -> (List<Double>) new ArrayList<Double>()).toList();
        for (long seed = 1; seed <= 30; seed++) {
            PlanningContext ctx = context.apply(optimise(plugin, BRANIN.f(), 40, seed), seed);
            for (int i = 0; i < settings.size(); i++) {
                for (int k = 0; k < 4; k++) {
                    ProposedExperiment p = new TpePlanner(seed * 10 + k, settings.get(i)).propose(ctx, 1).get(0);
                    values.get(i).add(BRANIN.f().applyAsDouble(p.parameters()));
                }
            }
        }
        return values.stream().mapToDouble(TpePlannerTest::median).toArray();
    }

    @Test
    void oneAtATimeFindsMoreWithSoloRefining() {
        // End to end, one at a time: the best after 50 trials of Hartmann-6 over 16 seeds, with and without soloRefine
        // (measured here: median regret 0.29 against 0.41; the bench, seeds 2000-2099: 0.61 and 0.44 of the regret at 50 and
        // 100 trials).
        var plugin = plugin(HARTMANN6.space(), Objective.minimize("loss"));
        TpePlanner.Settings off = TpePlanner.Settings.defaults().toBuilder().soloRefine(0).build();
        List<Double> on = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (long seed = 1; seed <= 16; seed++) {
            on.add(best(optimise(plugin, HARTMANN6.f(), 50, seed, TpePlanner.Settings.defaults())).objective() - HARTMANN6.optimum());
            without.add(best(optimise(plugin, HARTMANN6.f(), 50, seed, off)).objective() - HARTMANN6.optimum());
        }
        assertThat(median(on)).as("median regret after 50 trials, default vs soloRefine 0 (%s)", median(without))
                .isLessThan(0.8 * median(without));
    }

    @Test
    void startUpSamplesSpreadOverTheSpace() {
        // Start-up proposals (one at a time, as the loop asks) are the farthest of a few random draws from the trials so
        // far: over 40 seeds, the closest pair among 10 of them is farther apart than with plain random sampling.
        SearchSpace space = SearchSpace.builder().floatParam("a", 0, 1).floatParam("b", 0, 1).floatParam("c", 0, 1).build();
        var plugin = plugin(space, Objective.minimize("loss"));
        List<Double> spread = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        TpePlanner.Settings on = TpePlanner.Settings.defaults();
        for (var pair : List.of(Map.entry(on, spread), Map.entry(on.toBuilder().startupCandidates(1).build(), plain))) {
            for (long seed = 1; seed <= 40; seed++) {
                List<PlanningContext.PastTrial> h = new ArrayList<>();
                for (int t = 0; t < 10; t++) {
                    ProposedExperiment p = new TpePlanner(seed * 100 + t, pair.getKey())
                            .propose(new PlanningContext("q", plugin, h, List.of(), 10 - t), 1).get(0);
                    assertThat(p.rationale()).contains("start-up");
                    h.add(new PlanningContext.PastTrial(p.parameters(), "COMPLETED", 1.0));
                }
                double closest = Double.POSITIVE_INFINITY;
                for (int i = 0; i < h.size(); i++) {
                    for (int j = i + 1; j < h.size(); j++) {
                        double d = 0;
                        for (String n : List.of("a", "b", "c")) {
                            d += Math.pow(x(h.get(i).parameters(), n) - x(h.get(j).parameters(), n), 2);
                        }
                        closest = Math.min(closest, Math.sqrt(d));
                    }
                }
                pair.getValue().add(closest);
            }
        }
        assertThat(median(spread)).as("median closest pair, spread vs plain (%s)", median(plain)).isGreaterThan(1.3 * median(plain));
    }

    @Test
    void aBatchOnASmallDiscreteSpaceExhaustsItWithoutRepeats() {
        // 3 × 5 = 15 configurations, asked 4 at a time with earlier batches finished: every one exactly once, then none.
        SearchSpace space = SearchSpace.builder().categorical("c", "a", "b", "c").intParam("n", 1, 5).build();
        var plugin = plugin(space, Objective.minimize("loss"));
        List<PlanningContext.PastTrial> h = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            PlanningContext ctx = new PlanningContext("q", plugin, h, List.of(), 15 - h.size());
            for (ProposedExperiment p : new TpePlanner(round).propose(ctx, 4)) {
                Map<String, Object> params = space.validate(p.parameters());
                h.add(new PlanningContext.PastTrial(params, "COMPLETED", x(params, "n") + ("b".equals(params.get("c")) ? 0 : 1)));
            }
        }
        assertThat(new HashSet<>(h.stream().map(PlanningContext.PastTrial::parameters).toList())).hasSize(15);
        assertThat(h).hasSize(15);
        assertThat(new TpePlanner(9).propose(new PlanningContext("q", plugin, h, List.of(), 5), 4)).isEmpty();
    }

    @Test
    void categoricalMarginalKeepsEveryChoiceReachable() {
        // Ten good trials all on "a": l still gives b, c and d each about priorWeight / ((m + 1) · choices) or more.
        SearchSpace space = SearchSpace.builder().categorical("c", "a", "b", "c", "d").build();
        SpaceEncoding enc = new SpaceEncoding(space);
        List<double[]> obs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            obs.add(enc.encode(Map.of("c", "a")));
        }
        double[] w = new double[10];
        java.util.Arrays.fill(w, 1.0);
        double[] p = new ParzenEstimator(enc, obs, w, 1.0, TpePlanner.Bandwidth.NEIGHBOUR).categoricalMarginal(0);
        assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        for (int j = 1; j < 4; j++) {
            assertThat(p[j]).isGreaterThan(1.0 / (11 * 4)).isLessThan(0.1);
        }
        assertThat(p[0]).isGreaterThan(0.7);
    }

    @Test
    void rampWeightsMatchOptuna() {
        assertThat(TpePlanner.rampWeights(3)).containsExactly(1, 1, 1);
        double[] w = TpePlanner.rampWeights(30);
        assertThat(w[0]).isEqualTo(1.0 / 30, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w[4]).isEqualTo(1.0);
        assertThat(w[29]).isEqualTo(1.0);
    }
}
