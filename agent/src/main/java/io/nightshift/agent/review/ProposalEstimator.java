package io.nightshift.agent.review;

import io.nightshift.plugin.Plugin;
import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Estimates what a proposal will cost before it runs, from what the plugin says about the configuration and what
 * the question's earlier trials took. Rough on purpose, and honest about it: every figure says how it was
 * obtained, and a figure with nothing to go on is left empty.
 *
 * <p><b>Parameters</b>: {@link Plugin#parameterCount}, when the plugin implements it.
 *
 * <p><b>Memory</b> of training the model: {@value #BYTES_PER_PARAMETER} bytes per parameter (32-bit weights,
 * their gradients and Adam's two moment estimates: 4 + 4 + 8; plain SGD needs less, so this is the upper case of
 * the optimisers the built-in plugins use), plus {@value #BYTES_PER_ACTIVATION} bytes per activation value of one
 * batch when the plugin reports {@link Plugin#activationCount} (the value kept for the backward pass and its
 * gradient). Not counted: the dataset in the worker's memory, the JVM, libtorch's own footprint and its allocator's
 * caching; so this is the model's share, not the worker process's size.
 *
 * <p><b>Time</b> of one trial, from the question's COMPLETED trials (wall time from start to end on the worker,
 * so loading the data is included and waiting for a worker is not), first that applies:
 * <ol>
 *   <li>the median of earlier runs of the same configuration (replicates under other seeds);</li>
 *   <li>when the plugin reports parameter counts: the proposal's count times the median of (time / parameter
 *       count) over earlier trials: a linear scaling, which overstates small models (fixed costs such as loading
 *       the data do not shrink) and ignores what else differs (epochs, batch size);</li>
 *   <li>else the median time of earlier trials, unscaled;</li>
 *   <li>else no estimate: no trial of the question has completed yet.</li>
 * </ol>
 * Every estimate is capped by the question's trial budget: a trial is stopped when its budget runs out.
 */
public final class ProposalEstimator {

    public static final int BYTES_PER_PARAMETER = 16;
    public static final int BYTES_PER_ACTIVATION = 8;

    private static final Logger log = LoggerFactory.getLogger(ProposalEstimator.class);
    private static final int MAX_CACHED = 20_000;

    /** What plugins said about configurations: asked once per configuration, not on every tick. */
    private final Map<Map<String, Object>, Sizes> sizes = new ConcurrentHashMap<>();

    private record Sizes(OptionalLong parameters, OptionalLong activations) {
        static final Sizes UNKNOWN = new Sizes(OptionalLong.empty(), OptionalLong.empty());
    }

    /**
     * What estimates of this question's proposals are based on now.
     *
     * @param plugin the question's plugin; null when it is not installed here (no sizes, times unscaled)
     * @param trials the question's trials (only COMPLETED ones with both times are used)
     */
    public ForQuestion forQuestion(Plugin plugin, Question question, List<Trial> trials) {
        List<Run> runs = new ArrayList<>();
        for (Trial t : trials) {
            if (t.status() != TrialStatus.COMPLETED || t.startedAt() == null || t.finishedAt() == null) {
                continue;
            }
            double seconds = Duration.between(t.startedAt(), t.finishedAt()).toMillis() / 1000.0;
            OptionalLong parameters = sizes(plugin, t.params()).parameters();
            if (parameters.isEmpty() && t.result().get("parameter_count") != null) {
                parameters = OptionalLong.of(Math.round(t.result().get("parameter_count")));
            }
            runs.add(new Run(t.params(), seconds, parameters));
        }
        return new ForQuestion(plugin, question.trialBudgetSeconds(), runs);
    }

    private record Run(Map<String, Object> params, double seconds, OptionalLong parameters) {}

    /** Estimates for one question's proposals, on the trials it had when made. */
    public final class ForQuestion {

        private final Plugin plugin;
        private final int budgetSeconds;
        private final List<Run> runs;
        private final OptionalDouble secondsPerParameter;
        private final OptionalDouble medianSeconds;
        private final int scaledRuns;

        private ForQuestion(Plugin plugin, int budgetSeconds, List<Run> runs) {
            this.plugin = plugin;
            this.budgetSeconds = budgetSeconds;
            this.runs = runs;
            List<Double> perParameter = new ArrayList<>();
            for (Run r : runs) {
                if (r.parameters().isPresent() && r.parameters().getAsLong() > 0) {
                    perParameter.add(r.seconds() / r.parameters().getAsLong());
                }
            }
            this.scaledRuns = perParameter.size();
            this.secondsPerParameter = median(perParameter);
            this.medianSeconds = median(runs.stream().map(Run::seconds).toList());
        }

        public ProposalEstimate estimate(Proposal proposal) {
            return estimate(proposal.params());
        }

        public ProposalEstimate estimate(Map<String, Object> params) {
            Sizes s = sizes(plugin, params);
            OptionalLong memory = OptionalLong.empty();
            String memoryBasis;
            if (s.parameters().isEmpty()) {
                memoryBasis = plugin == null ? "the question's plugin is not installed here"
                        : "the plugin does not report parameter counts";
            } else if (s.activations().isPresent()) {
                memory = OptionalLong.of(s.parameters().getAsLong() * BYTES_PER_PARAMETER
                        + s.activations().getAsLong() * BYTES_PER_ACTIVATION);
                memoryBasis = BYTES_PER_PARAMETER + " B per parameter for weights, gradients and Adam's moments, "
                        + BYTES_PER_ACTIVATION + " B per activation of one batch; the dataset, JVM and libtorch not counted";
            } else {
                memory = OptionalLong.of(s.parameters().getAsLong() * BYTES_PER_PARAMETER);
                memoryBasis = BYTES_PER_PARAMETER + " B per parameter for weights, gradients and Adam's moments;"
                        + " activations not counted (the plugin does not report them), nor the dataset, JVM and libtorch";
            }

            OptionalDouble seconds = OptionalDouble.empty();
            String timeBasis;
            List<Double> same = runs.stream().filter(r -> r.params().equals(params)).map(Run::seconds).toList();
            if (!same.isEmpty()) {
                seconds = median(same);
                timeBasis = same.size() == 1 ? "an earlier run of this configuration took it"
                        : "median of " + same.size() + " earlier runs of this configuration";
            } else if (s.parameters().isPresent() && secondsPerParameter.isPresent()) {
                seconds = OptionalDouble.of(s.parameters().getAsLong() * secondsPerParameter.getAsDouble());
                timeBasis = "from " + scaledRuns + " completed trial" + (scaledRuns == 1 ? "" : "s")
                        + " of this question, scaled by parameter count";
            } else if (medianSeconds.isPresent()) {
                seconds = medianSeconds;
                timeBasis = "median of " + runs.size() + " completed trial" + (runs.size() == 1 ? "" : "s")
                        + " of this question, not scaled (parameter counts unknown)";
            } else {
                timeBasis = "no trial of this question has completed yet";
            }
            if (seconds.isPresent() && seconds.getAsDouble() > budgetSeconds) {
                seconds = OptionalDouble.of(budgetSeconds);
                timeBasis += "; capped by the trial budget";
            }
            return new ProposalEstimate(s.parameters(), s.activations(), memory, memoryBasis, seconds, timeBasis,
                    budgetSeconds);
        }
    }

    private Sizes sizes(Plugin plugin, Map<String, Object> params) {
        if (plugin == null) {
            return Sizes.UNKNOWN;
        }
        Sizes known = sizes.get(params);
        if (known != null) {
            return known;
        }
        Sizes found;
        try {
            found = new Sizes(java.util.Objects.requireNonNullElse(plugin.parameterCount(params), OptionalLong.empty()),
                    java.util.Objects.requireNonNullElse(plugin.activationCount(params), OptionalLong.empty()));
        } catch (RuntimeException e) {
            log.warn("plugin {} could not size the configuration {}: {}", plugin.descriptor().id(), params, e.toString());
            found = Sizes.UNKNOWN;
        }
        if (sizes.size() >= MAX_CACHED) {
            sizes.clear();
        }
        sizes.put(params, found);
        return found;
    }

    static OptionalDouble median(List<Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return OptionalDouble.of(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    }
}
