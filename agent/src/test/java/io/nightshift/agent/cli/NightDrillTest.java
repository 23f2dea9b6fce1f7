package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated night on one machine (H2): two queued questions with pruning, every fault kind injected, the
 * controller killed three times, the deadline a couple of minutes ahead.
 */
class NightDrillTest {

    // Kept when the drill fails: the controllers' outputs and worker logs are what explains it.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path home;

    @Test
    void aNightWithFaultsAndThreeKillsLosesNothingRunsNothingTwiceAndEndsAtItsDeadline() throws Exception {
        TestHome testHome = new TestHome(home);
        Path config = testHome.config(NightDrill.WORKER_SETTINGS, NightDrill.LOOP_SETTINGS);
        NightDrill.queueQuestions(config);
        NightDrill.Outcome outcome = NightDrill.run(List.of(new NightDrill.Node("controller", config, home)),
                Duration.ofSeconds(150), List.of(Duration.ofSeconds(25), Duration.ofSeconds(50), Duration.ofSeconds(75)),
                2);
        try (Store store = testHome.openStore()) {
            System.out.print(NightDrill.check(store, outcome));
        }
        assertThat(outcome.finalExitCodes()).containsOnly(0);
    }
}
