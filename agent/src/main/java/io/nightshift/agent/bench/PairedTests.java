package io.nightshift.agent.bench;

import java.util.Arrays;

/**
 * Two-sided paired tests for the benchmarks, on differences a[i] − b[i] (zero differences dropped):
 * the sign test (exact binomial) and the Wilcoxon signed-rank test (exact: the permutation
 * distribution of the rank sum, ties given their average rank, computed on doubled ranks so that
 * half ranks stay integers).
 */
public final class PairedTests {

    /**
     * @param wins   pairs where a is smaller (better, when minimising)
     * @param losses pairs where a is larger
     * @param signP  two-sided sign-test p
     * @param wilcoxonP two-sided Wilcoxon signed-rank p
     */
    public record Result(int wins, int losses, double signP, double wilcoxonP) {}

    private PairedTests() {}

    public static Result compare(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
        }
        double[] d = new double[a.length];
        int n = 0;
        int wins = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = a[i] - b[i];
            if (diff != 0 && !Double.isNaN(diff)) {
                d[n++] = diff;
                if (diff < 0) {
                    wins++;
                }
            }
        }
        d = Arrays.copyOf(d, n);
        return new Result(wins, n - wins, signTest(wins, n - wins), wilcoxon(d));
    }

    /** Two-sided exact sign test: 2 · P(X ≤ min(k, n − k)) for X ~ Binomial(n, ½), at most 1. */
    public static double signTest(int positive, int negative) {
        int n = positive + negative;
        if (n == 0) {
            return 1.0;
        }
        int k = Math.min(positive, negative);
        double tail = 0;
        double logHalfN = n * Math.log(0.5);
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logChoose(n, i) + logHalfN);
        }
        return Math.min(1.0, 2 * tail);
    }

    /** Two-sided exact Wilcoxon signed-rank p of non-zero differences {@code d}. */
    public static double wilcoxon(double[] d) {
        int n = d.length;
        if (n == 0) {
            return 1.0;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(Math.abs(d[x]), Math.abs(d[y])));
        int[] rank2 = new int[n]; // doubled average ranks
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && Math.abs(d[order[j + 1]]) == Math.abs(d[order[i]])) {
                j++;
            }
            int r2 = (i + 1) + (j + 1); // twice the average of ranks i+1..j+1
            for (int k = i; k <= j; k++) {
                rank2[order[k]] = r2;
            }
            i = j + 1;
        }
        int total = 0;
        int plus = 0;
        for (int i = 0; i < n; i++) {
            total += rank2[i];
            if (d[i] > 0) {
                plus += rank2[i];
            }
        }
        // counts[s] = number of sign assignments whose positive doubled-rank sum is s
        double[] counts = new double[total + 1];
        counts[0] = 1;
        int reach = 0;
        for (int r : rank2) {
            for (int s = reach; s >= 0; s--) {
                if (counts[s] != 0) {
                    counts[s + r] += counts[s];
                }
            }
            reach += r;
        }
        double all = Math.pow(2, n);
        double lower = 0;
        double upper = 0;
        for (int s = 0; s <= total; s++) {
            if (s <= plus) {
                lower += counts[s];
            }
            if (s >= plus) {
                upper += counts[s];
            }
        }
        return Math.min(1.0, 2 * Math.min(lower, upper) / all);
    }

    private static double logChoose(int n, int k) {
        double r = 0;
        for (int i = 1; i <= k; i++) {
            r += Math.log(n - k + i) - Math.log(i);
        }
        return r;
    }
}
