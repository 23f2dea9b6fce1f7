package io.nightshift.plugin.kit;

import io.nightshift.core.data.ImageDataset;
import io.nightshift.core.model.ModelSpec;
import io.nightshift.core.train.EpochMetrics;
import io.nightshift.core.train.ModelInputs;
import io.nightshift.core.train.StepMetrics;
import io.nightshift.core.train.Trainer;
import io.nightshift.core.train.TrainingConfig;
import io.nightshift.core.train.TrainingListener;
import io.nightshift.core.train.TrainingObjective;
import io.nightshift.core.train.TrainingResult;
import io.nightshift.plugin.MetricReporter;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The glue between a plugin's {@link TrialContext} and the {@link Trainer}, so that a plugin
 * supplies a model spec and a few options and gets the seed, deadline, cancel flag, device and
 * every metric wired without code of its own.
 *
 * <p>Metric names: per epoch {@code train_loss}, {@code val_loss}, {@code val_accuracy},
 * {@code learning_rate}, {@code samples_per_second}, {@code wall_seconds} (and {@code test_loss},
 * {@code test_accuracy} when evaluated every epoch); every k steps {@code step_train_loss},
 * {@code step_learning_rate}, {@code step_samples_per_second}; once at the start
 * {@code parameter_count} and {@code training_examples} (epoch 0, step 0). An objective without
 * accuracy (an autoencoder's reconstruction) reports {@code val_reconstruction_error} (and
 * {@code test_reconstruction_error}), the mean squared error per value, instead of the accuracies;
 * {@code val_loss} is then the same figure.
 */
public final class TrialTraining {

    private TrialTraining() {
    }

    /** A config builder with the trial's seed, deadline, cancel flag and device already set. */
    public static TrainingConfig.Builder config(TrialContext context) {
        TrainingConfig.Builder builder = TrainingConfig.builder()
                .seed(context.seed())
                .deadline(context.deadline())
                .cancelled(context::isCancelled)
                .device(context.device());
        try {
            // Saved after every epoch where the experiment's later attempts look: a retried trial resumes.
            builder.checkpointDirectory(context.checkpoints().resolve("network"));
        } catch (UnsupportedOperationException noCheckpoints) {
            // A context without a checkpoint place (a plain test double): train without checkpoints.
        }
        return builder;
    }

    /** A listener that streams every metric of a classifier to the trial's reporter. */
    public static TrainingListener reporter(MetricReporter metrics) {
        return reporter(metrics, TrainingObjective.classification());
    }

    /** A listener that streams every metric to the trial's reporter, named for {@code objective}. */
    public static TrainingListener reporter(MetricReporter metrics, TrainingObjective objective) {
        boolean accuracy = objective.measuresAccuracy();
        return new TrainingListener() {
            @Override
            public void onStart(long parameterCount, int trainingExamples) {
                metrics.report("parameter_count", parameterCount, 0, 0);
                metrics.report("training_examples", trainingExamples, 0, 0);
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                metrics.report("train_loss", m.trainLoss(), m.epoch(), m.step());
                metrics.report("val_loss", m.valLoss(), m.epoch(), m.step());
                if (accuracy) {
                    metrics.report("val_accuracy", m.valAccuracy(), m.epoch(), m.step());
                } else {
                    metrics.report("val_reconstruction_error", m.valLoss(), m.epoch(), m.step());
                }
                if (!Double.isNaN(m.testLoss())) {
                    metrics.report("test_loss", m.testLoss(), m.epoch(), m.step());
                    metrics.report(accuracy ? "test_accuracy" : "test_reconstruction_error",
                            accuracy ? m.testAccuracy() : m.testLoss(), m.epoch(), m.step());
                }
                metrics.report("learning_rate", m.learningRate(), m.epoch(), m.step());
                metrics.report("samples_per_second", m.samplesPerSecond(), m.epoch(), m.step());
                metrics.report("wall_seconds", m.wallSeconds(), m.epoch(), m.step());
            }

            @Override
            public void onSteps(StepMetrics m) {
                metrics.report("step_train_loss", m.trainLoss(), m.epoch(), m.step());
                metrics.report("step_learning_rate", m.learningRate(), m.epoch(), m.step());
                metrics.report("step_samples_per_second", m.samplesPerSecond(), m.epoch(), m.step());
            }
        };
    }

    /**
     * Trains {@code spec} on {@code data} with {@code config} (start from {@link #config}),
     * streaming metrics to the trial, and returns the trial's final metrics.
     */
    public static TrialResult train(TrialContext context, ModelSpec spec, TrainingConfig config, ImageDataset data) {
        return train(context, spec, config, data, TrainingObjective.classification());
    }

    /** As {@link #train(TrialContext, ModelSpec, TrainingConfig, ImageDataset)}, for {@code objective} on the pixels. */
    public static TrialResult train(TrialContext context, ModelSpec spec, TrainingConfig config, ImageDataset data,
                                    TrainingObjective objective) {
        context.log("training " + spec.describe() + " (" + spec.parameterCount() + " parameters, " + objective
                + ") on " + data.title() + " with " + config);
        config.checkpointDirectory().flatMap(io.nightshift.core.train.Checkpoints::latestEpoch).ifPresent(epoch ->
                context.log("attempt " + context.attempt() + " resumes from the checkpoint of epoch " + epoch));
        TrainingResult result;
        try (io.nightshift.core.train.TrainedModel model = new Trainer(spec, config, objective, ModelInputs.pixels())
                .fit(data, reporter(context.metrics(), objective))) {
            result = model.result();
            keep(context, model);
        }
        context.log("stopped: " + result.stopReason() + " after " + result.epochsCompleted() + " epoch(s), "
                + result.steps() + " steps");
        return result(result, objective);
    }

    /**
     * Leaves the trained network in the trial's artifact directory (its parameters, and its first layer's weights
     * as an image when it has weights there), so that {@code nightshift trial N} lists them. A context without an
     * artifact directory, or a file that cannot be written, costs a log line, not the trial.
     */
    private static void keep(TrialContext context, io.nightshift.core.train.TrainedModel model) {
        java.nio.file.Path dir;
        try {
            dir = context.artifacts();
        } catch (UnsupportedOperationException none) {
            return;
        }
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(
                java.nio.file.Files.newOutputStream(dir.resolve("network.params")))) {
            model.block().saveParameters(out);
        } catch (java.io.IOException | RuntimeException e) {
            context.log("could not keep the network's parameters: " + e.getMessage());
        }
        try {
            io.nightshift.core.probe.WeightTiles.of(model).writePng(dir.resolve("first-layer-weights.png"));
        } catch (java.io.IOException | RuntimeException e) {
            context.log("no first-layer weight image: " + e.getMessage());
        }
    }

    /** The final metrics of a classifier's training run, under the names above. */
    public static TrialResult result(TrainingResult result) {
        return result(result, TrainingObjective.classification());
    }

    /** The final metrics of a training run, under the names above. */
    public static TrialResult result(TrainingResult result, TrainingObjective objective) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (objective.measuresAccuracy()) {
            out.put("val_accuracy", result.valAccuracy());
        } else {
            out.put("val_reconstruction_error", result.valLoss());
        }
        out.put("val_loss", result.valLoss());
        out.put("train_loss", result.trainLoss());
        if (objective.measuresAccuracy()) {
            out.put("test_accuracy", result.testAccuracy());
        } else {
            out.put("test_reconstruction_error", result.testLoss());
        }
        out.put("test_loss", result.testLoss());
        out.put("parameter_count", (double) result.parameterCount());
        out.put("training_examples", (double) result.trainingExamples());
        out.put("noisy_labels", (double) result.noisyLabels());
        out.put("epochs", (double) result.epochsCompleted());
        out.put("steps", (double) result.steps());
        out.put("samples_per_second", result.samplesPerSecond());
        out.put("wall_seconds", result.wallSeconds());
        return new TrialResult(out);
    }
}
