package io.nightshift.agent.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.StudyDesign;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Study designs written on the command line or in a YAML file:
 *
 * <pre>
 * --sweep bottleneck_width=2,4,8,16 --fix hidden_width=256 --seeds 3
 * --arm 'batchnorm: architecture=conv(8,3) batchnorm relu ...; learning_rate=0.003' --arm 'plain: ...' --seeds 3
 * --fix epochs=1 --seeds 3                      (optimise what is not fixed)
 * --design study.yaml                           (kind: sweep, factor: ..., values: [...], fixed: {...}, seeds: 3)
 * </pre>
 *
 * An arm's parameters are separated by ';' because values such as architecture strings contain commas.
 */
public final class DesignArguments {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DesignArguments() {
    }

    /** A design file: a design mapping, or {@code question: text} with {@code design: mapping}. */
    public record DesignFile(Optional<String> question, StudyDesign design) {}

    public static DesignFile readFile(Path file) {
        JsonNode node;
        try {
            node = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the design file " + file + ": " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(file + ": expected a mapping with kind (optimise, compare or sweep)");
        }
        try {
            if (node.has("design")) {
                String question = node.path("question").isTextual() ? node.get("question").asText() : null;
                return new DesignFile(Optional.ofNullable(question), DesignCodec.fromTree(node.get("design")));
            }
            return new DesignFile(Optional.empty(), DesignCodec.fromTree(node));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param sweep  {@code name=v1,v2,...} or null
     * @param arms   {@code name: p=v; p=v} each
     * @param fixed  {@code name=value} each
     * @return empty when no design option was given
     */
    public static Optional<StudyDesign> fromOptions(String sweep, List<String> arms, List<String> fixed, Integer seeds,
                                                    Integer tuneTrials) {
        boolean any = sweep != null || !arms.isEmpty() || !fixed.isEmpty() || seeds != null || tuneTrials != null;
        if (!any) {
            return Optional.empty();
        }
        if (sweep != null && !arms.isEmpty()) {
            throw new IllegalArgumentException("--sweep and --arm make different designs; give one of them");
        }
        Map<String, Object> pins = new LinkedHashMap<>();
        for (String f : fixed) {
            Map.Entry<String, Object> e = assignment(f, "--fix");
            pins.put(e.getKey(), e.getValue());
        }
        int n = seeds == null ? DesignCodec.DEFAULT_SEEDS : seeds;
        int tune = tuneTrials == null ? 0 : tuneTrials;
        if (sweep != null) {
            int eq = sweep.indexOf('=');
            if (eq <= 0 || eq == sweep.length() - 1) {
                throw new IllegalArgumentException("--sweep expects NAME=V1,V2,... (e.g. bottleneck_width=2,4,8,16), got '"
                        + sweep + "'");
            }
            List<Object> values = new ArrayList<>();
            for (String v : sweep.substring(eq + 1).split(",")) {
                values.add(value(v.trim()));
            }
            return Optional.of(new StudyDesign.Sweep(sweep.substring(0, eq).trim(), values, pins, n, tune));
        }
        if (!arms.isEmpty()) {
            List<StudyDesign.Arm> parsed = new ArrayList<>();
            for (String arm : arms) {
                int colon = arm.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("--arm expects 'NAME: p=v; p=v', got '" + arm + "'");
                }
                Map<String, Object> params = new LinkedHashMap<>();
                for (String part : arm.substring(colon + 1).split(";")) {
                    if (!part.isBlank()) {
                        Map.Entry<String, Object> e = assignment(part, "--arm " + arm.substring(0, colon).trim());
                        params.put(e.getKey(), e.getValue());
                    }
                }
                parsed.add(new StudyDesign.Arm(arm.substring(0, colon).trim(), params));
            }
            return Optional.of(new StudyDesign.Compare(parsed, pins, n, tune));
        }
        if (tuneTrials != null) {
            throw new IllegalArgumentException("--tune-trials applies to --sweep and --arm designs");
        }
        return Optional.of(new StudyDesign.Optimise(pins, n, DesignCodec.DEFAULT_CONFIRM_TOP));
    }

    /** A question's text when the person gave only a design. */
    public static String describe(StudyDesign design, Objective objective) {
        String metric = objective.metric();
        if (design instanceof StudyDesign.Sweep s) {
            return "How does " + metric + " change with " + s.factor() + " over " + join(s.values()) + "?";
        }
        if (design instanceof StudyDesign.Compare c) {
            return "Which gives the " + (objective.direction() == Objective.Direction.MAXIMIZE ? "higher " : "lower ")
                    + metric + ": " + String.join(" or ", c.arms().stream().map(StudyDesign.Arm::name).toList()) + "?";
        }
        return "Which configuration gives the " + (objective.direction() == Objective.Direction.MAXIMIZE ? "highest " : "lowest ")
                + metric + (design.fixed().isEmpty() ? "" : " with " + design.fixed()) + "?";
    }

    private static String join(List<Object> values) {
        return values.size() <= 6 ? values.toString().replace("[", "").replace("]", "")
                : values.get(0) + " ... " + values.get(values.size() - 1);
    }

    private static Map.Entry<String, Object> assignment(String text, String option) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(option + " expects NAME=VALUE, got '" + text.trim() + "'");
        }
        return Map.entry(text.substring(0, eq).trim(), value(text.substring(eq + 1).trim()));
    }

    /** A command-line value as the type it reads as: a whole number, a number, true/false, or text. */
    static Object value(String text) {
        try {
            return Long.parseLong(text) <= Integer.MAX_VALUE && Long.parseLong(text) >= Integer.MIN_VALUE
                    ? (Object) Integer.parseInt(text) : Long.parseLong(text);
        } catch (NumberFormatException notWhole) {
            try {
                double d = Double.parseDouble(text);
                if (Double.isFinite(d) && !text.toLowerCase(Locale.ROOT).matches(".*[a-df-z].*")) {
                    return d;
                }
            } catch (NumberFormatException notNumber) {
                // text
            }
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> text;
        };
    }
}
