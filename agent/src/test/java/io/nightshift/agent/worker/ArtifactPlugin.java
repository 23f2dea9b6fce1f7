package io.nightshift.agent.worker;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** A test plugin that leaves files, a note and log lines, and counts its attempts in its checkpoint directory. */
public final class ArtifactPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("artifacts", "Test trials that leave files behind.", null,
                SearchSpace.builder().intParam("megabytes", 0, 4).build(), Objective.maximize("score"),
                List.of("What does a trial leave?"));
    }

    @Override
    public TrialResult run(TrialContext ctx) throws Exception {
        ctx.log("attempt " + ctx.attempt() + " of proposal " + ctx.proposalId());
        Files.write(ctx.artifacts().resolve("weights.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.createDirectories(ctx.artifacts().resolve("model"));
        Files.write(ctx.artifacts().resolve("model/last.params"), new byte[ctx.intParam("megabytes") * 1024 * 1024 + 10]);
        Files.writeString(ctx.checkpoints().resolve("attempt-" + ctx.attempt()), "seen");
        ctx.note("summary", "wrote two files");
        return new TrialResult(Map.of("score", 1.0));
    }
}
