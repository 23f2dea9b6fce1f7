package io.nightshift.agent.loop;

/**
 * Hands queued trials to whatever runs them. The Quartz implementation makes each trial a
 * persistent job; the loop itself does not know about Quartz.
 */
public interface TrialScheduler {

    void schedule(long questionId, long trialId);

    boolean isScheduled(long trialId);
}
