package io.nightshift.agent.planner.tpe;

import io.nightshift.agent.planner.CandidateRanker;
import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.agent.planner.SpaceEncoding;
import io.nightshift.plugin.InvalidParametersException;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen estimator (Bergstra et al. 2011), with Optuna's defaults. After a random
 * start, the trials are split into a small "good" group (the best ⌈γ·n⌉ of the n finished, at most
 * 25) and the rest; each group becomes a {@link ParzenEstimator}, l for the good and g for the rest.
 * Candidates are drawn from l and the one with the largest log l(x) − log g(x) is proposed.
 *
 * <p>Categorical parameters are chosen first, each on its own: of {@code categoricalCandidates} draws
 * from its marginal l(c), the value with the largest l(c)/g(c) (Optuna's univariate rule, with its
 * prior share on every value). The other parameters are then drawn and scored jointly, given those
 * values: trials with the same values dominate l and g, trials that differ count {@code crossWeight}
 * per differing value (and, where no trial has the values, all count alike). Scoring categoricals
 * inside the joint kernels instead ({@link Categoricals#JOINT}) locked in: once the good group shared
 * one value, a candidate with another was compared with the bad trials around it, which shared that
 * value too, so the evidence that the value was over-tried never counted, and other values, though
 * drawn, never won. Numeric parameters keep the joint kernels, which is what makes this TPE good on
 * continuous interactions.
 *
 * <ul>
 *   <li>Failed trials (no objective) belong to the bad group: the region they came from is made
 *       less likely, not forgotten. So do trials that did not complete (cancelled, pruned) even
 *       when they report a partial objective: only completed trials can be good.</li>
 *   <li>Pending configurations (approved or running) and the proposals already made in the same
 *       batch join the bad group as a constant liar, so a batch spreads out instead of piling onto
 *       one point; no proposal repeats a tried, pending or batch configuration. A proposal made while others
 *       are in flight (pending, or earlier in its batch) refines one good trial, the best one the in-flight
 *       points have not claimed enough ({@link BatchMembers#REFINE_UNCLAIMED}), so the liars do not push
 *       it out of the good region; this is the loop's usual case with several workers.</li>
 *   <li>Start-up samples are the farthest of {@code startupCandidates} random draws from the trials so far,
 *       so they spread over the space instead of clumping.</li>
 *   <li>Conditional parameters: a kernel carries only the parameters its trial had; a candidate is
 *       scored over its active parameters, so each parameter is modelled on the trials where it
 *       was active.</li>
 *   <li>Speed: history is encoded once per call into arrays; past {@code maxKernels} observations
 *       the bad group is thinned in trial order (each kept point carrying the weight of the ones it
 *       stands for), so a proposal costs O(n) for the split and O(candidates · maxKernels · d) after.</li>
 * </ul>
 */
public final class TpePlanner implements Planner, CandidateRanker {

    /**
     * @param startupTrials         finished trials sampled at random before the model is used
     * @param eiCandidates          candidates drawn from l per proposal
     * @param gamma                 fraction of finished trials in the good group (ceil), capped by {@code maxGood}
     * @param priorWeight           weight of the prior kernel relative to one observation
     * @param maxKernels            above this many, the bad group is thinned
     * @param independent           every parameter chosen on its own marginal ratio (Optuna's default mode)
     * @param categoricals          how categorical parameters are chosen
     * @param categoricalCandidates draws from a categorical's marginal l, of which the best ratio is kept
     * @param crossWeight           with {@link Categoricals#MARGINAL}: the weight, per differing categorical
     *                              value, of a kernel when the other parameters are modelled given the
     *                              chosen categorical values (1: ignore them; 0: only matching trials)
     * @param batchMembers          where a proposal made while other trials are in flight draws its candidates
     * @param memberWidth           the width of a good trial's kernel when a proposal refines it, as a
     *                              fraction of its width in l
     * @param claimBias             with {@link BatchMembers#REFINE_UNCLAIMED}: how much more the better good
     *                              trials are refined: the r-th best (0 the best) with c in-flight points nearest
     *                              to it costs (c + 1)(1 + claimBias · r), and the cheapest is refined
     * @param startupCandidates     random draws per start-up sample, of which the farthest from the trials so
     *                              far is proposed (1: plain random sampling)
     * @param soloRefine            the chance that a proposal made alone (one asked, nothing in flight) refines a
     *                              good trial too (chosen by the same claims, counted over the last
     *                              {@code recentClaims} trials) instead of drawing from all of l
     * @param recentClaims          for a proposal made alone, how many of the latest trials claim good trials
     */
    public record Settings(int startupTrials, int eiCandidates, double gamma, int maxGood, double priorWeight,
            int maxKernels, Bandwidth bandwidth, boolean independent, Categoricals categoricals,
            int categoricalCandidates, double crossWeight, BatchMembers batchMembers, double memberWidth,
            double claimBias, int startupCandidates, double soloRefine, int recentClaims) {

        public Settings {
            if (!(memberWidth > 0 && memberWidth <= 1)) {
                throw new IllegalArgumentException("memberWidth must be in (0, 1], not " + memberWidth);
            }
            if (!(claimBias >= 0)) {
                throw new IllegalArgumentException("claimBias must be 0 or more, not " + claimBias);
            }
            if (startupCandidates < 1) {
                throw new IllegalArgumentException("startupCandidates must be 1 or more, not " + startupCandidates);
            }
            if (!(soloRefine >= 0 && soloRefine <= 1)) {
                throw new IllegalArgumentException("soloRefine must be in [0, 1], not " + soloRefine);
            }
            if (recentClaims < 1) {
                throw new IllegalArgumentException("recentClaims must be 1 or more, not " + recentClaims);
            }
        }

        public static Settings defaults() {
            return new Builder().build();
        }

        /** A builder starting from these settings. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Settings one field at a time; starts from {@link #defaults()}. */
        public static final class Builder {
            private int startupTrials = 10;
            private int eiCandidates = 48;
            private double gamma = 0.1;
            private int maxGood = 25;
            private double priorWeight = 1.0;
            private int maxKernels = 1500;
            private Bandwidth bandwidth = Bandwidth.NEIGHBOUR;
            private boolean independent;
            private Categoricals categoricals = Categoricals.MARGINAL;
            private int categoricalCandidates = 24;
            private double crossWeight = 0.03;
            private BatchMembers batchMembers = BatchMembers.REFINE_UNCLAIMED;
            private double memberWidth = 0.25;
            private double claimBias = 3.0;
            private int startupCandidates = 4;
            private double soloRefine = 0.75;
            private int recentClaims = 7;

            public Builder() {}

            private Builder(Settings s) {
                startupTrials = s.startupTrials;
                eiCandidates = s.eiCandidates;
                gamma = s.gamma;
                maxGood = s.maxGood;
                priorWeight = s.priorWeight;
                maxKernels = s.maxKernels;
                bandwidth = s.bandwidth;
                independent = s.independent;
                categoricals = s.categoricals;
                categoricalCandidates = s.categoricalCandidates;
                crossWeight = s.crossWeight;
                batchMembers = s.batchMembers;
                memberWidth = s.memberWidth;
                claimBias = s.claimBias;
                startupCandidates = s.startupCandidates;
                soloRefine = s.soloRefine;
                recentClaims = s.recentClaims;
            }

            public Builder recentClaims(int n) {
                recentClaims = n;
                return this;
            }

            public Builder soloRefine(double q) {
                soloRefine = q;
                return this;
            }

            public Builder eiCandidates(int n) {
                eiCandidates = n;
                return this;
            }

            public Builder priorWeight(double w) {
                priorWeight = w;
                return this;
            }

            public Builder bandwidth(Bandwidth b) {
                bandwidth = b;
                return this;
            }

            /** Each parameter chosen on its own marginal ratio, in declaration order (Optuna's default mode). */
            public Builder independent(boolean on) {
                independent = on;
                return this;
            }

            public Builder categoricals(Categoricals c) {
                categoricals = c;
                return this;
            }

            public Builder crossWeight(double w) {
                crossWeight = w;
                return this;
            }

            public Builder batchMembers(BatchMembers b) {
                batchMembers = b;
                return this;
            }

            public Builder memberWidth(double w) {
                memberWidth = w;
                return this;
            }

            public Builder claimBias(double b) {
                claimBias = b;
                return this;
            }

            public Builder startupCandidates(int n) {
                startupCandidates = n;
                return this;
            }

            public Settings build() {
                return new Settings(startupTrials, eiCandidates, gamma, maxGood, priorWeight, maxKernels, bandwidth,
                        independent, categoricals, categoricalCandidates, crossWeight, batchMembers, memberWidth,
                        claimBias, startupCandidates, soloRefine, recentClaims);
            }
        }
    }

    /** How kernel widths are chosen. */
    public enum Bandwidth {
        /** Optuna's multivariate rule: 0.2 · n^(-1/(d+4)) · range, the same for every kernel. */
        SCOTT,
        /** Optuna's univariate rule: the larger gap to the neighbouring observations in that parameter. */
        NEIGHBOUR
    }

    /**
     * Where a proposal made while other trials are in flight draws its candidates. In flight are the pending
     * trials (approved or running: with N workers the loop proposes with up to N - 1 of them) and the earlier
     * proposals of the same {@code propose} call (a batch). Every in-flight point is in the bad group as a
     * liar, so the next proposal is pushed away from it.
     */
    public enum BatchMembers {
        /**
         * From all of l, as one at a time: with the liars in g, proposals were pushed out of the good region
         * to where l is thin (the prior kernel, the weaker good trials); from about the sixth member of a
         * batch of 16 on, they were no better within their batch than a random one.
         */
        FROM_L,
        /**
         * Each member of a batch after the first refines one good trial: its candidates are drawn from that
         * trial's kernel at {@code memberWidth} of its width, going down the good group best first (and round
         * again when the batch is larger), and scored by the full l/g with the liars. Pending trials are not
         * counted, so a proposal made one at a time with workers busy is drawn from all of l (the scheme
         * before {@link #REFINE_UNCLAIMED}).
         */
        REFINE_GOOD,
        /**
         * Every proposal made while others are in flight (pending trials, and the earlier members of its
         * batch) refines one good trial: each in-flight point claims the good trial nearest to it, and the
         * trial with the lowest cost (claims + 1)(1 + claimBias · rank) is refined (rank 0 the best; the best
         * on a tie), at {@code memberWidth} of its kernel's width, scored by the full l/g with the liars. So
         * proposals made one at a time with workers busy (the loop's usual case) spread over the good trials,
         * most of them near the best, as a batch does. A proposal made alone (one asked, nothing in flight)
         * does the same with chance {@code soloRefine}, the last {@code recentClaims} trials claiming, and
         * otherwise draws from all of l (which keeps finding other basins), as the first of a batch does.
         */
        REFINE_UNCLAIMED
    }

    /** How categorical parameters are chosen. */
    public enum Categoricals {
        /**
         * Each categorical on its own marginal ratio l(c)/g(c), in declaration order (as Optuna's default
         * does for every parameter); the other parameters then jointly, from l conditioned on those values.
         */
        MARGINAL,
        /** Categoricals inside the joint kernels like every other parameter (the scheme before issue 11). */
        JOINT
    }

    private static final int RANDOM_ATTEMPTS = 200;
    private static final int CANDIDATE_ROUNDS = 8;

    private final SplittableRandom random;
    private final Settings settings;

    public TpePlanner(long seed) {
        this(seed, Settings.defaults());
    }

    public TpePlanner(long seed, Settings settings) {
        this.random = new SplittableRandom(seed);
        this.settings = settings;
    }

    @Override
    public String name() {
        return "tpe";
    }

    @Override
    public List<ProposedExperiment> propose(PlanningContext context, int count) {
        SearchSpace space = context.plugin().searchSpace();
        SpaceEncoding enc = new SpaceEncoding(space);
        History h = History.of(enc, context);
        Set<SpaceEncoding.Key> taken = new HashSet<>();
        for (double[] x : h.points) {
            taken.add(new SpaceEncoding.Key(x));
        }
        List<ProposedExperiment> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean startup = h.finished < settings.startupTrials() || h.completed == 0;
            Map<String, Object> next = startup ? null : fromModel(enc, h, taken, i, count == 1);
            String rationale = "TPE: the candidate with the best ratio of good to bad density";
            if (next == null) {
                next = startup ? spread(space, enc, h, taken) : fromPrior(space, enc, taken);
                rationale = startup
                        ? "TPE start-up: random sample " + (h.points.size() + 1) + " of " + settings.startupTrials()
                        : "TPE: random sample (every model candidate was taken)";
            }
            if (next == null) {
                break;
            }
            double[] x = enc.encode(next);
            taken.add(new SpaceEncoding.Key(x));
            h.addLiar(x);
            out.add(new ProposedExperiment(next, rationale, ""));
        }
        return out;
    }

    @Override
    public double[] score(PlanningContext context, List<Map<String, Object>> candidates) {
        SearchSpace space = context.plugin().searchSpace();
        SpaceEncoding enc = new SpaceEncoding(space);
        History h = History.of(enc, context);
        double[] scores = new double[candidates.size()];
        if (h.completed == 0) {
            return scores;
        }
        Model model = fit(enc, h);
        List<double[]> points = new ArrayList<>();
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            try {
                points.add(enc.encode(space.validate(candidates.get(i))));
                valid.add(i);
            } catch (InvalidParametersException e) {
                scores[i] = Double.NEGATIVE_INFINITY;
            }
        }
        double[] s = model.score(points);
        for (int j = 0; j < s.length; j++) {
            scores[valid.get(j)] = s[j];
        }
        return scores;
    }

    /** @param member the proposal's place in its batch (0 for the first, or one at a time) */
    private Map<String, Object> fromModel(SpaceEncoding enc, History h, Set<SpaceEncoding.Key> taken, int member,
            boolean alone) {
        Model model = fit(enc, h);
        if (settings.independent()) {
            return independent(enc, model, taken);
        }
        for (int round = 0; round < CANDIDATE_ROUNDS; round++) {
            // Later rounds (every candidate of the first was taken) draw the categoricals instead of picking the best.
            Map<String, Object> fixed = model.marginal ? chooseCategoricals(enc, model, round > 0) : Map.of();
            // With others in flight, or alone three times in four, a proposal refines one good trial (in later
            // rounds it draws from all of l).
            int refine = round == 0 ? refineTarget(enc, h, model, member, alone) : -1;
            double[] cum = refine >= 0 ? null
                    : model.good.cumulative(model.good.conditionalLogWeight(enc.encode(fixed), settings.crossWeight()));
            List<Map<String, Object>> configs = new ArrayList<>();
            List<double[]> points = new ArrayList<>();
            for (int c = 0; c < settings.eiCandidates(); c++) {
                Map<String, Object> config = refine >= 0
                        ? model.good.sampleKernel(random, refine, settings.memberWidth(), fixed)
                        : model.good.sample(random, cum, fixed);
                double[] x = enc.encode(config);
                if (!taken.contains(new SpaceEncoding.Key(x))) {
                    configs.add(config);
                    points.add(x);
                }
            }
            if (configs.isEmpty()) {
                continue;
            }
            double[] s = model.score(points);
            int best = 0;
            for (int c = 1; c < s.length; c++) {
                if (s[c] > s[best]) {
                    best = c;
                }
            }
            return configs.get(best);
        }
        return null;
    }

    /**
     * The good trial (l's kernel index) a proposal refines, or -1 when it draws from all of l. A proposal made
     * alone (one asked, nothing in flight) refines with chance {@code soloRefine}, the latest trials claiming:
     * always refining was better still on every bench function but Schwefel's, whose far basin drawing from all
     * of l a quarter of the time keeps within reach. The first of a batch still draws from all of l: it is the
     * batch's only exploring member (refining it too lost on the nested conditional function in batches of 16).
     *
     * @param alone the only proposal asked (with nothing in flight, the loop's case with one worker)
     */
    private int refineTarget(SpaceEncoding enc, History h, Model model, int member, boolean alone) {
        int goodCount = model.goodByLoss.length;
        if (goodCount == 0) {
            return -1;
        }
        switch (settings.batchMembers()) {
            case FROM_L:
                return -1;
            case REFINE_GOOD:
                return member > 0 ? model.goodByLoss[(member - 1) % goodCount] : -1;
            default:
                break;
        }
        int inFlight = h.points.size() - h.finished;
        int from = h.finished;
        if (inFlight == 0) {
            if (!(alone && settings.soloRefine() > 0 && random.nextDouble() < settings.soloRefine())) {
                return -1;
            }
            from = Math.max(0, h.points.size() - settings.recentClaims());
        }
        int[] claims = new int[goodCount];
        for (int i = from; i < h.points.size(); i++) {
            double[] x = h.points.get(i);
            int nearest = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < goodCount; k++) {
                double dist = distance(enc, x, model.goodPoints[k]);
                if (dist < best) {
                    best = dist;
                    nearest = k;
                }
            }
            claims[nearest]++;
        }
        int pick = -1;
        double pickCost = Double.POSITIVE_INFINITY;
        for (int r = 0; r < goodCount; r++) {
            int k = model.goodByLoss[r];
            double cost = (claims[k] + 1) * (1 + settings.claimBias() * r);
            if (cost < pickCost) {
                pick = k;
                pickCost = cost;
            }
        }
        return pick;
    }

    /** Squared distance in the unit cube of the encoding; a categorical or presence mismatch counts 1. */
    private static double distance(SpaceEncoding enc, double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < enc.dims(); d++) {
            boolean hasA = !Double.isNaN(a[d]);
            boolean hasB = !Double.isNaN(b[d]);
            if (hasA != hasB) {
                sum += 1;
            } else if (hasA) {
                if (enc.kind(d) == SpaceEncoding.CATEGORICAL) {
                    sum += a[d] == b[d] ? 0 : 1;
                } else if (enc.hi(d) > enc.lo(d)) {
                    double z = (a[d] - b[d]) / (enc.hi(d) - enc.lo(d));
                    sum += z * z;
                }
            }
        }
        return sum;
    }

    /**
     * The categorical values of the next proposal, in declaration order: per parameter, the best ratio
     * l(c)/g(c) of the marginals among {@code categoricalCandidates} draws from l(c) (or one draw when
     * {@code draw}). A categorical whose condition depends on a numeric parameter is left to the joint draw.
     */
    private Map<String, Object> chooseCategoricals(SpaceEncoding enc, Model model, boolean draw) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        boolean[] deferred = new boolean[enc.dims()];
        for (int d = 0; d < enc.dims(); d++) {
            if (enc.kind(d) != SpaceEncoding.CATEGORICAL) {
                deferred[d] = true;
                continue;
            }
            io.nightshift.plugin.Condition cond = enc.param(d).condition();
            if (cond != null && deferred[enc.index(cond.parent())]) {
                deferred[d] = true;
                continue;
            }
            if (!enc.active(d, values)) {
                continue;
            }
            double[] l = model.goodMarginal(d);
            double[] g = model.badMarginal(d);
            int pick = drawChoice(l);
            if (!draw) {
                for (int c = 1; c < settings.categoricalCandidates(); c++) {
                    int j = drawChoice(l);
                    if (Math.log(l[j]) - Math.log(g[j]) > Math.log(l[pick]) - Math.log(g[pick])) {
                        pick = j;
                    }
                }
            }
            values.put(enc.param(d).name(), enc.decodeValue(d, pick));
        }
        return values;
    }

    private int drawChoice(double[] p) {
        double u = random.nextDouble();
        int j = 0;
        double acc = p[0];
        while (j < p.length - 1 && acc < u) {
            acc += p[++j];
        }
        return j;
    }

    private Map<String, Object> independent(SpaceEncoding enc, Model model, Set<SpaceEncoding.Key> taken) {
        int n = settings.eiCandidates();
        for (int round = 0; round < CANDIDATE_ROUNDS; round++) {
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            for (int d = 0; d < enc.dims(); d++) {
                if (!enc.active(d, values)) {
                    continue;
                }
                double[] cand = new double[n];
                for (int c = 0; c < n; c++) {
                    cand[c] = enc.encodeValue(d, enc.decodeValue(d, model.good.sampleOne(random, d)));
                }
                double[] l = model.good.logDensityOne(d, cand);
                double[] g = model.bad.logDensityOne(d, cand);
                int best = 0;
                for (int c = 1; c < n; c++) {
                    if (l[c] - g[c] > l[best] - g[best]) {
                        best = c;
                    }
                }
                values.put(enc.param(d).name(), enc.decodeValue(d, cand[best]));
            }
            if (!taken.contains(enc.key(values))) {
                return values;
            }
        }
        return null;
    }

    /**
     * A start-up sample: of {@code startupCandidates} random draws, the one farthest from every trial so far
     * (finished, pending, and earlier in this batch), so that start-up samples spread over the space.
     */
    private Map<String, Object> spread(SearchSpace space, SpaceEncoding enc, History h, Set<SpaceEncoding.Key> taken) {
        Map<String, Object> best = null;
        double bestDistance = -1;
        for (int c = 0; c < settings.startupCandidates(); c++) {
            Map<String, Object> candidate = fromPrior(space, enc, taken);
            if (candidate == null) {
                break;
            }
            double[] x = enc.encode(candidate);
            double nearest = Double.POSITIVE_INFINITY;
            for (double[] p : h.points) {
                nearest = Math.min(nearest, distance(enc, x, p));
            }
            if (nearest > bestDistance) {
                best = candidate;
                bestDistance = nearest;
            }
        }
        return best;
    }

    private Map<String, Object> fromPrior(SearchSpace space, SpaceEncoding enc, Set<SpaceEncoding.Key> taken) {
        for (int attempt = 0; attempt < RANDOM_ATTEMPTS; attempt++) {
            Map<String, Object> candidate = space.sample(random);
            if (!taken.contains(enc.key(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * l and g for the current history. With marginal categoricals the acquisition factorises: per
     * categorical, log l(c)/g(c) of the marginals; for the rest, log l(x | c)/g(x | c) of the joint
     * kernels given the configuration's categorical values.
     */
    private static final class Model {
        final ParzenEstimator good;
        final ParzenEstimator bad;
        final SpaceEncoding enc;
        final boolean marginal;
        final double crossWeight;
        /** l's kernels of the good trials, best first. */
        final int[] goodByLoss;
        /** The good trials' encoded points, by l's kernel index. */
        final double[][] goodPoints;
        private final double[][] goodMarginal;
        private final double[][] badMarginal;

        Model(SpaceEncoding enc, ParzenEstimator good, ParzenEstimator bad, boolean marginal, double crossWeight,
                int[] goodByLoss, double[][] goodPoints) {
            this.enc = enc;
            this.goodPoints = goodPoints;
            this.goodByLoss = goodByLoss;
            this.crossWeight = crossWeight;
            this.good = good;
            this.bad = bad;
            this.marginal = marginal && hasCategorical(enc);
            this.goodMarginal = new double[enc.dims()][];
            this.badMarginal = new double[enc.dims()][];
        }

        private static boolean hasCategorical(SpaceEncoding enc) {
            for (int d = 0; d < enc.dims(); d++) {
                if (enc.kind(d) == SpaceEncoding.CATEGORICAL) {
                    return true;
                }
            }
            return false;
        }

        double[] goodMarginal(int d) {
            if (goodMarginal[d] == null) {
                goodMarginal[d] = good.categoricalMarginal(d);
            }
            return goodMarginal[d];
        }

        double[] badMarginal(int d) {
            if (badMarginal[d] == null) {
                badMarginal[d] = bad.categoricalMarginal(d);
            }
            return badMarginal[d];
        }

        double[] score(List<double[]> points) {
            if (!marginal) {
                double[] l = good.logDensity(points);
                double[] g = bad.logDensity(points);
                for (int i = 0; i < l.length; i++) {
                    l[i] -= g[i];
                }
                return l;
            }
            double[] l = good.logDensityGiven(points, crossWeight);
            double[] g = bad.logDensityGiven(points, crossWeight);
            for (int i = 0; i < l.length; i++) {
                double s = l[i] - g[i];
                double[] x = points.get(i);
                for (int d = 0; d < enc.dims(); d++) {
                    if (enc.kind(d) == SpaceEncoding.CATEGORICAL && !Double.isNaN(x[d])) {
                        int j = (int) x[d];
                        s += Math.log(goodMarginal(d)[j]) - Math.log(badMarginal(d)[j]);
                    }
                }
                l[i] = s;
            }
            return l;
        }
    }

    private Model fit(SpaceEncoding enc, History h) {
        int n = h.points.size();
        // As Optuna: the good group's size counts finished trials, not the pending ones and the batch (liars).
        int nGood = (int) Math.min(Math.min(Math.ceil(settings.gamma() * h.finished), settings.maxGood()), h.completed);
        int[] goodIdx = h.best(nGood);
        int[] byLoss = goodIdx.clone();
        boolean[] isGood = new boolean[n];
        List<double[]> good = new ArrayList<>(nGood);
        Arrays.sort(goodIdx); // trial order, for the weights
        int[] goodByLoss = new int[byLoss.length];
        for (int r = 0; r < byLoss.length; r++) {
            goodByLoss[r] = Arrays.binarySearch(goodIdx, byLoss[r]);
        }
        for (int i : goodIdx) {
            isGood[i] = true;
            good.add(h.points.get(i));
        }
        List<double[]> bad = new ArrayList<>(n - nGood);
        for (int i = 0; i < n; i++) {
            if (!isGood[i]) {
                bad.add(h.points.get(i));
            }
        }
        double[] badWeights = rampWeights(bad.size());
        List<double[]> badKept = bad;
        if (bad.size() > settings.maxKernels()) {
            // Thin the older part in trial order; the newest 25 (liars included) are kept as they are.
            int keepTail = 25;
            int older = bad.size() - keepTail;
            int bins = settings.maxKernels() - keepTail;
            badKept = new ArrayList<>(settings.maxKernels());
            double[] kw = new double[settings.maxKernels()];
            for (int b = 0; b < bins; b++) {
                int from = (int) ((long) older * b / bins);
                int to = (int) ((long) older * (b + 1) / bins);
                double w = 0;
                for (int i = from; i < to; i++) {
                    w += badWeights[i];
                }
                int pick = from + random.nextInt(to - from);
                badKept.add(bad.get(pick));
                kw[b] = w;
            }
            for (int i = older; i < bad.size(); i++) {
                kw[badKept.size()] = badWeights[i];
                badKept.add(bad.get(i));
            }
            badWeights = kw;
        }
        ParzenEstimator l = new ParzenEstimator(enc, good, rampWeights(good.size()), settings.priorWeight(),
                settings.bandwidth());
        ParzenEstimator g = new ParzenEstimator(enc, badKept, badWeights, settings.priorWeight(), settings.bandwidth());
        return new Model(enc, l, g, settings.categoricals() == Categoricals.MARGINAL,
                settings.crossWeight(), goodByLoss, good.toArray(new double[0][]));
    }

    /** Optuna's default weights: 1 for the newest 25, a linear ramp from 1/n for the older ones. */
    static double[] rampWeights(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        int ramp = n - 25;
        if (ramp > 0) {
            for (int i = 0; i < ramp; i++) {
                w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
            }
        }
        return w;
    }

    /**
     * Encoded trials in trial order (pending ones and batch proposals last), with a loss per
     * trial: the objective turned so that smaller is better, NaN for those that cannot be good.
     */
    private static final class History {
        final List<double[]> points = new ArrayList<>();
        /** Only completed trials with a finite objective can be good; their losses, by index. */
        double[] loss = new double[16];
        int completed;
        int finished;

        static History of(SpaceEncoding enc, PlanningContext context) {
            History h = new History();
            Objective objective = context.plugin().objective();
            double sign = objective.direction() == Objective.Direction.MAXIMIZE ? -1 : 1;
            for (PlanningContext.PastTrial t : context.history()) {
                h.finished++;
                boolean good = "COMPLETED".equals(t.status()) && Double.isFinite(t.objective());
                h.add(enc.encode(t.parameters()), good ? sign * t.objective() : Double.NaN);
                if (good) {
                    h.completed++;
                }
            }
            for (Map<String, Object> p : context.pending()) {
                h.addLiar(enc.encode(p));
            }
            return h;
        }

        void add(double[] x, double l) {
            if (points.size() == loss.length) {
                loss = Arrays.copyOf(loss, loss.length * 2);
            }
            loss[points.size()] = l;
            points.add(x);
        }

        void addLiar(double[] x) {
            add(x, Double.NaN);
        }

        /** Indices of the {@code k} smallest finite losses, smallest first (k is small: a bounded insertion sort). */
        int[] best(int k) {
            if (k <= 0) {
                return new int[0];
            }
            int[] idx = new int[k];
            double[] val = new double[k];
            int size = 0;
            for (int i = 0; i < points.size(); i++) {
                double v = loss[i];
                if (Double.isNaN(v) || (size == k && v >= val[k - 1])) {
                    continue;
                }
                int at = size < k ? size++ : k - 1;
                while (at > 0 && val[at - 1] > v) {
                    val[at] = val[at - 1];
                    idx[at] = idx[at - 1];
                    at--;
                }
                val[at] = v;
                idx[at] = i;
            }
            return Arrays.copyOf(idx, size);
        }
    }
}
