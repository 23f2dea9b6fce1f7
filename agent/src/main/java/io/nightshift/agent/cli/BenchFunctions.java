package io.nightshift.agent.cli;

import io.nightshift.plugin.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Standard test functions for the search-quality benchmark, all minimised. They must match
 * {@code bench/optuna_quality.py} exactly (same spaces, same formulas) so the numbers compare.
 */
final class BenchFunctions {

    record TestFunction(String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> f, double optimum) {}

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

    static List<TestFunction> all() {
        return List.of(branin(), hartmann6(), rosenbrock4(), mixed());
    }

    private static double d(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }

    static TestFunction branin() {
        SearchSpace s = SearchSpace.builder().floatParam("x1", -5, 10).floatParam("x2", 0, 15).build();
        return new TestFunction("branin", s, p -> {
            double x1 = d(p, "x1");
            double x2 = d(p, "x2");
            double a = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
            return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
        }, 0.397887);
    }

    static TestFunction hartmann6() {
        SearchSpace.Builder b = SearchSpace.builder();
        for (int i = 1; i <= 6; i++) {
            b.floatParam("x" + i, 0, 1);
        }
        return new TestFunction("hartmann6", b.build(), p -> {
            double total = 0;
            for (int i = 0; i < 4; i++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    double diff = d(p, "x" + (j + 1)) - HARTMANN_P[i][j];
                    inner += HARTMANN_A[i][j] * diff * diff;
                }
                total += HARTMANN_ALPHA[i] * Math.exp(-inner);
            }
            return -total;
        }, -3.32237);
    }

    static TestFunction rosenbrock4() {
        SearchSpace.Builder b = SearchSpace.builder();
        for (int i = 1; i <= 4; i++) {
            b.floatParam("x" + i, -5, 10);
        }
        return new TestFunction("rosenbrock4", b.build(), p -> {
            double sum = 0;
            for (int i = 1; i < 4; i++) {
                double x = d(p, "x" + i);
                double next = d(p, "x" + (i + 1));
                sum += 100 * (next - x * x) * (next - x * x) + (1 - x) * (1 - x);
            }
            return sum;
        }, 0);
    }

    /** Categorical c shifts the continuous optimum; int k and log-scaled lr add their own terms. Minimum 0. */
    static TestFunction mixed() {
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
        }, 0);
    }
}
