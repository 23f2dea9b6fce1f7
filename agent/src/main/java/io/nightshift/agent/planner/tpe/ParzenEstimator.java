package io.nightshift.agent.planner.tpe;

import io.nightshift.agent.planner.SpaceEncoding;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A weighted mixture of product kernels over a {@link SpaceEncoding}, one kernel per observation
 * plus a broad prior kernel, as in Optuna's TPE: truncated Gaussians in the search scale for
 * floats, the same Gaussian's mass on each integer's half-step interval for integers, and
 * smoothed counts for categoricals. Kernels are joint over the parameters (one observation is
 * one point), so the model sees interactions; a parameter an observation lacks (inactive, or
 * outside the space) falls back to the prior in that kernel. All arrays are laid out per
 * parameter over kernels, so scoring a candidate is a few tight loops.
 *
 * <p>Besides the joint density it gives what {@link TpePlanner} needs to treat categoricals on their
 * own: each categorical's marginal over the observations that have it ({@link #categoricalMarginal}),
 * and the density of the other parameters given a configuration's categorical values, with kernels
 * that differ in those values down-weighted ({@link #conditionalLogWeight}, {@link #logDensityGiven}).
 */
final class ParzenEstimator {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final SpaceEncoding enc;
    private final int kernels;
    private final double[] logWeight;
    private final double[] cumWeight;
    private final double[][] mu;
    private final double[][] sigma;
    private final double[][] invSigma;
    /** log σ + log √(2π), for the midpoint rule on integers. */
    private final double[][] logSigmaSqrt2Pi;
    /** Floats: log σ + log Z + log √(2π); integers: log Z (Z the truncation mass). */
    private final double[][] logNorm;
    private final double[][] catLogP;
    private final double[][] catCum;
    /** Per categorical parameter, each kernel's observed choice (−1 where its observation lacks it, and for the prior). */
    private final int[][] catObs;
    /** Normalised kernel weights (the prior kernel last). */
    private final double[] weight;
    private final double priorWeight;
    /** log of the observations' total normalised weight (all but the prior kernel). */
    private final double logObservationTotal;

    /**
     * @param observations encoded points (NaN where a parameter is absent)
     * @param weights      one non-negative weight per observation
     * @param priorWeight  weight of the prior kernel, on the same scale
     */
    ParzenEstimator(SpaceEncoding enc, List<double[]> observations, double[] weights, double priorWeight,
            TpePlanner.Bandwidth bandwidth) {
        this.enc = enc;
        int n = observations.size();
        this.kernels = n + 1;
        int dims = enc.dims();
        double total = priorWeight;
        for (int k = 0; k < n; k++) {
            total += weights[k];
        }
        this.priorWeight = priorWeight;
        logWeight = new double[kernels];
        cumWeight = new double[kernels];
        weight = new double[kernels];
        double acc = 0;
        for (int k = 0; k < kernels; k++) {
            double w = (k < n ? weights[k] : priorWeight) / total;
            weight[k] = w;
            logWeight[k] = Math.log(w);
            acc += w;
            cumWeight[k] = acc;
        }
        logObservationTotal = logSumExp(logWeight, n);
        mu = new double[dims][];
        sigma = new double[dims][];
        invSigma = new double[dims][];
        logSigmaSqrt2Pi = new double[dims][];
        logNorm = new double[dims][];
        catLogP = new double[dims][];
        catCum = new double[dims][];
        catObs = new int[dims][];
        for (int d = 0; d < dims; d++) {
            double[] values = new double[n];
            int present = 0;
            for (int k = 0; k < n; k++) {
                values[k] = observations.get(k)[d];
                if (!Double.isNaN(values[k])) {
                    present++;
                }
            }
            if (enc.kind(d) == SpaceEncoding.CATEGORICAL) {
                fitCategorical(d, values, priorWeight);
            } else {
                fitNumeric(d, values, present, bandwidth);
            }
        }
    }

    private void fitCategorical(int d, double[] values, double priorWeight) {
        int c = enc.choices(d);
        double[] logP = new double[kernels * c];
        double[] cum = new double[kernels * c];
        double fill = priorWeight / kernels;
        int[] obs = new int[kernels];
        for (int k = 0; k < kernels; k++) {
            double v = k < values.length ? values[k] : Double.NaN;
            int at = Double.isNaN(v) ? -1 : (int) v;
            obs[k] = at;
            double sum = at < 0 ? c : c * fill + 1;
            double running = 0;
            for (int j = 0; j < c; j++) {
                double p = at < 0 ? 1.0 / c : (fill + (j == at ? 1 : 0)) / sum;
                logP[k * c + j] = Math.log(p);
                running += p;
                cum[k * c + j] = running;
            }
        }
        catLogP[d] = logP;
        catCum[d] = cum;
        catObs[d] = obs;
    }

    /**
     * The marginal distribution of categorical parameter {@code d} over the observations that have it,
     * as Optuna's univariate estimator builds it: each of those m observations is a kernel with its
     * choice plus {@code priorWeight / (m + 1)} on every choice, the prior kernel is uniform, and the
     * kernels keep their weights. So every choice keeps a share of about priorWeight / ((m + 1) · choices)
     * or more, however the observations fell.
     */
    double[] categoricalMarginal(int d) {
        int c = enc.choices(d);
        int[] obs = catObs[d];
        int present = 0;
        for (int k = 0; k < kernels - 1; k++) {
            if (obs[k] >= 0) {
                present++;
            }
        }
        double fill = priorWeight / (present + 1);
        double rowSum = 1 + c * fill;
        double[] p = new double[c];
        double total = weight[kernels - 1];
        Arrays.fill(p, total / c);
        for (int k = 0; k < kernels - 1; k++) {
            if (obs[k] < 0) {
                continue;
            }
            double w = weight[k];
            total += w;
            for (int j = 0; j < c; j++) {
                p[j] += w * fill / rowSum;
            }
            p[obs[k]] += w / rowSum;
        }
        for (int j = 0; j < c; j++) {
            p[j] = total > 0 ? p[j] / total : 1.0 / c;
        }
        return p;
    }

    /**
     * Log kernel weights for modelling the other parameters given the categorical values set in
     * {@code fixed} (encoded, NaN where not set): an observation's kernel keeps its weight where the
     * observation has those values and is multiplied by {@code crossWeight} for each one it differs in or
     * lacks; then the observations' weights are scaled back to their total, so the prior keeps its share.
     * So trials with the same values dominate where there are some, and where there are none (a value
     * not tried yet, or tried only badly) every observation counts alike, as if the categoricals did not
     * matter. {@code crossWeight} 1 ignores the categoricals.
     */
    double[] conditionalLogWeight(double[] fixed, double crossWeight) {
        double[] logW = logWeight.clone();
        double logCross = Math.log(crossWeight);
        for (int d = 0; d < enc.dims(); d++) {
            if (enc.kind(d) != SpaceEncoding.CATEGORICAL || Double.isNaN(fixed[d])) {
                continue;
            }
            int j = (int) fixed[d];
            int[] obs = catObs[d];
            for (int k = 0; k < kernels - 1; k++) {
                if (obs[k] != j) {
                    logW[k] += logCross;
                }
            }
        }
        rescaleObservations(logW);
        return logW;
    }

    /** Shifts the observations' log weights so that they sum to what they did unconditioned. */
    private void rescaleObservations(double[] logW) {
        int prior = kernels - 1;
        if (prior == 0) {
            return;
        }
        double shift = logObservationTotal - logSumExp(logW, prior);
        if (Double.isFinite(shift)) {
            for (int k = 0; k < prior; k++) {
                logW[k] += shift;
            }
        }
    }

    /** Cumulative normalised weights from log weights, for {@link #sample(SplittableRandom, double[], Map)}. */
    double[] cumulative(double[] logW) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logW) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return cumWeight;
        }
        double[] cum = new double[kernels];
        double acc = 0;
        for (int k = 0; k < kernels; k++) {
            acc += Math.exp(logW[k] - max);
            cum[k] = acc;
        }
        for (int k = 0; k < kernels; k++) {
            cum[k] /= acc;
        }
        return cum;
    }

    /**
     * Log density of each encoded point's non-categorical parameters given its categorical values: the
     * mixture with the kernel weights of {@link #conditionalLogWeight} for those values.
     */
    double[] logDensityGiven(List<double[]> points, double crossWeight) {
        double[] out = new double[points.size()];
        double[] acc = new double[kernels];
        // The kernel weights given the categorical values, for the last values seen: candidates of one
        // proposal share their categoricals, so this is computed once per proposal, not per candidate.
        double[] given = null;
        double givenBase = 0;
        double[] givenFor = null;
        for (int i = 0; i < out.length; i++) {
            double[] x = points.get(i);
            if (givenFor == null || !sameCategoricals(givenFor, x)) {
                given = conditionalLogWeight(x, crossWeight);
                givenBase = logSumExp(given);
                givenFor = x;
            }
            System.arraycopy(given, 0, acc, 0, kernels);
            for (int d = 0; d < enc.dims(); d++) {
                double v = x[d];
                if (Double.isNaN(v) || enc.kind(d) == SpaceEncoding.CATEGORICAL) {
                    continue;
                }
                addTerm(d, v, acc);
            }
            out[i] = logSumExp(acc) - givenBase;
        }
        return out;
    }

    /** Whether two encoded points have the same categorical values (both absent counts as the same). */
    private boolean sameCategoricals(double[] a, double[] b) {
        for (int d = 0; d < enc.dims(); d++) {
            if (enc.kind(d) == SpaceEncoding.CATEGORICAL && Double.compare(a[d], b[d]) != 0) {
                return false;
            }
        }
        return true;
    }

    private void fitNumeric(int d, double[] values, int present, TpePlanner.Bandwidth bandwidth) {
        double lo = enc.lo(d);
        double hi = enc.hi(d);
        double range = hi - lo;
        double[] m = new double[kernels];
        double[] s = new double[kernels];
        double minSigma = range / Math.min(100.0, 1.0 + kernels);
        double maxSigma = range;
        double scott = 0.2 * Math.pow(Math.max(present, 1), -1.0 / (enc.dims() + 4)) * range;
        double[] neighbour = bandwidth == TpePlanner.Bandwidth.NEIGHBOUR ? neighbourSigmas(values, present, lo, hi) : null;
        for (int k = 0; k < kernels; k++) {
            double v = k < values.length ? values[k] : Double.NaN;
            if (Double.isNaN(v)) {
                m[k] = 0.5 * (lo + hi);
                s[k] = range;
            } else {
                m[k] = Math.max(lo, Math.min(hi, v));
                double raw = neighbour != null ? neighbour[k] : scott;
                s[k] = Math.max(minSigma, Math.min(maxSigma, raw));
            }
        }
        double[] norm = new double[kernels];
        for (int k = 0; k < kernels; k++) {
            double a = (lo - m[k]) / s[k];
            double b = (hi - m[k]) / s[k];
            // Far from both ends the truncation removes less than 1e-9 of the mass.
            double logZ = a < -6.2 && b > 6.2 ? 0.0 : Math.log(Math.max(Normal.cdfDifference(a, b), 1e-300));
            norm[k] = enc.kind(d) == SpaceEncoding.FLOAT ? Math.log(s[k]) + logZ + LOG_SQRT_2PI : logZ;
        }
        double[] inv = new double[kernels];
        double[] lss = new double[kernels];
        for (int k = 0; k < kernels; k++) {
            inv[k] = 1.0 / s[k];
            lss[k] = Math.log(s[k]) + LOG_SQRT_2PI;
        }
        mu[d] = m;
        sigma[d] = s;
        invSigma[d] = inv;
        logSigmaSqrt2Pi[d] = lss;
        logNorm[d] = norm;
    }

    /** Per observation, the larger distance to its neighbours (the range's ends count at the inside only). */
    private static double[] neighbourSigmas(double[] values, int present, double lo, double hi) {
        double[] out = new double[values.length];
        if (present == 0) {
            return out;
        }
        double[] sorted = new double[present];
        int j = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sorted[j++] = v;
            }
        }
        Arrays.sort(sorted);
        for (int k = 0; k < values.length; k++) {
            double v = values[k];
            if (Double.isNaN(v)) {
                continue;
            }
            int i = Arrays.binarySearch(sorted, v);
            double left = v - (i == 0 ? lo : sorted[i - 1]);
            double right = (i == present - 1 ? hi : sorted[i + 1]) - v;
            double s = Math.max(left, right);
            if (present >= 2) {
                if (i == 0) {
                    s = right;
                } else if (i == present - 1) {
                    s = left;
                }
            }
            out[k] = s;
        }
        return out;
    }

    /** Draws one configuration; returns it canonical (inactive parameters left out). */
    Map<String, Object> sample(SplittableRandom random) {
        return sample(random, cumWeight, Map.of());
    }

    /**
     * Draws one configuration keeping the values in {@code fixed} (where active), from a kernel drawn
     * with the cumulative weights {@code cum} (see {@link #cumulative}); returns it canonical.
     */
    Map<String, Object> sample(SplittableRandom random, double[] cum, Map<String, Object> fixed) {
        double u = random.nextDouble();
        int k = Arrays.binarySearch(cum, u);
        k = k >= 0 ? k : Math.min(kernels - 1, -k - 1);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int d = 0; d < enc.dims(); d++) {
            if (!enc.active(d, values)) {
                continue;
            }
            Object set = fixed.get(enc.param(d).name());
            if (set != null) {
                values.put(enc.param(d).name(), set);
                continue;
            }
            double x = enc.kind(d) == SpaceEncoding.CATEGORICAL ? drawCategory(random, d, k)
                    : truncatedNormal(random, mu[d][k], sigma[d][k], enc.lo(d), enc.hi(d));
            values.put(enc.param(d).name(), enc.decodeValue(d, x));
        }
        return values;
    }

    /**
     * Draws one configuration from observation kernel {@code k} alone, its numeric widths scaled by
     * {@code widthScale}, keeping the values in {@code fixed} (where active); returns it canonical.
     */
    Map<String, Object> sampleKernel(SplittableRandom random, int k, double widthScale, Map<String, Object> fixed) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int d = 0; d < enc.dims(); d++) {
            if (!enc.active(d, values)) {
                continue;
            }
            Object set = fixed.get(enc.param(d).name());
            if (set != null) {
                values.put(enc.param(d).name(), set);
                continue;
            }
            double x = enc.kind(d) == SpaceEncoding.CATEGORICAL ? drawCategory(random, d, k)
                    : truncatedNormal(random, mu[d][k], sigma[d][k] * widthScale, enc.lo(d), enc.hi(d));
            values.put(enc.param(d).name(), enc.decodeValue(d, x));
        }
        return values;
    }

    private int drawCategory(SplittableRandom random, int d, int k) {
        int c = enc.choices(d);
        double r = random.nextDouble() * catCum[d][k * c + c - 1];
        int j = 0;
        while (j < c - 1 && catCum[d][k * c + j] < r) {
            j++;
        }
        return j;
    }

    private static double truncatedNormal(SplittableRandom random, double m, double s, double lo, double hi) {
        for (int attempt = 0; attempt < 100; attempt++) {
            double x = m + s * Normal.gaussian(random);
            if (x >= lo && x <= hi) {
                return x;
            }
        }
        return lo + random.nextDouble() * (hi - lo);
    }

    /** Log density of each encoded point over its present (active) parameters. */
    double[] logDensity(List<double[]> points) {
        double[] out = new double[points.size()];
        double[] acc = new double[kernels];
        for (int i = 0; i < out.length; i++) {
            double[] x = points.get(i);
            System.arraycopy(logWeight, 0, acc, 0, kernels);
            for (int d = 0; d < enc.dims(); d++) {
                double v = x[d];
                if (Double.isNaN(v)) {
                    continue;
                }
                addTerm(d, v, acc);
            }
            out[i] = logSumExp(acc);
        }
        return out;
    }

    /** Adds each kernel's log density of value {@code v} in parameter {@code d} to {@code acc}. */
    private void addTerm(int d, double v, double[] acc) {
        switch (enc.kind(d)) {
            case SpaceEncoding.FLOAT -> {
                double[] m = mu[d];
                double[] inv = invSigma[d];
                double[] ln = logNorm[d];
                for (int k = 0; k < kernels; k++) {
                    double z = (v - m[k]) * inv[k];
                    acc[k] += -0.5 * z * z - ln[k];
                }
            }
            case SpaceEncoding.INT -> {
                long iv = enc.intValue(d, v);
                double a = enc.log(d) ? Math.log(iv - 0.5) : iv - 0.5;
                double b = enc.log(d) ? Math.log(iv + 0.5) : iv + 0.5;
                double width = b - a;
                double logWidth = Math.log(width);
                double mid = 0.5 * (a + b);
                double[] m = mu[d];
                double[] inv = invSigma[d];
                double[] lss = logSigmaSqrt2Pi[d];
                double[] ln = logNorm[d];
                for (int k = 0; k < kernels; k++) {
                    double logMass;
                    if (width * inv[k] < 0.25) {
                        // The interval is narrow next to the kernel: the midpoint rule is exact to
                        // within 0.3%, and needs no exp.
                        double z = (mid - m[k]) * inv[k];
                        logMass = -0.5 * z * z - lss[k] + logWidth;
                    } else {
                        double mass = Normal.cdfDifference((a - m[k]) * inv[k], (b - m[k]) * inv[k]);
                        logMass = Math.log(Math.max(mass, 1e-300));
                    }
                    acc[k] += logMass - ln[k];
                }
            }
            default -> {
                int c = enc.choices(d);
                int j = (int) v;
                double[] lp = catLogP[d];
                for (int k = 0; k < kernels; k++) {
                    acc[k] += lp[k * c + j];
                }
            }
        }
    }

    /** Draws a value of parameter {@code d} alone (from its marginal), in the search scale. */
    double sampleOne(SplittableRandom random, int d) {
        double u = random.nextDouble();
        int k = Arrays.binarySearch(cumWeight, u);
        k = k >= 0 ? k : Math.min(kernels - 1, -k - 1);
        if (enc.kind(d) == SpaceEncoding.CATEGORICAL) {
            return drawCategory(random, d, k);
        }
        return truncatedNormal(random, mu[d][k], sigma[d][k], enc.lo(d), enc.hi(d));
    }

    /** Log marginal density of parameter {@code d} at each encoded value. */
    double[] logDensityOne(int d, double[] values) {
        double[] out = new double[values.length];
        double[] acc = new double[kernels];
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(logWeight, 0, acc, 0, kernels);
            addTerm(d, values[i], acc);
            out[i] = logSumExp(acc);
        }
        return out;
    }

    /** log Σ exp(a[k]) over k < {@code to}. */
    private static double logSumExp(double[] a, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < to; k++) {
            max = Math.max(max, a[k]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int k = 0; k < to; k++) {
            sum += Math.exp(a[k] - max);
        }
        return max + Math.log(sum);
    }

    private static double logSumExp(double[] a) {
        return logSumExp(a, a.length);
    }

    /** The standard normal distribution, to single precision or better. */
    static final class Normal {
        private Normal() {}

        /** Φ(b) − Φ(a) for a ≤ b, computed on the side where it does not cancel. */
        static double cdfDifference(double a, double b) {
            if (b - a < 1e-6) {
                double mid = 0.5 * (a + b);
                return Math.exp(-0.5 * mid * mid - LOG_SQRT_2PI) * (b - a);
            }
            if (a > 0) {
                return 0.5 * (erfc(a / Math.sqrt(2)) - erfc(b / Math.sqrt(2)));
            }
            return 0.5 * (erfc(-b / Math.sqrt(2)) - erfc(-a / Math.sqrt(2)));
        }

        /** Complementary error function (Chebyshev fit, relative error below 1.2e-7). */
        static double erfc(double x) {
            double z = Math.abs(x);
            double t = 1.0 / (1.0 + 0.5 * z);
            double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                    + t * (-0.82215223 + t * 0.17087277)))))))));
            return x >= 0 ? r : 2.0 - r;
        }

        /** A standard normal draw (polar Box–Muller, one of the pair). */
        static double gaussian(SplittableRandom random) {
            double u;
            double v;
            double s;
            do {
                u = 2 * random.nextDouble() - 1;
                v = 2 * random.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            return u * Math.sqrt(-2 * Math.log(s) / s);
        }
    }
}
