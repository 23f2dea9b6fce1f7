package io.nightshift.agent.bench;

import io.nightshift.agent.planner.tpe.TpePlanner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Named TPE settings for the search-quality bench: {@code tpe} is the default; a variant adds
 * dash-separated changes to it: {@code joint} (categoricals inside the joint kernels, the scheme before
 * issue 11), {@code indep} (every parameter on its own, as Optuna's default), {@code scott} (Scott's
 * bandwidth), {@code froml} (proposals made while others are in flight drawn from all of l, the scheme
 * before), {@code rank} (batch members refine the good trials in rank order, ignoring pending trials: the
 * scheme before workers were simulated), {@code w<f>} (refining at f of a kernel's width), {@code cb<b>}
 * (claim bias b), {@code sp<n>} (start-up samples: the farthest of n random draws; 1 is plain random),
 * {@code sr<q>} (a proposal made alone refines a good trial with chance q; 0 is the scheme before),
 * {@code rc<n>} (for a proposal made alone, the last n trials claim good trials),
 * {@code c<n>} (n candidates), {@code x<w>} (cross-category weight w), {@code p<w>} (prior weight w);
 * e.g. {@code tpe-x0.05-c64}.
 */
public final class TpeVariants {

    public static final String NAMES = "tpe-joint, tpe-indep, tpe-scott, tpe-froml, tpe-rank, tpe-w<f>, tpe-cb<b>, tpe-sp<n>, tpe-sr<q>, tpe-rc<n>, tpe-c<n>, "
            + "tpe-x<w>, tpe-p<w> "
            + "(combinable: tpe-x0-c64)";

    private static final Map<String, Consumer<TpePlanner.Settings.Builder>> FLAGS = Map.of(
            "joint", b -> b.categoricals(TpePlanner.Categoricals.JOINT),
            "rank", b -> b.batchMembers(TpePlanner.BatchMembers.REFINE_GOOD),
            "froml", b -> b.batchMembers(TpePlanner.BatchMembers.FROM_L),
            "indep", b -> b.independent(true),
            "scott", b -> b.bandwidth(TpePlanner.Bandwidth.SCOTT));

    /** Prefix and the setting its number sets; in order, so that "cb" is tried before "c". */
    private static final Map<String, BiConsumer<TpePlanner.Settings.Builder, String>> NUMBERS = new LinkedHashMap<>();

    static {
        NUMBERS.put("cb", (b, v) -> b.claimBias(Double.parseDouble(v)));
        NUMBERS.put("rc", (b, v) -> b.recentClaims(Integer.parseInt(v)));
        NUMBERS.put("sr", (b, v) -> b.soloRefine(Double.parseDouble(v)));
        NUMBERS.put("sp", (b, v) -> b.startupCandidates(Integer.parseInt(v)));
        NUMBERS.put("w", (b, v) -> b.memberWidth(Double.parseDouble(v)));
        NUMBERS.put("c", (b, v) -> b.eiCandidates(Integer.parseInt(v)));
        NUMBERS.put("x", (b, v) -> b.crossWeight(Double.parseDouble(v)));
        NUMBERS.put("p", (b, v) -> b.priorWeight(Double.parseDouble(v)));
    }

    private TpeVariants() {}

    /** The settings of a named variant, or null when the name is not one. */
    public static TpePlanner.Settings settings(String name) {
        if (!name.equals("tpe") && !name.startsWith("tpe-")) {
            return null;
        }
        if (name.equals("tpe")) {
            return TpePlanner.Settings.defaults();
        }
        TpePlanner.Settings.Builder b = new TpePlanner.Settings.Builder();
        try {
            for (String part : name.substring(4).split("-")) {
                if (!apply(b, part)) {
                    return null;
                }
            }
            return b.build();
        } catch (IllegalArgumentException e) { // NumberFormatException too, and settings out of range
            return null;
        }
    }

    private static boolean apply(TpePlanner.Settings.Builder b, String part) {
        Consumer<TpePlanner.Settings.Builder> flag = FLAGS.get(part);
        if (flag != null) {
            flag.accept(b);
            return true;
        }
        for (Map.Entry<String, BiConsumer<TpePlanner.Settings.Builder, String>> e : NUMBERS.entrySet()) {
            if (part.startsWith(e.getKey())) {
                e.getValue().accept(b, part.substring(e.getKey().length()));
                return true;
            }
        }
        return false;
    }
}
