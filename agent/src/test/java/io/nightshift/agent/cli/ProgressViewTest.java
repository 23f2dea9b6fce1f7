package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.loop.LoopSettings;
import io.nightshift.agent.loop.ResearchLoop;
import io.nightshift.agent.loop.TrialScheduler;
import io.nightshift.agent.planner.PlannerFactory;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.review.AutoApprovePolicy;
import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress lines of 'run' show a plugin's or planner's text, never let it drive the terminal. */
class ProgressViewTest {

    @TempDir
    Path temp;

    @Test
    void announcedTrialsShowHostileValuesAndErrorsEscaped() {
        try (Store store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test")) {
            TrialScheduler none = new TrialScheduler() {
                @Override
                public void schedule(long questionId, long trialId) {
                }

                @Override
                public boolean isScheduled(long trialId) {
                    return false;
                }
            };
            PluginRegistry plugins = PluginRegistry.load(temp.resolve("no-plugins"));
            ResearchLoop loop = new ResearchLoop(store, plugins, PlannerFactory::create, new AutoApprovePolicy(), none,
                    new LoopSettings(1, 3, Duration.ofSeconds(30), temp), Clock.systemUTC());
            Question q = store.questions().create("mnist-mlp", "what width?", "tpe", 4, 30, 7);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

            try (ProgressView view = new ProgressView(store, loop, plugins, q, err)) {
                Trial good = trial(store, q, Map.of("activation", StatusCommandTest.HOSTILE));
                store.trials().complete(good.id(), 0.9, Map.of("val_accuracy", 0.9), Instant.now());
                Trial bad = trial(store, q, Map.of("activation", "relu"));
                store.trials().fail(bad.id(), "plugin said " + StatusCommandTest.HOSTILE, Instant.now());
                view.update(store.questions().find(q.id()).orElseThrow());
            }

            String shown = bytes.toString(StandardCharsets.UTF_8);
            assertThat(shown).contains("trial #1 completed").contains("trial #2 failed")
                    .contains("\\e]0;pwned\\u0007\\e[2J\\e[31mred").contains("plugin said \\e]0;pwned");
            // The display's own "\r ESC[2K" (erase the bar's line) is allowed; nothing of the hostile text is.
            assertThat(shown).doesNotContain("\u001b]").doesNotContain("\u0007").doesNotContain("\u001b[31m")
                    .doesNotContain("\u001b[2J").doesNotContain("\u009b").doesNotContain("\u202e");
        }
    }

    private static Trial trial(Store store, Question q, Map<String, Object> params) {
        Proposal p = store.proposals().create(q.id(), params, "tpe", "why", "hypothesis");
        Trial t = store.trials().create(q.id(), p.id(), 1, 42);
        store.trials().markRunning(t.id(), "test", Instant.now());
        return t;
    }
}
