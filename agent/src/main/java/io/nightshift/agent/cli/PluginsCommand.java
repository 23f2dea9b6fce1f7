package io.nightshift.agent.cli;

import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.plugin.Parameter;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the experiment families, their search spaces and suggested questions.")
final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    NightshiftCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NightshiftConfig config = root.config();
        PluginRegistry plugins = PluginRegistry.load(config);
        PrintWriter out = spec.commandLine().getOut();
        if (plugins.all().isEmpty()) {
            out.println("No plugins found on the classpath or in " + config.pluginsDir());
        }
        for (Plugin plugin : plugins.all()) {
            PluginDescriptor d = plugin.descriptor();
            // Everything here is the plugin's own text: shown, never obeyed by the terminal.
            out.printf("%s%n  %s%n  objective: %s %s%n  search space:%n", safe(d.id()), safe(d.description()),
                    d.objective().direction().name().toLowerCase(java.util.Locale.ROOT), safe(d.objective().metric()));
            for (Parameter p : d.searchSpace().parameters()) {
                String when = p.condition() == null ? ""
                        : "  (only when " + p.condition().parent() + " is one of " + p.condition().values() + ")";
                out.printf("    %-16s %s%n", safe(p.name()), safe(describe(p) + when));
            }
            out.println("  suggested questions (use --question N), each with the design that answers it:");
            java.util.List<io.nightshift.plugin.SuggestedQuestion> questions;
            try {
                questions = plugin.questions();
            } catch (RuntimeException e) {
                questions = d.suggestedQuestions().stream()
                        .map(t -> new io.nightshift.plugin.SuggestedQuestion(t, io.nightshift.plugin.StudyDesign.Optimise.whole()))
                        .toList();
            }
            for (int i = 0; i < questions.size(); i++) {
                out.printf("    %d. %s%n       %s%n", i + 1, safe(questions.get(i).text()),
                        safe(io.nightshift.agent.study.DesignSummary.of(questions.get(i).design(), d)));
            }
            out.println();
        }
        out.flush();
        return 0;
    }

    private static String safe(String text) {
        return TerminalText.safe(text);
    }

    private static String describe(Parameter p) {
        if (p instanceof Parameter.FloatParameter f) {
            return "float " + (f.log() ? "log " : "") + "[" + f.low() + ", " + f.high() + "]";
        }
        if (p instanceof Parameter.IntParameter i) {
            return "int " + (i.log() ? "log " : "") + "[" + i.low() + ", " + i.high() + "]";
        }
        return "one of " + ((Parameter.CategoricalParameter) p).choices();
    }
}
