package io.nightshift.agent.schedule;

import io.nightshift.agent.loop.TrialRunner;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one trial. Marked to request recovery, so that when the controller dies mid-trial Quartz
 * fires it again on restart; the runner ignores a trial that is no longer queued.
 */
public final class TrialJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(TrialJob.class);
    static final String TRIAL_ID = "trialId";

    private final TrialRunner runner;

    TrialJob(TrialRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        var data = context.getMergedJobDataMap();
        long trialId = Long.parseLong(data.getString(TRIAL_ID));
        long questionId = Long.parseLong(data.getString(LoopTickJob.QUESTION_ID));
        try {
            runner.run(trialId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            throw new JobExecutionException("trial " + trialId + " could not be run: " + e.getMessage(), e);
        }
        try {
            // Plan the next experiment now rather than at the next periodic tick.
            context.getScheduler().triggerJob(QuartzScheduling.tickKey(questionId));
        } catch (SchedulerException e) {
            log.debug("could not trigger an early tick for question {}: {}", questionId, e.getMessage());
        }
    }
}
