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
     * Asks the trial's worker to stop it; the trial is then recorded as cancelled with the reason.
     *
     * @return false if this process is not running it
     */
    boolean cancel(long trialId, String reason);
}
