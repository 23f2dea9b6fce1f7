package io.nightshift.agent.bench;

import io.nightshift.plugin.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Standard test functions for the search-quality benchmark, all minimised. They must match
 * {@code bench/optuna_quality.py} exactly (same spaces, same formulas) so the numbers compare.
 */
public final class BenchFunctions {

    /**
     * @param key   the categorical parameter whose value at the optimum is checked ("ends on the right
     *              categorical"), or null when the function has none that matters
     * @param right its value at the optimum
     */
    public record TestFunction(String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> f, double optimum,
            String key, Object right) {

        TestFunction(String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> f, double optimum) {
            this(name, space, f, optimum, null, null);
        }
    }

    private static final double[][] HARTMANN_A = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
            {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] HARTMANN_P = {
            {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886}, {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
            {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650}, {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
    private static final double[] HARTMANN_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final Map<String, double[]> MIXED = Map.of(
            "a", new double[] {1.0, 0.3}, "b", new double[] {-2.0, 0.0},
            "c", new double[] {3.0, 0.6}, "d", new double[] {0.5, 0.9});

    private BenchFunctions() {}

    public static List<TestFunction> all() {
        return List.of(branin(), hartmann6(), rosenbrock4(), mixed(), catOffset(), branches(), irrelevant(), trainRun());
    }

    /**
     * Multimodal functions kept out of {@link #all()} and out of choosing the planner's settings: many
     * local minima (Ackley, Rastrigin), a few wide ones (Styblinski-Tang), and a deceptive one whose best
     * minimum is far from the second best (Schwefel). They check that refining good trials does not get stuck.
     */
    public static List<TestFunction> heldOut() {
        return List.of(ackley5(), rastrigin4(), styblinski5(), schwefel4());
    }

    /** The functions with these names, from {@link #all()} and {@link #heldOut()}; all of {@link #all()} when null. */
    public static List<TestFunction> named(List<String> names) {
        if (names == null) {
            return all();
        }
        return java.util.stream.Stream.concat(all().stream(), heldOut().stream())
                .filter(f -> names.contains(f.name())).toList();
    }

    /** Floats x1..x{dims}, each on [lo, hi]. */
    private static SearchSpace box(int dims, double lo, double hi) {
        return box(SearchSpace.builder(), dims, lo, hi).build();
    }

    private static SearchSpace.Builder box(SearchSpace.Builder b, int dims, double lo, double hi) {
        for (int i = 1; i <= dims; i++) {
            b.floatParam("x" + i, lo, hi);
        }
        return b;
    }

    /** The values of x1..x{dims}. */
    private static double[] xs(Map<String, Object> p, int dims) {
        double[] x = new double[dims];
        for (int i = 0; i < dims; i++) {
            x[i] = d(p, "x" + (i + 1));
        }
        return x;
    }

    public static TestFunction ackley5() {
        return new TestFunction("ackley5", box(5, -32.768, 32.768), p -> {
            double[] x = xs(p, 5);
            double sq = 0;
            double cos = 0;
            for (double v : x) {
                sq += v * v;
                cos += Math.cos(2 * Math.PI * v);
            }
            return -20 * Math.exp(-0.2 * Math.sqrt(sq / 5)) - Math.exp(cos / 5) + 20 + Math.E;
        }, 0);
    }

    public static TestFunction rastrigin4() {
        return new TestFunction("rastrigin4", box(4, -5.12, 5.12), p -> {
            double sum = 40;
            for (double v : xs(p, 4)) {
                sum += v * v - 10 * Math.cos(2 * Math.PI * v);
            }
            return sum;
        }, 0);
    }

    public static TestFunction styblinski5() {
        return new TestFunction("styblinski5", box(5, -5, 5), p -> {
            double sum = 0;
            for (double v : xs(p, 5)) {
                sum += v * v * v * v - 16 * v * v + 5 * v;
            }
            return sum / 2;
        }, -39.16617 * 5);
    }

    public static TestFunction schwefel4() {
        return new TestFunction("schwefel4", box(4, -500, 500), p -> {
            double sum = 418.9829 * 4;
            for (double v : xs(p, 4)) {
                sum -= v * Math.sin(Math.sqrt(Math.abs(v)));
            }
            return sum;
        }, 0);
    }

    private static double d(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }

    public static TestFunction branin() {
        SearchSpace s = SearchSpace.builder().floatParam("x1", -5, 10).floatParam("x2", 0, 15).build();
        return new TestFunction("branin", s, p -> {
            double x1 = d(p, "x1");
            double x2 = d(p, "x2");
            double a = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
            return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
        }, 0.397887);
    }

    public static TestFunction hartmann6() {
        return new TestFunction("hartmann6", box(6, 0, 1), BenchFunctions::hartmann, -3.32237);
    }

    /** Hartmann-6 of the parameters x1..x6 (others ignored). */
    private static double hartmann(Map<String, Object> p) {
        double[] x = xs(p, 6);
        double total = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                double diff = x[j] - HARTMANN_P[i][j];
                inner += HARTMANN_A[i][j] * diff * diff;
            }
            total += HARTMANN_ALPHA[i] * Math.exp(-inner);
        }
        return -total;
    }

    public static TestFunction rosenbrock4() {
        return new TestFunction("rosenbrock4", box(4, -5, 10), p -> {
            double[] x = xs(p, 4);
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                sum += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]);
            }
            return sum;
        }, 0);
    }

    /** Categorical c shifts the continuous optimum; int k and log-scaled lr add their own terms. Minimum 0. */
    public static TestFunction mixed() {
        SearchSpace s = SearchSpace.builder()
                .categorical("c", "a", "b", "c", "d")
                .floatParam("x", -5, 5)
                .floatParam("y", -5, 5)
                .intParam("k", 1, 8)
                .logFloatParam("lr", 1e-4, 1.0)
                .build();
        return new TestFunction("mixed", s, p -> {
            double[] sb = MIXED.get((String) p.get("c"));
            double x = d(p, "x") - sb[0];
            double y = d(p, "y") + sb[0];
            double lr = Math.log10(d(p, "lr")) + 2;
            return x * x + y * y + 0.5 * Math.abs(d(p, "k") - 3) + lr * lr + sb[1];
        }, 0, "c", "b");
    }

    /** Per optimiser: offset, optimal log10 learning rate, curvature per decade squared. */
    private static final Map<String, double[]> CAT_OFFSET = Map.of(
            "sgd", new double[] {0.0, -1.0, 1.0}, "adam", new double[] {0.08, -3.0, 0.25},
            "adamw", new double[] {0.05, -3.0, 0.5}, "rmsprop", new double[] {0.12, -3.5, 0.25});

    /**
     * Categorical offsets with a trap: the best optimiser (sgd) has the narrowest learning-rate basin, so
     * early random trials favour adam/adamw, whose basins are broad but whose floors are higher.
     * Minimum 0 (sgd, lr 0.1, width 256, x 0.35).
     */
    public static TestFunction catOffset() {
        SearchSpace s = SearchSpace.builder()
                .categorical("optimizer", "sgd", "adam", "adamw", "rmsprop")
                .logFloatParam("lr", 1e-5, 1.0)
                .logIntParam("width", 16, 1024)
                .floatParam("x", 0, 1)
                .build();
        return new TestFunction("catoffset", s, p -> {
            double[] o = CAT_OFFSET.get((String) p.get("optimizer"));
            double lr = Math.log10(d(p, "lr")) - o[1];
            double w = Math.log(d(p, "width")) / Math.log(2) - 8;
            double x = d(p, "x") - 0.35;
            return o[0] + o[2] * lr * lr + 0.02 * w * w + 0.5 * x * x;
        }, 0, "optimizer", "sgd");
    }

    /**
     * Conditional children, nested: kind a has a1; kind b has b1 and b2; kind c has a categorical c1 whose
     * value z (only) has a child c2. Branches a and b are easy with high floors; the best (c, z) needs its
     * grandchild tuned. Two shared parameters. Minimum 0 (c, z, c2 0.25, s 0.6, t 1).
     */
    public static TestFunction branches() {
        SearchSpace s = SearchSpace.builder()
                .categorical("kind", "a", "b", "c")
                .floatParam("a1", 0, 1).when("kind", "a")
                .floatParam("b1", 0, 1).when("kind", "b")
                .logIntParam("b2", 1, 256).when("kind", "b")
                .categorical("c1", "x", "y", "z").when("kind", "c")
                .floatParam("c2", 0, 1).when("c1", "z")
                .floatParam("s", 0, 1)
                .logFloatParam("t", 1e-3, 10)
                .build();
        return new TestFunction("branches", s, p -> {
            double sh = d(p, "s") - 0.6;
            double t = Math.log10(d(p, "t"));
            double shared = 0.3 * sh * sh + 0.05 * t * t;
            double branch = switch ((String) p.get("kind")) {
                case "a" -> 0.30 + 0.5 * Math.pow(d(p, "a1") - 0.5, 2);
                case "b" -> 0.15 + 0.6 * Math.pow(d(p, "b1") - 0.8, 2)
                        + 0.02 * Math.pow(Math.log(d(p, "b2")) / Math.log(2) - 5, 2);
                default -> switch ((String) p.get("c1")) {
                    case "x" -> 0.40;
                    case "y" -> 0.35;
                    default -> 4 * Math.pow(d(p, "c2") - 0.25, 2);
                };
            };
            return branch + shared;
        }, 0, "kind", "c");
    }

    /** Hartmann-6 plus four irrelevant floats and two irrelevant categoricals: 12 parameters, 6 that matter. */
    public static TestFunction irrelevant() {
        SearchSpace.Builder b = box(SearchSpace.builder(), 6, 0, 1);
        for (int i = 1; i <= 4; i++) {
            b.floatParam("n" + i, 0, 1);
        }
        b.categorical("k1", "p", "q", "r").categorical("k2", "v1", "v2", "v3", "v4", "v5");
        return new TestFunction("irrelevant", b.build(), BenchFunctions::hartmann, -3.32237);
    }

    /**
     * A landscape shaped like a training run (9 parameters): an optimiser with a conditional momentum, a
     * scheduler with a conditional warm-up (cosine) or decay (step), log learning rate, weight decay, batch
     * size, dropout. Interactions: sgd's effective rate is lr/(1 − momentum); the best rate grows with the
     * batch (linearly for sgd, as its square root for adam/adamw); the best dropout falls as weight decay
     * grows; weight decay helps adamw, hurts adam. The value is an error that saturates at 0.9 (a diverged
     * run): 0.05 + 0.85 (1 − e^−S). sgd is best but needs lr and momentum right together; adamw is easier.
     * Minimum 0.05 (sgd, momentum 0.9, cosine, warm-up 0.05, lr 0.1, weight decay 5e-4, batch 128, dropout 0.2).
     */
    public static TestFunction trainRun() {
        SearchSpace s = SearchSpace.builder()
                .categorical("optimizer", "sgd", "adam", "adamw")
                .floatParam("momentum", 0, 0.99).when("optimizer", "sgd")
                .categorical("scheduler", "constant", "cosine", "step")
                .floatParam("warmup", 0, 0.3).when("scheduler", "cosine")
                .floatParam("decay", 0.1, 0.9).when("scheduler", "step")
                .logFloatParam("lr", 1e-5, 1.0)
                .logFloatParam("weight_decay", 1e-6, 1e-1)
                .logIntParam("batch_size", 16, 1024)
                .floatParam("dropout", 0, 0.8)
                .build();
        return new TestFunction("trainrun", s, BenchFunctions::trainRunError, 0.05, "optimizer", "sgd");
    }

    public static double trainRunError(Map<String, Object> p) {
        double b = Math.log(d(p, "batch_size") / 128.0) / Math.log(2);
        double lr = Math.log10(d(p, "lr"));
        double wd = Math.log10(d(p, "weight_decay"));
        double s;
        switch ((String) p.get("optimizer")) {
            case "sgd" -> {
                double m = d(p, "momentum");
                double eff = lr - Math.log10(1 - m) - 0.301 * b;
                s = 0.8 * eff * eff + 0.6 * (m - 0.9) * (m - 0.9) + 0.04 * (wd + 3.3) * (wd + 3.3);
            }
            case "adam" -> {
                double e = lr + 3 - 0.15 * b;
                s = 0.08 + 0.5 * e * e + 0.03 * (wd + 5) * (wd + 5);
            }
            default -> {
                double e = lr + 3 - 0.15 * b;
                s = 0.04 + 0.5 * e * e + 0.04 * (wd + 2) * (wd + 2);
            }
        }
        s += switch ((String) p.get("scheduler")) {
            case "constant" -> 0.04;
            case "cosine" -> 1.5 * Math.pow(d(p, "warmup") - 0.05, 2);
            default -> 0.015 + 0.3 * Math.pow(d(p, "decay") - 0.3, 2);
        };
        double dropOpt = Math.max(0, Math.min(0.5, 0.2 - 0.04 * (wd + 3.3)));
        s += 0.01 * b * b + 0.4 * Math.pow(d(p, "dropout") - dropOpt, 2);
        return 0.05 + 0.85 * (1 - Math.exp(-s));
    }
}
