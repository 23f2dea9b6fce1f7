package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.artifact.TrialFiles;
import io.nightshift.agent.loop.LoopSettings;
import io.nightshift.agent.loop.TrialRunner;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.study.StudyPlanner;
import io.nightshift.agent.worker.WorkerLauncher;
import io.nightshift.agent.worker.WorkerPool;
import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The median rule on real workers: searched trials whose curves trail the completed ones are stopped and kept;
 * the runs a study design asks for (its replicates, its evidence) are never pruned.
 */
class PruningTest {

    @TempDir
    Path temp;

    @Test
    void trailingSearchTrialsArePrunedWithTheirRuleAndPartialCurveButDesignRunsAreNot() throws Exception {
        try (Store store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
             WorkerPool pool = new WorkerPool(new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(
                     temp.resolve("plugins"), temp.resolve("logs"), "cpu", 256, 1, 1, Duration.ofSeconds(20),
                     List.of())), 1)) {
            TrialRunner runner = new TrialRunner(store, PluginRegistry.load(temp.resolve("plugins")), pool,
                    new LoopSettings(1, 3, Duration.ofSeconds(30), temp), Clock.systemUTC(), "test",
                    TrialFiles.under(temp.resolve("home"), 10));
            Question q = store.questions().create("curves", "Which x learns best?", "tpe", 7, 20, 1L);
            store.questions().setPruner(q.id(), "median");
            List<Trial> trials = new ArrayList<>();
            // One at a time, in this order: four good curves complete, then two poor searched ones meet the rule,
            // then a poor one the design asked for runs to its end anyway.
            double[] xs = {0.9, 0.8, 0.7, 0.6, 0.1, 0.2, 0.15};
            for (int i = 0; i < xs.length; i++) {
                String planner = i == 6 ? StudyPlanner.NAME : "tpe";
                Proposal p = store.proposals().create(q.id(), Map.of("x", xs[i]), planner, null, null);
                Trial t = store.trials().create(q.id(), p.id(), 1, 7L);
                runner.run(t.id());
                trials.add(store.trials().find(t.id()).orElseThrow());
            }

            assertThat(trials.subList(0, 4)).allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
            assertThat(trials.subList(4, 6)).allSatisfy(t -> {
                assertThat(t.status()).isEqualTo(TrialStatus.PRUNED);
                assertThat(t.error()).contains("pruned at epoch 2 by the median rule");
                assertThat(store.metrics().forTrial(t.id())).as("its partial curve is kept").hasSizeBetween(2, 5);
            });
            assertThat(trials.get(6).status()).as("a design's run is its evidence").isEqualTo(TrialStatus.COMPLETED);
        }
    }
}
