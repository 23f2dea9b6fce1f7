package io.nightshift.plugins.builtin;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.plugin.SuggestedQuestion;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic experiment family with learning curves and no training: each epoch costs {@code epoch_ms} of wall
 * time and the validation loss follows a curve whose floor depends on the configuration (a log learning rate
 * with an optimum that depends on the optimiser, a width with diminishing returns) plus seed noise. It exists to
 * measure the machinery itself (pruning, throughput, fault handling) in seconds, and to try nightshift without
 * datasets; its numbers are not a claim about any real network.
 */
public final class SyntheticCurvesPlugin implements Plugin {

    public static final String ID = "synthetic-curves";

    static final SearchSpace SPACE = SearchSpace.builder()
            .logFloatParam("learning_rate", 1e-4, 1e-1)
            .logIntParam("width", 8, 1024)
            .categorical("optimizer", "sgd", "adam")
            .intParam("epochs", 1, 27)
            .intParam("epoch_ms", 0, 2000)
            .build();

    private static final PluginDescriptor DESCRIPTOR = new PluginDescriptor(ID,
            "Synthetic learning curves (no training, no data): for trying nightshift and measuring its machinery.",
            "Each trial follows a synthetic learning curve; val_loss falls towards a floor set by the learning rate"
                    + " (best near 3e-3 for adam, 3e-2 for sgd) and the width (more is better, with diminishing"
                    + " returns); epochs are cheap (epoch_ms of wall time each).",
            SPACE, Objective.minimize("val_loss"), List.of("Which learning rate and width give the lowest val_loss?"));

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<SuggestedQuestion> questions() {
        return List.of(new SuggestedQuestion(DESCRIPTOR.suggestedQuestions().get(0),
                new StudyDesign.Optimise(Map.of("epochs", 9, "epoch_ms", 100), 2, 2)));
    }

    /** The loss the curve falls towards, without noise. */
    static double floor(double learningRate, int width, String optimizer) {
        double best = optimizer.equals("adam") ? Math.log10(3e-3) : Math.log10(3e-2);
        double lr = Math.log10(learningRate) - best;
        return 0.05 + 0.08 * lr * lr + 0.3 / Math.sqrt(width);
    }

    @Override
    public TrialResult run(TrialContext ctx) throws Exception {
        Map<String, Object> p = SPACE.validate(ctx.parameters());
        double floor = floor((Double) p.get("learning_rate"), (Integer) p.get("width"), (String) p.get("optimizer"));
        int epochs = (Integer) p.get("epochs");
        long epochMs = (Integer) p.get("epoch_ms");
        SplittableRandom noise = new SplittableRandom(ctx.seed());
        double loss = Double.NaN;
        int done = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            if (ctx.isCancelled() || java.time.Instant.now().isAfter(ctx.deadline())) {
                break;
            }
            if (epochMs > 0) {
                Thread.sleep(epochMs);
            }
            loss = floor + 1.0 / (epoch + 1) + 0.01 * noise.nextGaussian();
            ctx.metrics().report("val_loss", loss, epoch, epoch);
            done = epoch;
        }
        if (done == 0) {
            throw new IllegalStateException("the trial ended before its first epoch");
        }
        return new TrialResult(Map.of("val_loss", loss, "epochs", (double) done));
    }
}
