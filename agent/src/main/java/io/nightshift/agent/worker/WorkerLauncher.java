package io.nightshift.agent.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts worker JVMs with the controller's own classpath, so a worker has exactly the plugins and
 * libraries the controller has, plus the jars in the plugins directory.
 */
public final class WorkerLauncher {

    private final Settings settings;
    private final MessageCodec codec = new MessageCodec();

    /**
     * @param classpath   the classpath to give workers (the controller's, as a rule)
     * @param logDir      where {@code worker-N.log} files go
     * @param environment variables set in each worker's environment on top of the controller's (an empty value
     *                    removes one): the C allocator's settings, as a rule ({@code workers.env})
     * @param maxMemoryMb resident memory (native included) past which a worker is killed mid-trial; 0 for none
     */
    public record Settings(String javaBinary, String classpath, Path pluginsDir, Path logDir, String device, int heapMb,
                           int threads, int heartbeatSeconds, Duration heartbeatTimeout, List<String> jvmArgs,
                           Map<String, String> environment, long maxMemoryMb) {

        public Settings {
            environment = Map.copyOf(environment);
        }

        /** Settings for workers that run this JVM's java with this JVM's classpath, and the controller's environment. */
        public static Settings ofCurrentJvm(Path pluginsDir, Path logDir, String device, int heapMb, int threads,
                                            int heartbeatSeconds, Duration heartbeatTimeout, List<String> jvmArgs) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new Settings(java, System.getProperty("java.class.path"), pluginsDir, logDir, device, heapMb,
                    threads, heartbeatSeconds, heartbeatTimeout, jvmArgs, Map.of(), 0);
        }

        /** These settings with {@code environment} set in each worker's environment. */
        public Settings withEnvironment(Map<String, String> environment) {
            return new Settings(javaBinary, classpath, pluginsDir, logDir, device, heapMb, threads, heartbeatSeconds,
                    heartbeatTimeout, jvmArgs, environment, maxMemoryMb);
        }

        /** These settings with a worker killed when its resident memory passes {@code mb} (0: no limit). */
        public Settings withMemoryLimit(long mb) {
            return new Settings(javaBinary, classpath, pluginsDir, logDir, device, heapMb, threads, heartbeatSeconds,
                    heartbeatTimeout, jvmArgs, environment, mb);
        }
    }

    public WorkerLauncher(Settings settings) {
        this.settings = settings;
    }

    public WorkerProcess launch(int index) throws IOException {
        String name = "worker-" + index;
        WorkerProcess worker = WorkerProcess.start(name, command(), settings.environment(),
                settings.logDir().resolve(name + ".log"), codec, settings.heartbeatTimeout());
        worker.limitMemory(settings.maxMemoryMb());
        return worker;
    }

    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(settings.javaBinary());
        cmd.add("-Xmx" + settings.heapMb() + "m");
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Dai.djl.pytorch.num_threads=" + settings.threads());
        cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
        cmd.add("-Dlogback.configurationFile=logback-worker.xml");
        cmd.addAll(settings.jvmArgs());
        cmd.add("-cp");
        cmd.add(settings.classpath());
        cmd.add(WorkerMain.class.getName());
        cmd.add("--plugins-dir");
        cmd.add(settings.pluginsDir().toString());
        cmd.add("--device");
        cmd.add(settings.device());
        cmd.add("--heartbeat-seconds");
        cmd.add(String.valueOf(settings.heartbeatSeconds()));
        // Names the home it works for, so that a controller can find workers its killed predecessor left.
        cmd.add(OrphanWorkers.OWNER);
        cmd.add(settings.logDir().toAbsolutePath().toString());
        return cmd;
    }
}
