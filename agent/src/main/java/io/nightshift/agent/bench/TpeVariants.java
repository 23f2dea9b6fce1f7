package io.nightshift.agent.bench;

import io.nightshift.agent.planner.tpe.TpePlanner;

/**
 * Named TPE settings for the search-quality bench: {@code tpe} is the default; a variant adds
 * dash-separated changes to it: {@code joint} (categoricals inside the joint kernels, the scheme before
 * issue 11), {@code indep} (every parameter on its own, as Optuna's default), {@code scott} (Scott's
 * bandwidth), {@code froml} (proposals made while others are in flight drawn from all of l, the scheme
 * before), {@code rank} (batch members refine the good trials in rank order, ignoring pending trials: the
 * scheme before workers were simulated), {@code w<f>} (refining at f of a kernel's width), {@code cb<b>}
 * (claim bias b), {@code sp<n>} (start-up samples: the farthest of n random draws; 1 is plain random),
 * {@code c<n>} (n candidates), {@code x<w>} (cross-category weight w), {@code p<w>} (prior weight w);
 * e.g. {@code tpe-x0.05-c64}.
 */
public final class TpeVariants {

    public static final String NAMES = "tpe-joint, tpe-indep, tpe-scott, tpe-froml, tpe-rank, tpe-w<f>, tpe-cb<b>, tpe-sp<n>, tpe-c<n>, "
            + "tpe-x<w>, tpe-p<w> "
            + "(combinable: tpe-x0-c64)";

    private TpeVariants() {}

    /** The settings of a named variant, or null when the name is not one. */
    public static TpePlanner.Settings settings(String name) {
        if (!name.equals("tpe") && !name.startsWith("tpe-")) {
            return null;
        }
        TpePlanner.Settings s = TpePlanner.Settings.defaults();
        if (name.equals("tpe")) {
            return s;
        }
        try {
            for (String part : name.substring(4).split("-")) {
                if (part.equals("joint")) {
                    s = s.withCategoricals(TpePlanner.Categoricals.JOINT);
                } else if (part.equals("rank")) {
                    s = s.withBatchMembers(TpePlanner.BatchMembers.REFINE_GOOD, s.memberWidth());
                } else if (part.startsWith("cb")) {
                    s = s.withClaimBias(Double.parseDouble(part.substring(2)));
                } else if (part.startsWith("sp")) {
                    s = s.withStartupCandidates(Integer.parseInt(part.substring(2)));
                } else if (part.equals("froml")) {
                    s = s.withBatchMembers(TpePlanner.BatchMembers.FROM_L, s.memberWidth());
                } else if (part.startsWith("w")) {
                    s = s.withBatchMembers(s.batchMembers(), Double.parseDouble(part.substring(1)));
                } else if (part.equals("indep")) {
                    s = s.withIndependent(true);
                } else if (part.equals("scott")) {
                    s = s.withBandwidth(TpePlanner.Bandwidth.SCOTT);
                } else if (part.startsWith("c")) {
                    s = s.withCandidates(Integer.parseInt(part.substring(1)));
                } else if (part.startsWith("x")) {
                    s = s.withCrossWeight(Double.parseDouble(part.substring(1)));
                } else if (part.startsWith("p")) {
                    s = s.withPriorWeight(Double.parseDouble(part.substring(1)));
                } else {
                    return null;
                }
            }
        } catch (IllegalArgumentException e) { // NumberFormatException too
            return null;
        }
        return s;
    }
}
