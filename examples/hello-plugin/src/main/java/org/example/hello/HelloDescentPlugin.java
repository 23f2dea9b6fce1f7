package org.example.hello;

import io.nightshift.plugin.InvalidSettingException;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.PluginSettings;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.plugin.SuggestedQuestion;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * hello-descent, the sample nightshift plugin: gradient descent with noisy gradients on a quadratic bowl, a
 * stand-in for training a model. No dataset and no DJL, so a trial takes milliseconds, but it has what a real
 * experiment family has: a conditional parameter, a learning curve, validation and test losses, plugin settings,
 * an artifact, a checkpoint to resume from, and a set-up once per worker.
 *
 * <p>The "model" is a point {@code w} in {@code dimensions} dimensions, trained on
 * {@code f(w) = 1/2 sum a_i w_i^2} with gradients disturbed by Gaussian noise of sd {@code noise}. Validation and
 * test losses measure the same bowl with its centre moved a little (fixed shifts, one for validation and one for
 * test), as held-out data would.
 */
public final class HelloDescentPlugin implements Plugin {

    public static final String ID = "hello-descent";
    static final int STEPS_PER_EPOCH = 20;

    private static final SearchSpace SPACE = SearchSpace.builder()
            .categorical("optimizer", "sgd", "momentum")
            // A conditional parameter: it exists only when optimizer = momentum.
            .floatParam("momentum", 0.0, 0.99).when("optimizer", "momentum")
            .logFloatParam("learning_rate", 1e-3, 1.5)
            .intParam("epochs", 1, 50)
            .build();

    private static final String MODEL_BRIEF = """
            Each trial runs gradient descent from a random start on a quadratic bowl f(w) = 1/2 sum a_i w_i^2 whose \
            curvatures a_i run from 0.1 to 1, with Gaussian noise on every gradient; 20 steps make an epoch. \
            val_loss is the bowl with its centre slightly moved (held-out data); lower is better. \
            optimizer sgd is plain gradient descent; momentum is heavy-ball momentum with coefficient momentum. \
            Too small a learning_rate leaves the flat directions untrained; a large one amplifies the noise.""";

    // The first is the default question of 'nightshift run --plugin hello-descent'.
    private static final List<SuggestedQuestion> QUESTIONS = List.of(
            new SuggestedQuestion("Which optimiser settings reach the lowest validation loss in 10 epochs?",
                    new StudyDesign.Optimise(Map.of("epochs", 10), 2, 2)),
            new SuggestedQuestion("Does momentum beat plain SGD at a small learning rate?",
                    new StudyDesign.Compare(List.of(
                            new StudyDesign.Arm("sgd", Map.of("optimizer", "sgd")),
                            new StudyDesign.Arm("momentum 0.9", Map.of("optimizer", "momentum", "momentum", 0.9))),
                            Map.of("learning_rate", 0.02, "epochs", 10), 3, 0)),
            new SuggestedQuestion("How does the final validation loss of SGD depend on the learning rate?",
                    new StudyDesign.Sweep("learning_rate", List.of(0.003, 0.01, 0.03, 0.1, 0.3, 1.0),
                            Map.of("optimizer", "sgd", "epochs", 10), 2, 0)));

    // Settings (plugins.hello-descent: in nightshift.yaml), set by configure before anything else.
    private double noise = 0.1;
    private int dimensions = 10;

    // Set up once per worker by warmUp and kept for all its trials (a real plugin loads its dataset here).
    private volatile Bowl bowl;

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor(ID,
                "Noisy gradient descent on a quadratic bowl: the sample plugin of docs/PLUGINS.md.",
                MODEL_BRIEF, SPACE, Objective.minimize("val_loss"),
                QUESTIONS.stream().map(SuggestedQuestion::text).toList());
    }

    @Override
    public List<SuggestedQuestion> questions() {
        return QUESTIONS;
    }

    @Override
    public void configure(Map<String, Object> settings) {
        PluginSettings s = PluginSettings.of(settings).allowOnly("noise", "dimensions");
        double n = s.doubleValue("noise", 0.1);
        if (n < 0 || n > 10) {
            throw new InvalidSettingException("noise", "must be between 0 and 10, got " + n);
        }
        int d = s.intValue("dimensions", 10);
        if (d < 1 || d > 10_000) {
            throw new InvalidSettingException("dimensions", "must be between 1 and 10000, got " + d);
        }
        noise = n;
        dimensions = d;
        bowl = null;
    }

    /** The "model" has one weight per dimension; shown with proposals waiting for review. */
    @Override
    public OptionalLong parameterCount(Map<String, Object> params) {
        return OptionalLong.of(dimensions);
    }

    @Override
    public void warmUp(Path dataDirectory) {
        bowl = Bowl.create(dimensions);
    }

    @Override
    public TrialResult run(TrialContext ctx) throws IOException {
        // The worker hands over validated parameters; validating again gives a hand-made context the same errors.
        Map<String, Object> p = SPACE.validate(ctx.parameters());
        boolean useMomentum = p.get("optimizer").equals("momentum");
        double beta = useMomentum ? (Double) p.get("momentum") : 0;
        double lr = (Double) p.get("learning_rate");
        int epochs = (Integer) p.get("epochs");
        Bowl bowl = this.bowl != null ? this.bowl : Bowl.create(dimensions);

        // A later attempt (after a lost worker or a stop) resumes from the last finished epoch.
        Path checkpoint = ctx.checkpoints().resolve("state.txt");
        State state = ctx.attempt() > 1 && Files.exists(checkpoint)
                ? State.read(checkpoint) : State.start(dimensions, ctx.seed());
        if (state.epoch > 0) {
            ctx.log("attempt " + ctx.attempt() + " resumes after epoch " + state.epoch);
        }
        ctx.note("settings", "noise=" + noise + ", dimensions=" + dimensions);

        StringBuilder curve = new StringBuilder("epoch,train_loss,val_loss\n");
        double trainLoss = Double.NaN;
        boolean stopped = false;
        while (state.epoch < epochs && !stopped) {
            // Seeded by epoch, so a resumed run draws the same noise as one that was never interrupted.
            SplittableRandom random = new SplittableRandom(ctx.seed() * 1_000_003L + state.epoch);
            double sum = 0;
            int steps = 0;
            for (; steps < STEPS_PER_EPOCH; steps++) {
                if (ctx.isCancelled() || !Instant.now().isBefore(ctx.deadline())) {
                    stopped = true;
                    break;
                }
                sum += bowl.step(state, lr, beta, noise, random);
            }
            if (stopped) {
                break; // an unfinished epoch is neither reported nor saved
            }
            state.epoch++;
            trainLoss = sum / steps;
            double valLoss = bowl.loss(state.w, bowl.validationShift);
            long step = (long) state.epoch * STEPS_PER_EPOCH;
            ctx.metrics().report("train_loss", trainLoss, state.epoch, step);
            ctx.metrics().report("val_loss", valLoss, state.epoch, step);
            curve.append(String.format(Locale.ROOT, "%d,%.6g,%.6g%n", state.epoch, trainLoss, valLoss));
            state.write(checkpoint);
        }

        Files.writeString(ctx.artifacts().resolve("curve.csv"), curve);
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("val_loss", bowl.loss(state.w, bowl.validationShift));
        result.put("test_loss", bowl.loss(state.w, bowl.testShift)); // reported, never optimised
        result.put("train_loss", trainLoss);
        result.put("epochs", (double) state.epoch);
        result.put("noise", noise);
        return new TrialResult(result);
    }

    /** The bowl's curvatures and the held-out shifts of its centre; the same in every trial and worker. */
    private record Bowl(double[] curvature, double[] validationShift, double[] testShift) {

        static Bowl create(int dimensions) {
            double[] a = new double[dimensions];
            for (int i = 0; i < dimensions; i++) {
                a[i] = dimensions == 1 ? 1 : 0.1 + 0.9 * i / (dimensions - 1);
            }
            return new Bowl(a, shift(dimensions, 1), shift(dimensions, 2));
        }

        private static double[] shift(int dimensions, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] s = new double[dimensions];
            for (int i = 0; i < dimensions; i++) {
                s[i] = 0.1 * gaussian(random);
            }
            return s;
        }

        /** One step of (heavy-ball) gradient descent on noisy gradients; returns the training loss before it. */
        double step(State state, double lr, double beta, double noise, SplittableRandom random) {
            double loss = 0;
            for (int i = 0; i < state.w.length; i++) {
                double w = state.w[i];
                loss += 0.5 * curvature[i] * w * w;
                double gradient = curvature[i] * w + noise * gaussian(random);
                state.velocity[i] = beta * state.velocity[i] - lr * gradient;
                state.w[i] = w + state.velocity[i];
            }
            return loss;
        }

        double loss(double[] w, double[] shift) {
            double loss = 0;
            for (int i = 0; i < w.length; i++) {
                double d = w[i] - shift[i];
                loss += 0.5 * curvature[i] * d * d;
            }
            return loss;
        }

        private static double gaussian(SplittableRandom random) {
            // Box-Muller; 1 - nextDouble() is in (0, 1], so the log is finite.
            return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        }
    }

    /** Where training stands: the weights, the momentum, the epochs done. Checkpointed after every epoch. */
    private static final class State {
        final double[] w;
        final double[] velocity;
        int epoch;

        private State(double[] w, double[] velocity, int epoch) {
            this.w = w;
            this.velocity = velocity;
            this.epoch = epoch;
        }

        static State start(int dimensions, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] w = new double[dimensions];
            for (int i = 0; i < dimensions; i++) {
                w[i] = Bowl.gaussian(random);
            }
            return new State(w, new double[dimensions], 0);
        }

        void write(Path file) throws IOException {
            Path partial = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(partial, epoch + "\n" + join(w) + "\n" + join(velocity) + "\n");
            // Replaced in one step, so an interrupted write never leaves half a checkpoint.
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        static State read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file);
            return new State(parse(lines.get(1)), parse(lines.get(2)), Integer.parseInt(lines.get(0).trim()));
        }

        private static String join(double[] values) {
            return String.join(",", Arrays.stream(values).mapToObj(Double::toString).toList());
        }

        private static double[] parse(String line) {
            return Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
        }
    }
}
