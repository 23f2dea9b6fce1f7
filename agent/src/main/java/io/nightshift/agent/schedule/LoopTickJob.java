package io.nightshift.agent.schedule;

import io.nightshift.agent.loop.ResearchLoop;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** Runs one tick of the research loop for a question; deletes itself when the question is done. */
@DisallowConcurrentExecution
public final class LoopTickJob implements Job {

    static final String QUESTION_ID = "questionId";

    private final ResearchLoop loop;

    LoopTickJob(ResearchLoop loop) {
        this.loop = loop;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        long questionId = Long.parseLong(context.getMergedJobDataMap().getString(QUESTION_ID));
        try {
            if (loop.tick(questionId)) {
                context.getScheduler().deleteJob(context.getJobDetail().getKey());
            }
        } catch (SchedulerException e) {
            throw new JobExecutionException("could not remove the tick of finished question " + questionId, e);
        } catch (RuntimeException e) {
            // The next tick tries again; the store keeps whatever this one managed to write.
            throw new JobExecutionException("tick of question " + questionId + " failed: " + e.getMessage(), e);
        }
    }
}
