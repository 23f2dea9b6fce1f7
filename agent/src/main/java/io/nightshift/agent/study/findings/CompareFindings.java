package io.nightshift.agent.study.findings;

import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Findings of a comparison. Each arm is summarised by its reported configuration (the one run under the most
 * seeds) as mean ± sd over its seeds; the arm with the best mean is compared with every other arm by Welch's
 * interval for the difference of means (95%, Bonferroni-adjusted when there are more than two arms, since the
 * best arm was picked by the same data). A verdict is given only when the interval excludes 0; with one run on
 * either side there is no interval and no verdict.
 */
final class CompareFindings {

    private CompareFindings() {
    }

    private record ArmResult(StudyDesign.Arm arm, List<Configuration> configurations, Configuration reported) {
        Stats.Summary summary() {
            return reported.summary();
        }
    }

    static List<Finding.New> write(StudyDesign.Compare design, Study study, List<Observation> observations) {
        Map<String, List<Observation>> byArm = new LinkedHashMap<>();
        design.arms().forEach(a -> byArm.put(a.name(), new ArrayList<>()));
        for (Observation o : observations) {
            armOf(design, o).ifPresent(a -> byArm.get(a.name()).add(o));
        }
        List<ArmResult> results = new ArrayList<>();
        List<StudyDesign.Arm> empty = new ArrayList<>();
        for (StudyDesign.Arm arm : design.arms()) {
            List<Configuration> configurations = Configuration.group(byArm.get(arm.name()));
            if (configurations.isEmpty()) {
                empty.add(arm);
            } else {
                results.add(new ArmResult(arm, configurations, Configuration.reported(configurations, study.objective())));
            }
        }
        int decimals = Num.decimalsFor(results.stream().map(r -> r.summary().mean()).toList(),
                results.stream().map(r -> r.summary().sd()).toList());

        List<ArmResult> ranked = new ArrayList<>(results);
        ranked.sort((a, b) -> study.bestFirst().compare(a.summary().mean(), b.summary().mean()));
        List<Finding.New> findings = new ArrayList<>();
        if (ranked.size() >= 2) {
            ArmResult best = ranked.get(0);
            int comparisons = ranked.size() - 1;
            for (ArmResult other : ranked.subList(1, ranked.size())) {
                findings.add(verdict(study, decimals, best, other, comparisons));
            }
        } else {
            findings.add(new Statement(decimals).say("No comparison is possible: ")
                    .say(ranked.isEmpty() ? "no arm has" : "only arm " + ranked.get(0).arm().name() + " has")
                    .say(" a completed trial.").build("verdict"));
        }
        Set<String> designed = new HashSet<>(design.fixed().keySet());
        for (ArmResult r : results) {
            findings.add(arm(study, decimals, r, designed));
        }
        for (StudyDesign.Arm arm : empty) {
            findings.add(new Statement(decimals).say("Arm " + arm.name() + ": no completed trial.").build("arm"));
        }
        return findings;
    }

    /** The arm an observation belongs to: by its cell, else (no cell) by the arm's parameters. */
    static Optional<StudyDesign.Arm> armOf(StudyDesign.Compare design, Observation o) {
        if (o.cell() != null) {
            return design.arms().stream().filter(a -> a.name().equals(o.cell())).findFirst();
        }
        return design.arms().stream().filter(a -> a.params().entrySet().stream()
                .allMatch(e -> o.params().containsKey(e.getKey()) && Num.same(o.params().get(e.getKey()), e.getValue())))
                .findFirst();
    }

    private static Finding.New verdict(Study study, int decimals, ArmResult a, ArmResult b, int comparisons) {
        String an = a.arm().name();
        String bn = b.arm().name();
        Stats.Summary sa = a.summary();
        Stats.Summary sb = b.summary();
        double level = 1 - 0.05 / comparisons;
        Optional<Stats.Interval> interval = Stats.welch(sa, sb, level);
        Statement s = new Statement(decimals);
        String pair = "[" + an + " vs " + bn + "]";
        if (interval.isEmpty()) {
            String which = !sa.hasSpread() && !sb.hasSpread() ? "both arms have" : (sa.hasSpread() ? bn : an) + " has";
            s.say("No verdict on " + an + " vs " + bn + ": " + which + " only one run, so the seed-to-seed spread is"
                    + " unknown and no confidence interval can be given (mean of " + an + " minus mean of " + bn + ": ")
                    .value("difference" + pair, sa.mean() - sb.mean())
                    .say(", n=").plain("n[" + an + "]", sa.n()).say(" vs ").plain("n[" + bn + "]", sb.n()).say("; ")
                    .trials(both(a, b)).say(").");
            return s.build("verdict");
        }
        Stats.Interval ci = interval.get();
        if (ci.excludesZero()) {
            s.say(an + " beats " + bn + " by ").value("improvement" + pair, Math.abs(ci.difference()))
                    .say(" ± ").value("half_width" + pair, ci.halfWidth())
                    .say(" in " + study.metric() + " (" + study.better() + " is better; ");
            confidence(s, comparisons, level);
            s.say(", Welch t with ").sig("df" + pair, ci.df(), 2).say(" degrees of freedom, n=")
                    .plain("n[" + an + "]", sa.n()).say(" vs ").plain("n[" + bn + "]", sb.n()).say("; ")
                    .trials(both(a, b)).say(").");
            if (ci.halfWidth() == 0) {
                s.say(" Every seed gave the same value, so the interval has no width.");
            }
        } else {
            s.say("No difference between " + an + " and " + bn + " detectable at this budget (mean of " + an
                            + " minus mean of " + bn + ": ")
                    .value("difference" + pair, ci.difference()).say(", ");
            confidence(s, comparisons, level);
            s.say(" [").value("low" + pair, ci.low()).say(", ").value("high" + pair, ci.high())
                    .say("], Welch t with ").sig("df" + pair, ci.df(), 2).say(" degrees of freedom, n=")
                    .plain("n[" + an + "]", sa.n()).say(" vs ").plain("n[" + bn + "]", sb.n()).say("; ")
                    .trials(both(a, b)).say(").");
        }
        return s.build("verdict");
    }

    /** "95% CI", or "95% CI (Bonferroni over 2 comparisons, each at 97.5%)". */
    static void confidence(Statement s, int comparisons, double level) {
        s.plain("confidence_percent", 95).say("% CI");
        if (comparisons > 1) {
            s.say(" (Bonferroni over ").plain("comparisons", comparisons).say(" comparisons, each at ")
                    .sig("level_percent", level * 100, 4).say("%)");
        }
    }

    private static List<Long> both(ArmResult a, ArmResult b) {
        List<Long> ids = new ArrayList<>(a.reported().trialIds());
        ids.addAll(b.reported().trialIds());
        return ids;
    }

    private static Finding.New arm(Study study, int decimals, ArmResult r, Set<String> designed) {
        String name = r.arm().name();
        Stats.Summary s = r.summary();
        Statement st = new Statement(decimals).say("Arm " + name + ": " + study.metric() + " ")
                .meanSd("arm[" + name + "]", s);
        if (s.hasSpread()) {
            st.say(" (mean ± sd over ").plain("n[" + name + "]", s.n()).say(" seeds; ");
        } else {
            st.say(" (one seed, so its spread is unknown; ");
        }
        st.trials(r.reported().trialIds()).say(").");
        if (r.configurations().size() > 1) {
            Set<String> leaveOut = new HashSet<>(designed);
            leaveOut.addAll(r.arm().params().keySet());
            st.say(" Tuned: ").plain("tuned[" + name + "]", r.configurations().size())
                    .say(" configurations ran; the one reported, run under the most seeds, is ")
                    .params("arm[" + name + "].param", r.reported().params(), leaveOut).say(".");
            r.configurations().forEach(c -> st.cite(c.trialIds()));
        }
        return st.build("arm");
    }
}
