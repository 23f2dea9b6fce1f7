package io.nightshift.agent.study;

import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.StudyDesign;
import java.util.LinkedHashMap;
import java.util.Map;

/** One line on what a design will run, shown to the person before it starts. */
public final class DesignSummary {

    private DesignSummary() {
    }

    public static String of(StudyDesign design, PluginDescriptor plugin) {
        StringBuilder s = new StringBuilder(design.kind());
        if (design instanceof StudyDesign.Sweep sw) {
            s.append(' ').append(sw.factor()).append(" over ").append(sw.values());
        } else if (design instanceof StudyDesign.Compare c) {
            s.append(' ');
            for (int i = 0; i < c.arms().size(); i++) {
                StudyDesign.Arm arm = c.arms().get(i);
                s.append(i == 0 ? "" : " vs ").append(arm.name()).append(' ').append(arm.params());
            }
        }
        if (!design.fixed().isEmpty()) {
            s.append(", fixed ").append(design.fixed());
        }
        int tune = design instanceof StudyDesign.Compare c ? c.tuneTrials()
                : design instanceof StudyDesign.Sweep sw ? sw.tuneTrials() : 0;
        if (design instanceof StudyDesign.Optimise o) {
            s.append(", then the best ").append(o.confirmTop()).append(" re-run for ").append(o.seeds()).append(" seeds");
        } else if (tune > 0) {
            s.append(", ").append(tune).append(" tuning trials each, the best run for ").append(design.seeds()).append(" seeds");
        } else {
            s.append(", ").append(design.seeds()).append(" seeds each");
            Map<String, Object> defaults = new LinkedHashMap<>(plugin.searchSpace().center());
            defaults.keySet().removeAll(design.fixed().keySet());
            StudyPlanner.cells(design).forEach(cell -> defaults.keySet().removeAll(cell.params().keySet()));
            if (!defaults.isEmpty()) {
                s.append("; others at the middle of their range ").append(defaults);
            }
        }
        return s.toString();
    }
}
