package io.nightshift.agent.study.findings;

import java.util.List;
import java.util.Optional;

/** The few statistics findings use: mean and sample standard deviation, Welch's interval, one-way ANOVA. */
final class Stats {

    private Stats() {
    }

    /** Mean and sample standard deviation (n - 1 in the denominator; NaN when n < 2). */
    record Summary(int n, double mean, double sd) {
        static Summary of(List<Double> values) {
            int n = values.size();
            if (n == 0) {
                return new Summary(0, Double.NaN, Double.NaN);
            }
            double mean = 0;
            for (double v : values) {
                mean += v;
            }
            mean /= n;
            if (n < 2) {
                return new Summary(1, mean, Double.NaN);
            }
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new Summary(n, mean, Math.sqrt(ss / (n - 1)));
        }

        boolean hasSpread() {
            return n >= 2;
        }

        double variance() {
            return sd * sd;
        }
    }

    /**
     * A confidence interval for a difference of means: {@code difference ± halfWidth}.
     *
     * @param df    Welch–Satterthwaite degrees of freedom
     * @param level the confidence level of this interval (0.95, or more when adjusted for several comparisons)
     */
    record Interval(double difference, double halfWidth, double df, double level) {
        double low() {
            return difference - halfWidth;
        }

        double high() {
            return difference + halfWidth;
        }

        boolean excludesZero() {
            return low() > 0 || high() < 0;
        }
    }

    /**
     * Welch's interval for mean(a) - mean(b) at the given confidence level; empty when either side has fewer
     * than two values (its spread is unknown). When neither side varies at all the interval has zero width.
     */
    static Optional<Interval> welch(Summary a, Summary b, double level) {
        if (!a.hasSpread() || !b.hasSpread()) {
            return Optional.empty();
        }
        double va = a.variance() / a.n();
        double vb = b.variance() / b.n();
        double se = Math.sqrt(va + vb);
        double diff = a.mean() - b.mean();
        if (se == 0) {
            return Optional.of(new Interval(diff, 0, a.n() + b.n() - 2, level));
        }
        double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        double t = Distributions.studentQuantile(1 - (1 - level) / 2, df);
        return Optional.of(new Interval(diff, t * se, df, level));
    }

    /**
     * One-way analysis of variance of groups of values.
     *
     * @param pooledSd the within-group standard deviation pooled over all groups (sqrt of the within mean square)
     * @param p        P(F > f) under "all group means equal"; NaN when there are no within-group degrees of freedom
     */
    record Anova(double f, double dfBetween, double dfWithin, double p, double pooledSd) {
        static Optional<Anova> of(List<List<Double>> groups) {
            List<List<Double>> present = groups.stream().filter(g -> !g.isEmpty()).toList();
            int k = present.size();
            int total = present.stream().mapToInt(List::size).sum();
            if (k < 2 || total - k < 1) {
                return Optional.empty();
            }
            double grand = present.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).sum() / total;
            double between = 0;
            double within = 0;
            for (List<Double> g : present) {
                Summary s = Summary.of(g);
                between += g.size() * (s.mean() - grand) * (s.mean() - grand);
                for (double v : g) {
                    within += (v - s.mean()) * (v - s.mean());
                }
            }
            double dfB = k - 1;
            double dfW = total - k;
            double msW = within / dfW;
            double f = msW == 0 ? (between == 0 ? 0 : Double.POSITIVE_INFINITY) : (between / dfB) / msW;
            double p = Distributions.fSurvival(f, dfB, dfW);
            return Optional.of(new Anova(f, dfB, dfW, p, Math.sqrt(msW)));
        }
    }
}
