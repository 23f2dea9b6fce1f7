package io.nightshift.agent.worker;

import io.nightshift.plugin.InvalidSettingException;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.PluginSettings;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.util.List;
import java.util.Map;

/**
 * A test plugin that takes settings ({@code scale}, a positive number, default 1; {@code label}, a text): its trials
 * score {@code x * scale} and report what they were configured with and how often, so a test can see the settings
 * arrive in the controller and in a worker.
 */
public final class ConfigurablePlugin implements Plugin {

    public static final String ID = "configurable";

    private double scale = 1;
    private String label = "";
    private int configureCalls;

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor(ID, "Test trials scaled by a setting.", null,
                SearchSpace.builder().floatParam("x", 0, 1).build(), Objective.maximize("score"),
                List.of("Do settings arrive?"));
    }

    @Override
    public void configure(Map<String, Object> settings) {
        PluginSettings s = PluginSettings.of(settings).allowOnly("scale", "label");
        double value = s.doubleValue("scale", 1);
        if (value <= 0) {
            throw new InvalidSettingException("scale", "must be positive, got " + value);
        }
        scale = value;
        label = s.string("label", "");
        configureCalls++;
    }

    public double scale() {
        return scale;
    }

    public String label() {
        return label;
    }

    public int configureCalls() {
        return configureCalls;
    }

    @Override
    public TrialResult run(TrialContext ctx) {
        double score = ctx.doubleParam("x") * scale;
        ctx.metrics().report("score", score, 1, 1);
        ctx.log("configured " + configureCalls + " time(s), label '" + label + "'");
        return new TrialResult(Map.of("score", score, "scale", scale, "configure_calls", (double) configureCalls));
    }
}
