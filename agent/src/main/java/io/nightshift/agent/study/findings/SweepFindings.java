package io.nightshift.agent.study.findings;

import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Findings of a sweep: the curve (each point's reported configuration as mean ± sd over its seeds, in the order
 * of the design's values), whether the curve rises above the seed noise (one-way ANOVA over the points), and its
 * notable points:
 * <ul>
 *   <li>the optimum: the best mean, compared with the next best point by Welch's 95% interval;</li>
 *   <li>a knee (Kneedle): on a numeric axis (logarithmic when the values are spaced geometrically) with both axes
 *       scaled to [0, 1], the interior point farthest from the chord between the two ends, named only when the
 *       curve is monotone within the noise (no step against the overall direction larger than two standard errors
 *       of the pooled seed noise, and the ends differing by more than that), every interior point lies on the
 *       same side of the chord, and the distance is at least {@value #KNEE_MIN_DISTANCE} of the normalised range
 *       and more than two standard errors in the metric's own units;</li>
 *   <li>a peak or a dip: on a numeric axis, an interior point above (below) both neighbouring points, each
 *       difference's 95% Welch interval excluding 0.</li>
 * </ul>
 */
final class SweepFindings {

    static final double KNEE_MIN_DISTANCE = 0.2;
    private static final double SIGNIFICANCE = 0.05;

    private SweepFindings() {
    }

    /** One point of the curve; {@code reported} null when nothing completed there. */
    private record Point(int index, Object value, Configuration reported, List<Configuration> configurations) {
        boolean present() {
            return reported != null;
        }

        Stats.Summary summary() {
            return reported.summary();
        }
    }

    static List<Finding.New> write(StudyDesign.Sweep design, Study study, List<Observation> observations) {
        String factor = design.factor();
        List<List<Observation>> byPoint = new ArrayList<>();
        design.values().forEach(v -> byPoint.add(new ArrayList<>()));
        for (Observation o : observations) {
            int i = pointOf(design, o);
            if (i >= 0) {
                byPoint.get(i).add(o);
            }
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < design.values().size(); i++) {
            List<Configuration> configurations = Configuration.group(byPoint.get(i));
            points.add(new Point(i, design.values().get(i),
                    configurations.isEmpty() ? null : Configuration.reported(configurations, study.objective()),
                    configurations));
        }
        List<Point> present = points.stream().filter(Point::present).toList();
        int decimals = Num.decimalsFor(present.stream().map(p -> p.summary().mean()).toList(),
                present.stream().map(p -> p.summary().sd()).toList());
        List<Finding.New> findings = new ArrayList<>();
        findings.add(curve(design, study, decimals, points));
        if (present.size() < 2) {
            findings.add(new Statement(decimals).say("Too few points completed to say anything about the shape of the"
                    + " curve.").build("noise"));
            return findings;
        }
        Optional<Stats.Anova> anova = Stats.Anova.of(present.stream().map(p -> p.reported().values()).toList());
        findings.add(noise(factor, study, decimals, present, anova));
        findings.add(optimum(design, study, decimals, present));
        boolean beyondNoise = anova.isPresent() && anova.get().p() < SIGNIFICANCE;
        if (anova.isPresent()) {
            if (beyondNoise) {
                knee(design, study, decimals, present, anova.get().pooledSd()).ifPresent(findings::add);
            }
            if (present.stream().allMatch(p -> Num.asNumber(p.value()) != null)) {
                findings.addAll(extrema(design, study, decimals, present)); // on a numeric axis only
            }
        }
        return findings;
    }

    /** The index of the design value the observation belongs to: by its parameter, else by its cell; -1 if none. */
    static int pointOf(StudyDesign.Sweep design, Observation o) {
        Object v = o.params().get(design.factor());
        for (int i = 0; i < design.values().size(); i++) {
            if (v != null && Num.same(v, design.values().get(i))) {
                return i;
            }
        }
        if (v == null && o.cell() != null) {
            for (int i = 0; i < design.values().size(); i++) {
                Object dv = design.values().get(i);
                // The planner labels a point "factor=value" (String.valueOf); "factor=0.0001" for 1.0E-4 is accepted too.
                if (o.cell().equals(design.factor() + "=" + dv) || o.cell().equals(design.factor() + "=" + Num.value(dv))) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static Finding.New curve(StudyDesign.Sweep design, Study study, int decimals, List<Point> points) {
        Statement s = new Statement(decimals).say(study.metric() + " by " + design.factor()
                + " (mean ± sd over seeds, n seeds per point): ");
        List<Long> cited = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            s.say(i == 0 ? "" : ", ").param("point[" + i + "]", p.value()).say(": ");
            if (!p.present()) {
                s.say("no completed trial");
                continue;
            }
            s.meanSd("point[" + i + "]", p.summary()).say(" (n=").plain("point[" + i + "].n", p.summary().n()).say(")");
            cited.addAll(p.reported().trialIds());
        }
        s.say("; ").trials(cited).say(".");
        if (points.stream().anyMatch(p -> p.configurations().size() > 1)) {
            s.say(" The other parameters were tuned per point; each point reports the configuration run under the most"
                    + " seeds.");
        }
        return s.build("curve");
    }

    private static Finding.New noise(String factor, Study study, int decimals, List<Point> present,
            Optional<Stats.Anova> anova) {
        Statement s = new Statement(decimals);
        if (anova.isEmpty()) {
            return s.say("Every point ran under one seed, so the seed-to-seed noise is unknown: no difference along"
                    + " this curve can be told apart from noise, and no knee or peak is named.").build("noise");
        }
        Stats.Anova a = anova.get();
        if (a.p() < SIGNIFICANCE) {
            s.say(factor + " changes " + study.metric() + " beyond the seed noise (one-way ANOVA over ")
                    .plain("points", present.size()).say(" points: F = ").sig("F", a.f(), 3)
                    .say(", ").pValue("p", a.p()).say("; pooled seed-to-seed sd ")
                    .value("pooled_sd", a.pooledSd()).say(").");
            return s.build("effect");
        }
        s.say("The differences along the curve are inside the seed noise (one-way ANOVA over ")
                .plain("points", present.size()).say(" points: F = ").sig("F", a.f(), 3)
                .say(", ").pValue("p", a.p()).say("; pooled seed-to-seed sd ").value("pooled_sd", a.pooledSd())
                .say("): no effect of " + factor + " on " + study.metric() + " is detectable at this budget.");
        return s.build("noise");
    }

    private static Finding.New optimum(StudyDesign.Sweep design, Study study, int decimals, List<Point> present) {
        List<Point> ranked = new ArrayList<>(present);
        ranked.sort((a, b) -> study.bestFirst().compare(a.summary().mean(), b.summary().mean()));
        Point best = ranked.get(0);
        Point next = ranked.get(1);
        String f = design.factor();
        Statement s = new Statement(decimals).say("Optimum at " + f + "=").param("optimum", best.value()).say(": "
                + study.metric() + " ").meanSd("optimum", best.summary()).say(" (n=")
                .plain("optimum.n", best.summary().n()).say("; ").trials(best.reported().trialIds()).say(")");
        Optional<Stats.Interval> ci = Stats.welch(best.summary(), next.summary(), 0.95);
        s.say("; ");
        if (ci.isEmpty()) {
            s.say("the next best point, " + f + "=").param("next", next.value()).say(" (").value("next.mean",
                    next.summary().mean()).say("), cannot be told apart from it: one of the two ran under one seed only");
        } else if (ci.get().excludesZero()) {
            s.say("it beats the next best point, " + f + "=").param("next", next.value()).say(" (")
                    .value("next.mean", next.summary().mean()).say("), by ").value("improvement", Math.abs(ci.get().difference()))
                    .say(" ± ").value("half_width", ci.get().halfWidth()).say(" (");
            CompareFindings.confidence(s, 1, 0.95);
            s.say(", Welch t)");
        } else {
            s.say("but it is not distinguishable from " + f + "=").param("next", next.value()).say(" (")
                    .value("next.mean", next.summary().mean()).say("; difference ").value("difference", ci.get().difference())
                    .say(", ");
            CompareFindings.confidence(s, 1, 0.95);
            s.say(" [").value("low", ci.get().low()).say(", ").value("high", ci.get().high()).say("])");
        }
        s.cite(next.reported().trialIds()).say(".");
        if (best.index() == 0 || best.index() == design.values().size() - 1) {
            s.say(" It lies at the end of the swept range, so the best value may lie beyond it.");
        }
        return s.build("point");
    }

    /** Kneedle on a monotone-ish curve; empty when the values are not all numbers or the knee is not clear. */
    private static Optional<Finding.New> knee(StudyDesign.Sweep design, Study study, int decimals, List<Point> present,
            double pooledSd) {
        int k = present.size();
        if (k < 4 || present.stream().anyMatch(p -> Num.asNumber(p.value()) == null)) {
            return Optional.empty();
        }
        double[] x = new double[k];
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = Num.asNumber(present.get(i).value());
            y[i] = present.get(i).summary().mean();
        }
        for (int i = 1; i < k; i++) {
            if (x[i] <= x[i - 1]) {
                return Optional.empty(); // values not in increasing order: no axis to read a bend on
            }
        }
        boolean log = logAxis(x);
        if (log) {
            for (int i = 0; i < k; i++) {
                x[i] = Math.log(x[i]);
            }
        }
        // Monotone within the noise: no step against the overall direction beyond two standard errors.
        double direction = Math.signum(y[k - 1] - y[0]);
        if (direction == 0 || Math.abs(y[k - 1] - y[0]) <= 2 * se(pooledSd, present.get(0), present.get(k - 1))) {
            return Optional.empty();
        }
        for (int i = 1; i < k; i++) {
            double step = (y[i] - y[i - 1]) * direction;
            if (step < 0 && -step > 2 * se(pooledSd, present.get(i - 1), present.get(i))) {
                return Optional.empty();
            }
        }
        double xMin = x[0];
        double xRange = x[k - 1] - x[0];
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            yMin = Math.min(yMin, v);
            yMax = Math.max(yMax, v);
        }
        double yRange = yMax - yMin;
        if (xRange == 0 || yRange == 0) {
            return Optional.empty();
        }
        double y0 = (y[0] - yMin) / yRange;
        double y1 = (y[k - 1] - yMin) / yRange;
        int knee = -1;
        double farthest = 0;
        double[] distance = new double[k];
        for (int i = 1; i < k - 1; i++) {
            double xn = (x[i] - xMin) / xRange;
            distance[i] = (y[i] - yMin) / yRange - (y0 + (y1 - y0) * xn);
            if (Math.abs(distance[i]) > Math.abs(farthest)) {
                farthest = distance[i];
                knee = i;
            }
        }
        if (knee < 0 || Math.abs(farthest) < KNEE_MIN_DISTANCE) {
            return Optional.empty();
        }
        for (int i = 1; i < k - 1; i++) {
            if (Math.signum(distance[i]) != Math.signum(farthest) && Math.abs(distance[i]) > KNEE_MIN_DISTANCE / 2) {
                return Optional.empty(); // an S shape: no single bend
            }
        }
        Point kp = present.get(knee);
        if (Math.abs(farthest) * yRange <= 2 * pooledSd / Math.sqrt(kp.summary().n())) {
            return Optional.empty();
        }
        Point first = present.get(0);
        Point last = present.get(k - 1);
        double before = kp.summary().mean() - first.summary().mean();
        double after = last.summary().mean() - kp.summary().mean();
        String f = design.factor();
        Statement s = new Statement(decimals).say("Knee at " + f + "=").param("knee", kp.value()).say(": "
                        + study.metric() + " " + (before < 0 ? "falls" : "rises") + " by ")
                .value("change_before", Math.abs(before)).say(" from " + f + "=").param("first", first.value())
                .say(" to the knee, then " + (after < 0 ? "falls" : "rises") + " by only ")
                .value("change_after", Math.abs(after)).say(" more up to " + f + "=").param("last", last.value())
                .say(" (Kneedle: the point farthest from the chord between the ends, ")
                .fixed("distance", Math.abs(farthest), 2).say(" of the normalised range, on a "
                        + (log ? "logarithmic" : "linear") + " " + f + " axis; ")
                .trials(kp.reported().trialIds()).say(").");
        present.forEach(p -> s.cite(p.reported().trialIds()));
        return Optional.of(s.build("point"));
    }

    /** Geometric spacing (2, 4, 8 ...) reads on a log axis: the log steps are more even than the linear ones. */
    static boolean logAxis(double[] x) {
        for (double v : x) {
            if (v <= 0) {
                return false;
            }
        }
        double[] logs = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            logs[i] = Math.log(x[i]);
        }
        return spacingUnevenness(logs) < spacingUnevenness(x);
    }

    /** Coefficient of variation of the steps between consecutive values. */
    private static double spacingUnevenness(double[] x) {
        int n = x.length - 1;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += x[i + 1] - x[i];
        }
        mean /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = x[i + 1] - x[i] - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / n) / Math.abs(mean);
    }

    private static double se(double pooledSd, Point a, Point b) {
        return pooledSd * Math.sqrt(1.0 / a.summary().n() + 1.0 / b.summary().n());
    }

    /** Interior points above (peak) or below (dip) both neighbours, each difference beyond its 95% interval. */
    private static List<Finding.New> extrema(StudyDesign.Sweep design, Study study, int decimals, List<Point> present) {
        List<Finding.New> findings = new ArrayList<>();
        String f = design.factor();
        Point best = present.stream().min((a, b) -> study.bestFirst().compare(a.summary().mean(), b.summary().mean()))
                .orElseThrow();
        for (int i = 1; i < present.size() - 1; i++) {
            Point left = present.get(i - 1);
            Point p = present.get(i);
            Point right = present.get(i + 1);
            Optional<Stats.Interval> l = Stats.welch(p.summary(), left.summary(), 0.95);
            Optional<Stats.Interval> r = Stats.welch(p.summary(), right.summary(), 0.95);
            if (l.isEmpty() || r.isEmpty() || !l.get().excludesZero() || !r.get().excludesZero()
                    || Math.signum(l.get().difference()) != Math.signum(r.get().difference())) {
                continue;
            }
            boolean peak = l.get().difference() > 0;
            boolean good = peak == study.maximise();
            Statement s = new Statement(decimals).say((peak ? "Peak" : "Dip") + " at " + f + "=").param("at", p.value())
                    .say(": " + study.metric() + " ").meanSd("at", p.summary()).say(" (n=").plain("at.n", p.summary().n())
                    .say("), " + (peak ? "above" : "below") + " both neighbours, " + f + "=").param("left", left.value())
                    .say(" (").value("left.mean", left.summary().mean()).say(") and " + f + "=").param("right", right.value())
                    .say(" (").value("right.mean", right.summary().mean()).say("), beyond the seed noise (");
            CompareFindings.confidence(s, 1, 0.95);
            s.say(" of the differences, Welch t: [").value("left.low", l.get().low()).say(", ")
                    .value("left.high", l.get().high()).say("] and [").value("right.low", r.get().low()).say(", ")
                    .value("right.high", r.get().high()).say("]; ").trials(p.reported().trialIds()).say(").");
            s.cite(left.reported().trialIds()).cite(right.reported().trialIds());
            if (p == best) {
                s.say(" It is the optimum.");
            } else if (!good) {
                s.say(" A local worst point: " + study.metric() + " recovers on both sides of it.");
            } else {
                s.say(" A local best point, though not the optimum.");
            }
            findings.add(s.build("point"));
        }
        return findings;
    }
}
