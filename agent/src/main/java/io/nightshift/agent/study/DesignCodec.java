package io.nightshift.agent.study;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nightshift.plugin.StudyDesign;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Study designs as JSON (how the store keeps them) and as the same shape in YAML files people write:
 *
 * <pre>
 * {"kind": "sweep", "factor": "bottleneck_width", "values": [2, 4, 8], "fixed": {"hidden_width": 256}, "seeds": 3}
 * {"kind": "compare", "arms": [{"name": "bn", "params": {...}}, {"name": "plain", "params": {...}}], "seeds": 3}
 * {"kind": "optimise", "fixed": {"epochs": 1}, "seeds": 3, "confirm-top": 3}
 * </pre>
 *
 * Optional keys: {@code fixed} (default none), {@code seeds} (3), {@code tune-trials} (0: fixed arms or points),
 * {@code confirm-top} (3). Unknown keys are errors, so a typo is never silently a default.
 */
public final class DesignCodec {

    static final int DEFAULT_SEEDS = 3;
    static final int DEFAULT_CONFIRM_TOP = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DesignCodec() {
    }

    public static String write(StudyDesign design) {
        ObjectNode node = JSON.createObjectNode().put("kind", design.kind());
        if (design instanceof StudyDesign.Compare c) {
            var arms = node.putArray("arms");
            for (StudyDesign.Arm arm : c.arms()) {
                arms.addObject().put("name", arm.name()).set("params", JSON.valueToTree(arm.params()));
            }
        } else if (design instanceof StudyDesign.Sweep s) {
            node.put("factor", s.factor()).set("values", JSON.valueToTree(s.values()));
        }
        node.set("fixed", JSON.valueToTree(design.fixed()));
        node.put("seeds", design.seeds());
        if (design instanceof StudyDesign.Optimise o) {
            node.put("confirm-top", o.confirmTop());
        } else if (design instanceof StudyDesign.Compare c) {
            node.put("tune-trials", c.tuneTrials());
        } else if (design instanceof StudyDesign.Sweep s) {
            node.put("tune-trials", s.tuneTrials());
        }
        return node.toString();
    }

    /** @throws IllegalArgumentException saying what is wrong with the design and how it should look */
    public static StudyDesign read(String json) {
        try {
            return fromTree(JSON.readTree(json));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the design is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** From a parsed JSON or YAML tree. */
    public static StudyDesign fromTree(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a design is a mapping with a kind (optimise, compare or sweep)");
        }
        String kind = node.path("kind").asText("");
        Map<String, Object> fixed = map(node.get("fixed"), "fixed");
        int seeds = integer(node, "seeds", DEFAULT_SEEDS);
        return switch (kind) {
            case "optimise", "optimize" -> {
                known(node, Set.of("kind", "fixed", "seeds", "confirm-top"));
                yield new StudyDesign.Optimise(fixed, seeds, integer(node, "confirm-top", DEFAULT_CONFIRM_TOP));
            }
            case "compare" -> {
                known(node, Set.of("kind", "arms", "fixed", "seeds", "tune-trials"));
                JsonNode armsNode = node.get("arms");
                if (armsNode == null || !armsNode.isArray()) {
                    throw new IllegalArgumentException("a compare design needs arms: a list of {name, params}");
                }
                List<StudyDesign.Arm> arms = new ArrayList<>();
                for (JsonNode arm : armsNode) {
                    if (!arm.isObject() || !arm.path("name").isTextual()) {
                        throw new IllegalArgumentException("each arm is {name: text, params: {parameter: value}}, got " + arm);
                    }
                    arms.add(new StudyDesign.Arm(arm.get("name").asText(), map(arm.get("params"), "params of " + arm.get("name").asText())));
                }
                yield new StudyDesign.Compare(arms, fixed, seeds, integer(node, "tune-trials", 0));
            }
            case "sweep" -> {
                known(node, Set.of("kind", "factor", "values", "fixed", "seeds", "tune-trials"));
                if (!node.path("factor").isTextual()) {
                    throw new IllegalArgumentException("a sweep design needs factor: the parameter to sweep");
                }
                JsonNode valuesNode = node.get("values");
                if (valuesNode == null || !valuesNode.isArray()) {
                    throw new IllegalArgumentException("a sweep design needs values: a list of the factor's values");
                }
                List<Object> values = new ArrayList<>();
                valuesNode.forEach(v -> values.add(JSON.convertValue(v, Object.class)));
                yield new StudyDesign.Sweep(node.get("factor").asText(), values, fixed, seeds,
                        integer(node, "tune-trials", 0));
            }
            default -> throw new IllegalArgumentException("design kind '" + kind + "' is not one of optimise, compare, sweep");
        };
    }

    private static void known(JsonNode node, Set<String> keys) {
        node.fieldNames().forEachRemaining(name -> {
            if (!keys.contains(name)) {
                throw new IllegalArgumentException("unknown key '" + name + "' in a " + node.path("kind").asText()
                        + " design; known keys: " + keys);
            }
        });
    }

    private static int integer(JsonNode node, String key, int fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(key + " must be a whole number, got " + v);
        }
        return v.asInt();
    }

    private static Map<String, Object> map(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a mapping of parameter to value, got " + node);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
        return out;
    }
}
