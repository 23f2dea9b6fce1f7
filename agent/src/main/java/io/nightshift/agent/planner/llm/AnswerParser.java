package io.nightshift.agent.planner.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.plugin.InvalidParametersException;
import io.nightshift.plugin.SearchSpace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a model's answer and checks every proposal in it. The JSON is found even with prose or code
 * fences around it; each proposal is then validated against the search space (missing, unknown,
 * wrongly typed or out-of-range values, invalid architecture strings: whatever the space's
 * {@code validate} refuses), checked for a hypothesis, and compared with what was already run,
 * pending, or proposed earlier in the same answer. Each rejected proposal keeps its reason.
 */
public final class AnswerParser {

    /** Proposals read from one answer; the rest are ignored, so one answer cannot fill the proposal table. */
    static final int MAX_ITEMS = 50;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .enable(JsonParser.Feature.ALLOW_TRAILING_COMMA);

    /**
     * @param accepted valid, new proposals in canonical form, at most the number asked for
     * @param rejected proposals that must not run, each with its reason
     * @param ignored  valid proposals beyond the number asked for, and any beyond the first {@link #MAX_ITEMS}
     *                 (dropped, not stored)
     * @param problem  why nothing could be read from the answer at all; null when proposals were found
     */
    public record Answer(List<ProposedExperiment> accepted, List<Rejected> rejected, int ignored, String problem) {}

    /** A proposal as the model wrote it, and why it was refused. */
    public record Rejected(ProposedExperiment experiment, String reason) {}

    /**
     * @param taken  configurations already run, running or approved (any numeric types; compared canonically)
     * @param wanted how many proposals were asked for
     */
    public Answer parse(String text, SearchSpace space, Collection<Map<String, Object>> taken, int wanted) {
        if (text != null && text.length() > TextLimit.ANSWER_READ) {
            return new Answer(List.of(), List.of(), 0, String.format(Locale.ROOT,
                    "the answer was %,d characters long, more than the %,d that are read; answer with the JSON object"
                            + " only, a few proposals, short rationales and hypotheses", text.length(), TextLimit.ANSWER_READ));
        }
        Optional<JsonNode> root = extractJson(text);
        if (root.isEmpty()) {
            return new Answer(List.of(), List.of(), 0, "the answer contained no JSON object"
                    + (text == null || text.isBlank() ? " (it was empty)" : ""));
        }
        JsonNode list = proposalList(root.get());
        if (list == null) {
            return new Answer(List.of(), List.of(), 0,
                    "the JSON has no \"proposals\" array (expected {\"proposals\": [{\"parameters\": {...}, ...}]})");
        }
        Set<Map<String, Object>> seen = new HashSet<>();
        for (Map<String, Object> t : taken) {
            seen.add(canonical(space, t));
        }
        Set<Map<String, Object>> inAnswer = new HashSet<>();
        List<ProposedExperiment> accepted = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        int ignored = 0;
        int index = 0;
        for (JsonNode item : list) {
            index++;
            if (index > MAX_ITEMS) {
                ignored += list.size() - MAX_ITEMS;
                break;
            }
            String rationale = item.path("rationale").isTextual() ? item.get("rationale").asText() : "";
            String hypothesis = item.path("hypothesis").isTextual() ? item.get("hypothesis").asText() : "";
            JsonNode paramsNode = item.isObject() ? item.get("parameters") : null;
            if (paramsNode == null || !paramsNode.isObject()) {
                Map<String, Object> raw = new LinkedHashMap<>();
                raw.put("answer", item.toString());
                rejected.add(new Rejected(new ProposedExperiment(raw, rationale, hypothesis),
                        "proposal " + index + ": \"parameters\" is missing or not a JSON object"));
                continue;
            }
            Map<String, Object> params = toMap(paramsNode);
            // JSON nulls are kept as the text "null" in the stored row (proposal maps hold no nulls).
            Map<String, Object> storable = new LinkedHashMap<>();
            params.forEach((k, v) -> storable.put(k, v == null ? "null" : v));
            ProposedExperiment as = new ProposedExperiment(storable, rationale, hypothesis);
            Map<String, Object> canonical;
            try {
                canonical = space.validate(params);
            } catch (InvalidParametersException e) {
                rejected.add(new Rejected(as, "outside the search space: " + e.getMessage()));
                continue;
            }
            if (hypothesis.isBlank()) {
                rejected.add(new Rejected(as, "no hypothesis: every proposal needs a falsifiable prediction"));
                continue;
            }
            if (seen.contains(canonical)) {
                rejected.add(new Rejected(as, "repeats an experiment that was already run, is running or is approved"));
                continue;
            }
            if (!inAnswer.add(canonical)) {
                rejected.add(new Rejected(as, "repeats another proposal in the same answer"));
                continue;
            }
            if (accepted.size() >= wanted) {
                ignored++;
                continue;
            }
            accepted.add(new ProposedExperiment(canonical, rationale, hypothesis));
        }
        String problem = accepted.isEmpty() && rejected.isEmpty() && ignored == 0 ? "the \"proposals\" array was empty" : null;
        return new Answer(accepted, rejected, ignored, problem);
    }

    /** The first JSON object (or array) in the text that parses, skipping prose and code fences around it. */
    public static Optional<JsonNode> extractJson(String text) {
        if (text == null) {
            return Optional.empty();
        }
        char[] chars = text.toCharArray(); // parsed in place from each brace: no copy of the rest per attempt
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c != '{' && c != '[') {
                continue;
            }
            try (JsonParser parser = JSON.createParser(chars, i, chars.length - i)) {
                JsonNode node = JSON.readTree(parser);
                if (node != null && (node.isObject() || node.isArray()) && !node.isEmpty()) {
                    return Optional.of(node);
                }
            } catch (IOException e) {
                // Not JSON from here; try the next brace.
            }
        }
        return Optional.empty();
    }

    private static JsonNode proposalList(JsonNode root) {
        if (root.isArray()) {
            return root;
        }
        if (root.path("proposals").isArray()) {
            return root.get("proposals");
        }
        if (root.has("parameters")) {
            return JSON.createArrayNode().add(root);
        }
        return null;
    }

    private static Map<String, Object> toMap(JsonNode node) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.treeToValue(node, LinkedHashMap.class);
            return map;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON object did not convert to a map", e);
        }
    }

    private static Map<String, Object> canonical(SearchSpace space, Map<String, Object> params) {
        try {
            return space.validate(params);
        } catch (InvalidParametersException e) {
            return params;
        }
    }
}
