package io.nightshift.agent.loop;

/** The trials this process is running, as the loop needs them: to tell them from abandoned ones, and to stop them. */
public interface RunningTrials {

    /** Nobody in this process runs trials (tests of the loop alone). */
    RunningTrials NONE = new RunningTrials() {
        @Override
        public boolean isRunningHere(long trialId) {
            return false;
        }

        @Override
        public boolean cancel(long trialId, String reason) {
            return false;
        }
    };

    boolean isRunningHere(long trialId);

    /**
     * Whether a RUNNING trial was left by an earlier controller of this very home, which is dead: only one controller
     * runs from a home at a time (an operating-system lock), so its trials can run again at once.
     */
    default boolean leftByPredecessor(io.nightshift.store.Trial trial) {
        return false;
    }

    /**
     * Asks the trial's worker to stop it; the trial is then recorded as cancelled with the reason.
     *
     * @return false if this process is not running it
     */
    boolean cancel(long trialId, String reason);
}
