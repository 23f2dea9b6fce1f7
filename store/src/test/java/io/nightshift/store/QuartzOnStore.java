package io.nightshift.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Runs one job through a real Quartz JDBC job store on a store's pool, configured the way the agent is expected
 * to configure it, so that the copied Quartz DDL is shown to work and not only to exist.
 */
final class QuartzOnStore {

    private static final ConcurrentHashMap<String, CountDownLatch> FIRED = new ConcurrentHashMap<>();

    private QuartzOnStore() {
    }

    /** Whether a job scheduled through the job store ran (with its JobDataMap read back from the database). */
    static boolean runsAJob(Store store, String schedulerName) throws SchedulerException, InterruptedException {
        DBConnectionManager.getInstance().addConnectionProvider(schedulerName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return store.dataSource().getConnection();
            }

            @Override
            public void shutdown() {
                // the store owns the pool
            }

            @Override
            public void initialize() {
                // the pool is already open
            }
        });
        Properties props = new Properties();
        props.setProperty("org.quartz.scheduler.instanceName", schedulerName);
        props.setProperty("org.quartz.threadPool.threadCount", "2");
        props.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        props.setProperty("org.quartz.jobStore.driverDelegateClass", switch (store.vendor()) {
            case H2 -> "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
            case POSTGRESQL -> "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate";
        });
        props.setProperty("org.quartz.jobStore.dataSource", schedulerName);
        props.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
        CountDownLatch fired = new CountDownLatch(1);
        FIRED.put(schedulerName, fired);
        try {
            scheduler.start();
            scheduler.scheduleJob(
                    JobBuilder.newJob(CountDown.class).withIdentity("smoke", "contract")
                            .usingJobData("latch", schedulerName).requestRecovery().build(),
                    TriggerBuilder.newTrigger().withIdentity("smoke", "contract").startNow().build());
            return fired.await(30, TimeUnit.SECONDS);
        } finally {
            scheduler.shutdown(true);
            FIRED.remove(schedulerName);
        }
    }

    public static final class CountDown implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            CountDownLatch latch = FIRED.get(context.getMergedJobDataMap().getString("latch"));
            if (latch != null) {
                latch.countDown();
            }
        }
    }
}
