package io.nightshift.agent.cli;

import io.nightshift.agent.planner.TpePlanner;

/** Named TPE settings for the search-quality bench: the default and variants to compare against it. */
final class TpeVariants {

    static final String NAMES = "tpe-scott, tpe-indep, tpe-c64";

    private TpeVariants() {}

    /** The settings of a named variant, or null when there is no such name. */
    static TpePlanner.Settings settings(String name) {
        TpePlanner.Settings d = TpePlanner.Settings.defaults();
        return switch (name) {
            case "tpe" -> d;
            case "tpe-scott" -> d.withBandwidth(TpePlanner.Bandwidth.SCOTT);
            case "tpe-indep" -> d.withIndependent(true);
            case "tpe-c64" -> d.withCandidates(64);
            default -> null;
        };
    }
}
