package io.nightshift.agent.cli;

import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.planner.llm.LlmServices;
import io.nightshift.agent.study.DesignDrafter;
import io.nightshift.agent.study.DesignSummary;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Store;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.Function;

/** The language model that drafts designs for free-text questions, when one is configured. */
final class Drafting {

    private Drafting() {
    }

    /** Null when no model is configured (or it cannot be used): free-text questions then optimise the whole space. */
    static Function<String, Optional<StudyDesign>> drafter(NightshiftConfig config, Store store, PluginDescriptor plugin,
                                                           PrintWriter out) {
        if (config.llm().model().isBlank()) {
            return null;
        }
        LlmServices llm;
        try {
            llm = LlmServices.create(config.llm(), store, System.getenv());
        } catch (IllegalArgumentException e) {
            out.println("(no design drafted by the language model: " + TerminalText.safe(e.getMessage()) + ")");
            return null;
        }
        return text -> {
            out.println("Asking the language model for a study design ...");
            out.flush();
            Optional<StudyDesign> design = new DesignDrafter(llm.gateway()).draft(plugin, text);
            out.println(design.map(d -> "  The model proposes: " + TerminalText.safe(DesignSummary.of(d, plugin)))
                    .orElse("  The model gave no design that fits the plugin's space; the question optimises the whole space."));
            out.flush();
            return design;
        };
    }
}
