package io.nightshift.plugin.testkit;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.plugin.SuggestedQuestion;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A plugin as an author would write one: counts epochs up to {@code epochs}, reporting {@code val_loss = 1 / epoch}
 * and keeping a checkpoint after each, resuming from it on a later attempt; stops at the deadline or a cancel.
 */
class CountingPlugin implements Plugin {

    static final SearchSpace SPACE = SearchSpace.builder()
            .intParam("epochs", 1, 20)
            .categorical("schedule", "flat", "decay")
            .floatParam("decay", 0.1, 0.9).when("schedule", "decay")
            .build();

    private final List<SuggestedQuestion> questions;

    CountingPlugin() {
        this(List.of(new SuggestedQuestion("Does decay help?", new StudyDesign.Compare(List.of(
                new StudyDesign.Arm("flat", Map.of("schedule", "flat")),
                new StudyDesign.Arm("decay", Map.of("schedule", "decay", "decay", 0.5))), Map.of("epochs", 5), 2, 0))));
    }

    CountingPlugin(List<SuggestedQuestion> questions) {
        this.questions = questions;
    }

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("counting", "Counts epochs.", null, SPACE, Objective.minimize("val_loss"),
                questions.stream().map(SuggestedQuestion::text).toList());
    }

    @Override
    public List<SuggestedQuestion> questions() {
        return questions;
    }

    @Override
    public TrialResult run(TrialContext ctx) throws Exception {
        int epochs = ctx.intParam("epochs");
        var checkpoint = ctx.checkpoints().resolve("epoch.txt");
        int start = ctx.attempt() > 1 && Files.exists(checkpoint) ? Integer.parseInt(Files.readString(checkpoint)) : 0;
        ctx.log("attempt " + ctx.attempt() + " starts after epoch " + start);
        int epoch = start;
        while (epoch < epochs && !ctx.isCancelled() && Instant.now().isBefore(ctx.deadline())) {
            epoch++;
            ctx.metrics().report("val_loss", 1.0 / epoch, epoch, epoch * 10L);
            Files.writeString(checkpoint, Integer.toString(epoch));
        }
        Files.writeString(ctx.artifacts().resolve("summary.txt"), "epochs " + epoch);
        ctx.note("stopped", ctx.isCancelled() ? "cancelled" : "done");
        return new TrialResult(Map.of("val_loss", epoch == 0 ? Double.NaN : 1.0 / epoch, "epochs", (double) epoch));
    }
}
