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
 * {@code sr<q>} (a proposal made alone refines a good trial with chance q; 0 is the scheme before),
 * {@code rc<n>} (for a proposal made alone, the last n trials claim good trials),
 * {@code c<n>} (n candidates), {@code x<w>} (cross-category weight w), {@code p<w>} (prior weight w);
 * e.g. {@code tpe-x0.05-c64}.
 */
public final class TpeVariants {

    public static final String NAMES = "tpe-joint, tpe-indep, tpe-scott, tpe-froml, tpe-rank, tpe-w<f>, tpe-cb<b>, tpe-sp<n>, tpe-sr<q>, tpe-rc<n>, tpe-c<n>, "
            + "tpe-x<w>, tpe-p<w> "
            + "(combinable: tpe-x0-c64)";

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
                if (part.equals("joint")) {
                    b.categoricals(TpePlanner.Categoricals.JOINT);
                } else if (part.equals("rank")) {
                    b.batchMembers(TpePlanner.BatchMembers.REFINE_GOOD);
                } else if (part.startsWith("cb")) {
                    b.claimBias(Double.parseDouble(part.substring(2)));
                } else if (part.startsWith("rc")) {
                    b.recentClaims(Integer.parseInt(part.substring(2)));
                } else if (part.startsWith("sr")) {
                    b.soloRefine(Double.parseDouble(part.substring(2)));
                } else if (part.startsWith("sp")) {
                    b.startupCandidates(Integer.parseInt(part.substring(2)));
                } else if (part.equals("froml")) {
                    b.batchMembers(TpePlanner.BatchMembers.FROM_L);
                } else if (part.startsWith("w")) {
                    b.memberWidth(Double.parseDouble(part.substring(1)));
                } else if (part.equals("indep")) {
                    b.independent(true);
                } else if (part.equals("scott")) {
                    b.bandwidth(TpePlanner.Bandwidth.SCOTT);
                } else if (part.startsWith("c")) {
                    b.eiCandidates(Integer.parseInt(part.substring(1)));
                } else if (part.startsWith("x")) {
                    b.crossWeight(Double.parseDouble(part.substring(1)));
                } else if (part.startsWith("p")) {
                    b.priorWeight(Double.parseDouble(part.substring(1)));
                } else {
                    return null;
                }
            }
            return b.build();
        } catch (IllegalArgumentException e) { // NumberFormatException too, and settings out of range
            return null;
        }
    }
}
