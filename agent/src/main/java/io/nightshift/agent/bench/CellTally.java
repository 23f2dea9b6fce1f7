package io.nightshift.agent.bench;

/**
 * Paired comparisons of cells (a function at a budget, one run per seed on each side): the geometric mean of
 * their median-regret ratios and how many differ with Wilcoxon p < 0.05, each way. The bench's summary lines.
 */
public final class CellTally {

    /** One cell: the paired test and the median-regret ratio (a / b). */
    public record Cell(PairedTests.Result test, double ratio) {

        public boolean significant() {
            return test.wilcoxonP() < 0.05;
        }

        /** Significant, and a lost more seeds than it won. */
        public boolean worse() {
            return significant() && test.wins() < test.losses();
        }
    }

    private double logRatios;
    private int ratios;
    private int worse;
    private int better;

    /** Compares {@code a} with {@code b}, paired by seed, and counts the cell. */
    public Cell add(double[] a, double[] b, double optimum) {
        Cell cell = new Cell(PairedTests.compare(a, b), SearchQualityRuns.regretRatio(a, b, optimum));
        // A ratio of 0 or infinity (one side at the optimum) has no logarithm: the cell is left out of the mean.
        if (cell.ratio() > 0 && Double.isFinite(cell.ratio())) {
            logRatios += Math.log(cell.ratio());
            ratios++;
        }
        if (cell.worse()) {
            worse++;
        } else if (cell.significant()) {
            better++;
        }
        return cell;
    }

    /** Counts every cell of {@code other} too. */
    public void addAll(CellTally other) {
        logRatios += other.logRatios;
        ratios += other.ratios;
        worse += other.worse;
        better += other.better;
    }

    /** Geometric mean of the median-regret ratios; 1 with none. */
    public double geometricMean() {
        return Math.exp(logRatios / Math.max(1, ratios));
    }

    public int worse() {
        return worse;
    }

    public int better() {
        return better;
    }
}
