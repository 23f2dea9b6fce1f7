package io.nightshift.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real worker JVMs speaking the real protocol, with the scripted test plugin. */
class WorkerProcessTest {

    @TempDir
    static Path temp;

    static WorkerPool pool;

    @BeforeAll
    static void startPool() {
        pool = new WorkerPool(new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(temp.resolve("plugins"),
                temp.resolve("logs"), "cpu", 256, 1, 1, Duration.ofSeconds(10), List.of())), 1);
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    static final class Recorder implements TrialEvents {
        final List<WorkerMessage.Metric> metrics = new ArrayList<>();
        final List<String> logs = new ArrayList<>();

        @Override
        public void metric(WorkerMessage.Metric metric) {
            metrics.add(metric);
        }

        @Override
        public void log(String message) {
            logs.add(message);
        }

        @Override
        public void alive() {
        }
    }

    private static TrialOutcome run(long id, String mode, Duration budget, Duration hardLimit, Recorder events) throws Exception {
        var request = new WorkerMessage.Run(id, "scripted", Map.of("mode", mode, "x", 0.8), 1,
                budget.toMillis(), temp.toString());
        return pool.run(request, events, Instant.now().plus(hardLimit));
    }

    @Test
    void completedTrialStreamsMetricsAndLogsThenResult() throws Exception {
        Recorder events = new Recorder();
        TrialOutcome outcome = run(1, "ok", Duration.ofSeconds(30), Duration.ofSeconds(60), events);

        assertThat(outcome).isEqualTo(new TrialOutcome.Completed(Map.of("score", 0.8, "test_accuracy", 0.8)));
        assertThat(events.metrics).extracting(WorkerMessage.Metric::value).containsExactly(0.4, 0.8);
        assertThat(events.metrics).extracting(WorkerMessage.Metric::epoch).containsExactly(1, 2);
        assertThat(events.logs).containsExactly("running in mode ok");
    }

    @Test
    void whatNativeCodeWritesToFd1AndFd2NeverReachesTheProtocol() throws Exception {
        Recorder events = new Recorder();
        TrialOutcome outcome = pool.run(new WorkerMessage.Run(11, "noisy", Map.of("noise", "all"), 1, 30_000,
                temp.toString()), events, Instant.now().plusSeconds(20));

        // Exactly what the plugin reported through its context: no fake metric, no fake result, no fake log.
        assertThat(outcome).isEqualTo(new TrialOutcome.Completed(Map.of("score", 0.5, "steps", 2.0)));
        assertThat(events.metrics).containsExactly(new WorkerMessage.Metric(11, "score", 0.25, 1, 1),
                new WorkerMessage.Metric(11, "score", 0.5, 2, 2));
        assertThat(events.logs).containsExactly("noisy trial reporting for real");

        // The partial line of the first trial cannot glue itself onto the next one's messages either.
        Recorder next = new Recorder();
        assertThat(pool.run(new WorkerMessage.Run(12, "noisy", Map.of("noise", "partial"), 1, 30_000,
                temp.toString()), next, Instant.now().plusSeconds(20)))
                .isEqualTo(new TrialOutcome.Completed(Map.of("score", 0.5, "steps", 2.0)));
        assertThat(next.metrics).extracting(WorkerMessage.Metric::value).containsExactly(0.25, 0.5);

        // What was written to fd 1 and fd 2 is in the worker's log, and only there.
        String workerLog = Files.readString(temp.resolve("logs").resolve("worker-1.log"), StandardCharsets.ISO_8859_1);
        assertThat(workerLog)
                .contains("\"name\":\"fake_metric\",\"value\":999.0")
                .contains("\"fake_result\":1.0")
                .contains("fake log line")
                .contains("fake_stderr_metric")
                .contains("native stderr: CUDA warning of some kind")
                .contains("\"trialId\":11,\"name\":\"partial_metric\"")
                .contains("\"trialId\":12,\"name\":\"partial_metric\"")
                .contains("\u00ff\u00fe");
    }

    private static List<String> javaCommand(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static WorkerMessage.Run scripted(long id) {
        return new WorkerMessage.Run(id, "scripted", Map.of("mode", "ok", "x", 0.6), 1, 30_000, temp.toString());
    }

    @Test
    void connectionsWithoutTheSecretAreDroppedAndTheWorkerStillWorks() throws Exception {
        Path logFile = temp.resolve("intruded").resolve("worker.log");
        try (WorkerProcess worker = WorkerProcess.start("intruded", javaCommand(IntruderWorker.class, "--plugins-dir",
                temp.resolve("plugins").toString(), "--heartbeat-seconds", "1"), logFile, new MessageCodec(),
                Duration.ofSeconds(10))) {
            assertThat(worker.run(scripted(21), new Recorder(), Instant.now().plusSeconds(30)))
                    .isEqualTo(new TrialOutcome.Completed(Map.of("score", 0.6, "test_accuracy", 0.6)));
        }
        String workerLog = Files.readString(logFile);
        assertThat(workerLog)
                .contains("intruder (wrong secret): dropped by the controller")
                .contains("intruder (oversized handshake): dropped by the controller")
                .contains("intruder (no handshake): dropped by the controller")
                .doesNotContain("ACCEPTED")
                .contains("[controller] refused a connection from /127.0.0.1")
                .contains(": a wrong secret")
                .contains(": a handshake of 1048576 bytes, not the secret")
                .contains(": closed before its handshake was complete");
    }

    @Test
    void anOversizedOrMalformedFrameLosesTheWorkerAndSaysWhy() throws Exception {
        for (String mode : List.of("oversized", "malformed")) {
            Path logFile = temp.resolve("rogue-" + mode).resolve("worker.log");
            try (WorkerProcess worker = WorkerProcess.start("rogue", javaCommand(RogueWorker.class, mode), logFile,
                    new MessageCodec(), Duration.ofSeconds(10))) {
                Recorder events = new Recorder();
                TrialOutcome outcome = worker.run(scripted(31), events, Instant.now().plusSeconds(30));

                assertThat(outcome).as(mode).isInstanceOf(TrialOutcome.WorkerLost.class);
                String reason = ((TrialOutcome.WorkerLost) outcome).reason();
                assertThat(reason).contains("rogue broke the protocol").contains("it was killed");
                assertThat(reason).contains(mode.equals("oversized")
                        ? "a frame of 67108864 bytes (at most 4194304 are allowed)"
                        : "a frame that is not a protocol message: '{\"type\":\"result\",\"trialId\":'");
                assertThat(events.metrics).extracting(WorkerMessage.Metric::value).containsExactly(0.1);
                assertThat(worker.isAlive()).isFalse();
                assertThat(worker.exitsWithin(Duration.ofSeconds(10))).as("the rogue is killed").isTrue();
                assertThat(Files.readString(logFile)).contains("[controller] protocol error: a frame");
            }
        }
    }

    @Test
    void aWorkerExitsWhenItsControllerGoesAway() throws Exception {
        WorkerLauncher launcher = new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(temp.resolve("plugins"),
                temp.resolve("orphan-logs"), "cpu", 128, 1, 1, Duration.ofSeconds(10), List.of()));
        // Its connection closes (the controller's end of the socket goes away) ...
        try (WorkerProcess worker = WorkerProcess.start("orphan-1", launcher.command(),
                temp.resolve("orphan-logs").resolve("orphan-1.log"), new MessageCodec(), Duration.ofSeconds(10))) {
            worker.dropChannel();
            assertThat(worker.exitsWithin(Duration.ofSeconds(15))).isTrue();
        }
        // ... or only its stdin closes, as when the controller dies with the connection somehow still open.
        try (WorkerProcess worker = WorkerProcess.start("orphan-2", launcher.command(),
                temp.resolve("orphan-logs").resolve("orphan-2.log"), new MessageCodec(), Duration.ofSeconds(10))) {
            worker.dropStdin();
            assertThat(worker.exitsWithin(Duration.ofSeconds(15))).isTrue();
        }
        assertThat(Files.readString(temp.resolve("orphan-logs").resolve("orphan-2.log")))
                .contains("stdin closed: the controller is gone; exiting");
    }

    @Test
    void aWorkerExitsWhenItsControllerIsKilled() throws Exception {
        Process controller = new ProcessBuilder(javaCommand(OneWorkerController.class,
                temp.resolve("plugins").toString(), temp.resolve("killed-logs").toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long workerPid;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(controller.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the controller's worker started").startsWith("worker pid ");
            workerPid = Long.parseLong(line.substring("worker pid ".length()));
        } finally {
            controller.destroyForcibly(); // kill -9: no shutdown hook, no goodbye to the worker
        }
        ProcessHandle worker = ProcessHandle.of(workerPid).orElse(null);
        if (worker != null) {
            assertThat(worker.onExit().completeOnTimeout(null, 15, java.util.concurrent.TimeUnit.SECONDS).get())
                    .as("the worker exits by itself").isNotNull();
        }
    }

    @Test
    void longTextIsClippedToFitAFrameAndWhatCannotFitFailsOnlyItsTrial() throws Exception {
        Recorder events = new Recorder();
        assertThat(pool.run(new WorkerMessage.Run(41, "noisy", Map.of("noise", "huge-log"), 1, 30_000,
                temp.toString()), events, Instant.now().plusSeconds(30)))
                .isEqualTo(new TrialOutcome.Completed(Map.of("score", 1.0)));
        assertThat(events.logs).singleElement().satisfies(line -> {
            assertThat(line).hasSizeLessThan(WorkerMain.MAX_TEXT_CHARS + 100).endsWith("more characters cut]");
        });

        TrialOutcome failed = pool.run(new WorkerMessage.Run(42, "noisy", Map.of("noise", "huge-metric-name"), 1,
                30_000, temp.toString()), new Recorder(), Instant.now().plusSeconds(30));
        assertThat(failed).isInstanceOf(TrialOutcome.Failed.class);
        assertThat(((TrialOutcome.Failed) failed).reason()).contains("larger than a frame may be");
        assertThat(pool.run(scripted(43), new Recorder(), Instant.now().plusSeconds(30)))
                .isInstanceOf(TrialOutcome.Completed.class);
    }

    @Test
    void pluginExceptionFailsTheTrialButKeepsTheWorker() throws Exception {
        TrialOutcome failed = run(2, "throw", Duration.ofSeconds(30), Duration.ofSeconds(60), new Recorder());
        assertThat(failed).isInstanceOf(TrialOutcome.Failed.class);
        assertThat(((TrialOutcome.Failed) failed).reason()).isEqualTo("IllegalStateException: scripted failure");
        assertThat(((TrialOutcome.Failed) failed).detail()).contains("ScriptedPlugin.run");

        assertThat(run(3, "ok", Duration.ofSeconds(30), Duration.ofSeconds(60), new Recorder()))
                .isInstanceOf(TrialOutcome.Completed.class);
    }

    @Test
    void workerThatExitsMidTrialFailsOnlyThatTrial() throws Exception {
        Recorder events = new Recorder();
        TrialOutcome lost = run(4, "exit", Duration.ofSeconds(30), Duration.ofSeconds(60), events);

        assertThat(lost).isInstanceOf(TrialOutcome.WorkerLost.class);
        assertThat(((TrialOutcome.WorkerLost) lost).reason()).contains("exited mid-trial with code 3");
        assertThat(events.metrics).hasSize(1);
        // The slot starts a fresh worker for the next trial.
        assertThat(run(5, "ok", Duration.ofSeconds(30), Duration.ofSeconds(60), new Recorder()))
                .isInstanceOf(TrialOutcome.Completed.class);
    }

    @Test
    void cancelAtTheHardLimitLetsTheTrialReturnWhatItHas() throws Exception {
        TrialOutcome outcome = run(6, "cancellable", Duration.ofSeconds(60), Duration.ofMillis(500), new Recorder());
        assertThat(outcome).isEqualTo(new TrialOutcome.Completed(Map.of("score", -1.0, "cancelled", 1.0)));
    }

    @Test
    void trialThatIgnoresCancelIsKilledAfterTheGrace() throws Exception {
        TrialOutcome outcome = run(7, "stubborn", Duration.ofSeconds(1), Duration.ofMillis(200), new Recorder());
        assertThat(outcome).isInstanceOf(TrialOutcome.WorkerLost.class);
        assertThat(((TrialOutcome.WorkerLost) outcome).reason()).contains("ignored the cancel");
    }

    @Test
    void aTrialCancelledFromOutsideThatIgnoresItIsKilledAfterTheGraceNotAtItsHardLimit() throws Exception {
        // Pruning and a spent budget cancel through the pool: a hung trial must not keep its worker until its limit.
        var request = new WorkerMessage.Run(9, "scripted", Map.of("mode", "stubborn", "x", 0.5), 1, 60_000,
                temp.toString());
        var outcome = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (WorkerPool.Lease lease = pool.acquire()) {
                return lease.run(request, new Recorder(), Instant.now().plusSeconds(120), Duration.ofSeconds(1));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1500);
        assertThat(pool.cancel(9)).isTrue();
        TrialOutcome lost = outcome.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(lost).isInstanceOf(TrialOutcome.WorkerLost.class);
        assertThat(((TrialOutcome.WorkerLost) lost).reason()).contains("was cancelled and ignored the cancel for 1 s");
    }

    @Test
    void theLogTailOfALostWorkerShowsOnlyWhatItWroteDuringTheTrial() throws Exception {
        Path logFile = temp.resolve("shared-log").resolve("worker.log");
        Files.createDirectories(logFile.getParent());
        // What an earlier worker of the same slot left in the log.
        Files.writeString(logFile, "stdin closed: an earlier worker's last words\n");
        try (WorkerProcess worker = WorkerProcess.start("tail", javaCommand(WorkerMain.class, "--plugins-dir",
                temp.resolve("plugins").toString()), logFile, new MessageCodec(), Duration.ofSeconds(10))) {
            TrialOutcome lost = worker.run(new WorkerMessage.Run(10, "scripted", Map.of("mode", "exit", "x", 0.5), 1,
                    30_000, temp.toString()), new Recorder(), Instant.now().plusSeconds(30));
            assertThat(lost).isInstanceOf(TrialOutcome.WorkerLost.class);
            assertThat(((TrialOutcome.WorkerLost) lost).reason()).doesNotContain("an earlier worker");
        }
    }

    @Test
    void aWorkerThatCannotStartSaysWhatTheJvmPrinted() throws Exception {
        // A 1 MB heap: the JVM refuses to start and says so on its stdout, which goes to the worker's log.
        try (WorkerPool tiny = new WorkerPool(new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(
                temp.resolve("plugins"), temp.resolve("tiny-logs"), "cpu", 1, 1, 1, Duration.ofSeconds(10),
                List.of())), 1)) {
            TrialOutcome outcome = tiny.run(new WorkerMessage.Run(8, "scripted", Map.of("mode", "ok", "x", 0.5), 1,
                    30_000, temp.toString()), new Recorder(), Instant.now().plusSeconds(60));

            assertThat(outcome).isInstanceOf(TrialOutcome.WorkerLost.class);
            assertThat(((TrialOutcome.WorkerLost) outcome).reason())
                    .contains("could not start a worker")
                    .containsIgnoringCase("heap");
        }
    }
}
