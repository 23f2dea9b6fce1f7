package io.nightshift.agent.schedule;

import io.nightshift.agent.loop.ResearchLoop;
import io.nightshift.agent.loop.TrialRunner;
import io.nightshift.agent.loop.TrialScheduler;
import io.nightshift.store.Store;
import io.nightshift.store.Vendor;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.quartz.utils.DBConnectionManager;

/**
 * The loop on Quartz with the JDBC job store in the store's own database: the periodic tick of
 * each question and each trial are persistent jobs, so a restart picks up where the last run
 * stopped. Implements {@link TrialScheduler} for the loop.
 */
public final class QuartzScheduling implements TrialScheduler, AutoCloseable {

    private static final String TICKS = "ticks";
    private static final String TRIALS = "trials";

    private final Scheduler scheduler;

    private QuartzScheduling(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * @param threads how many jobs may run at once: one per worker plus one for the ticks
     */
    public static QuartzScheduling create(Store store, int threads) throws SchedulerException {
        // A unique name per scheduler, so that tests may create several in one JVM.
        String dataSourceName = "nightshift-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new StoreConnectionProvider(store.dataSource()));
        Properties props = new Properties();
        load(props, "/nightshift/quartz.properties");
        load(props, store.vendor() == Vendor.POSTGRESQL ? "/nightshift/quartz-postgresql.properties" : "/nightshift/quartz-h2.properties");
        props.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threads));
        props.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        props.setProperty("org.quartz.scheduler.instanceName", "nightshift");
        return new QuartzScheduling(new StdSchedulerFactory(props).getScheduler());
    }

    private static void load(Properties props, String resource) {
        try (InputStream in = QuartzScheduling.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath (nightshift-config jar)");
            }
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** Starts firing jobs; the loop and runner are given here because they need this scheduler first. */
    public void start(ResearchLoop loop, TrialRunner runner) throws SchedulerException {
        scheduler.setJobFactory(jobFactory(loop, runner));
        scheduler.start();
    }

    private static JobFactory jobFactory(ResearchLoop loop, TrialRunner runner) {
        return (bundle, ignored) -> {
            Class<? extends Job> type = bundle.getJobDetail().getJobClass();
            if (type == LoopTickJob.class) {
                return new LoopTickJob(loop);
            }
            if (type == TrialJob.class) {
                return new TrialJob(runner);
            }
            throw new SchedulerException("unknown job class " + type.getName());
        };
    }

    static JobKey tickKey(long questionId) {
        return JobKey.jobKey("question-" + questionId, TICKS);
    }

    private static JobKey trialKey(long trialId) {
        return JobKey.jobKey("trial-" + trialId, TRIALS);
    }

    /** Makes sure the question has its periodic tick (it survives restarts in the job store). */
    public void ensureTicking(long questionId, Duration every) throws SchedulerException {
        JobKey key = tickKey(questionId);
        if (scheduler.checkExists(key)) {
            scheduler.triggerJob(key);
            return;
        }
        JobDetail job = JobBuilder.newJob(LoopTickJob.class).withIdentity(key)
                .usingJobData(LoopTickJob.QUESTION_ID, String.valueOf(questionId))
                .build();
        Trigger trigger = TriggerBuilder.newTrigger().forJob(key).startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(every.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        try {
            scheduler.scheduleJob(job, trigger);
        } catch (org.quartz.ObjectAlreadyExistsException e) {
            // Another controller on the same database scheduled it between the check and now: it ticks.
            scheduler.triggerJob(key);
        }
    }

    public boolean isTicking(long questionId) throws SchedulerException {
        return scheduler.checkExists(tickKey(questionId));
    }

    @Override
    public void schedule(long questionId, long trialId) {
        JobKey key = trialKey(trialId);
        JobDetail job = JobBuilder.newJob(TrialJob.class).withIdentity(key)
                .usingJobData(TrialJob.TRIAL_ID, String.valueOf(trialId))
                .usingJobData(LoopTickJob.QUESTION_ID, String.valueOf(questionId))
                .requestRecovery(true)
                .build();
        Trigger trigger = TriggerBuilder.newTrigger().forJob(key).startNow().build();
        try {
            scheduler.scheduleJob(job, trigger);
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not schedule trial " + trialId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isScheduled(long trialId) {
        try {
            return scheduler.checkExists(trialKey(trialId));
        } catch (SchedulerException e) {
            throw new IllegalStateException("could not look up trial " + trialId + " in the job store", e);
        }
    }

    /** Stops firing; jobs running now are waited for (the worker pool is closed first, so they end fast). */
    @Override
    public void close() throws SchedulerException {
        scheduler.shutdown(true);
    }
}
