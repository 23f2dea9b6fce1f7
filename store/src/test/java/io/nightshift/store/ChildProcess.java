package io.nightshift.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM on the test classpath, for what one process cannot show about H2 files: being killed, sharing the
 * file with another process, and being locked out by one.
 */
final class ChildProcess {

    static final int HALTED = 77;
    static final int METRICS_WRITTEN = 25;

    record Result(int exitCode, String output) {
        /** The value printed by the child as {@code KEY value}. */
        String line(String key) {
            return output.lines().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElseThrow(() -> new AssertionError("child printed no " + key + ":\n" + output));
        }
    }

    /** Runs a child to completion. */
    static Result run(String... args) throws IOException, InterruptedException {
        Process process = start(args);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child " + String.join(" ", args) + " did not finish in 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.exitValue(), output);
    }

    static Process start(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] command = new String[args.length + 4];
        command[0] = java;
        command[1] = "-cp";
        command[2] = System.getProperty("java.class.path");
        command[3] = ChildProcess.class.getName();
        System.arraycopy(args, 0, command, 4, args.length);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    public static void main(String[] args) throws Exception {
        String url = args[1];
        switch (args[0]) {
            case "write-and-halt" -> {
                Store store = Store.open(url, "sa", "test-password");
                Question q = store.questions().create("mnist", "killed", "random", 1, 60, 0L);
                Proposal p = store.proposals().create(q.id(), Map.of("lr", 0.1), "random", null, null);
                Trial t = store.trials().create(q.id(), p.id(), 1, 0L);
                store.trials().markRunning(t.id(), "w", Instant.now());
                for (int step = 0; step < METRICS_WRITTEN; step++) {
                    store.metrics().add(t.id(), "loss", 0, step, 1.0 / (step + 1), Instant.now());
                }
                System.out.println("TRIAL " + t.id());
                System.out.flush();
                // Like kill -9: no shutdown hooks, so H2 gets no chance to close the file cleanly.
                Runtime.getRuntime().halt(HALTED);
            }
            case "count-questions" -> {
                try (Store store = Store.open(url, "sa", "test-password")) {
                    System.out.println("QUESTIONS " + store.questions().all().size());
                }
            }
            case "hold-without-auto-server" -> {
                try (Connection ignored = DriverManager.getConnection(url, "sa", "test-password")) {
                    System.out.println("HOLDING");
                    System.out.flush();
                    // Hold the file until the parent closes our stdin.
                    while (System.in.read() != -1) {
                        Thread.onSpinWait();
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown child mode " + args[0]);
        }
    }
}
