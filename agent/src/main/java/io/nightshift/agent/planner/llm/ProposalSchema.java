package io.nightshift.agent.planner.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.nightshift.plugin.Condition;
import io.nightshift.plugin.Parameter;
import io.nightshift.plugin.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The answer format, generated from a search space: {@code {"proposals": [{"parameters": {...},
 * "rationale": "...", "hypothesis": "..."}]}}. Two renderings of the same shape: standard JSON Schema
 * text for the prompt (with ranges and enums), and LangChain4j's schema for the provider's
 * structured-output mode (ranges go into descriptions there, since not every provider takes them).
 */
public final class ProposalSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProposalSchema() {}

    /** JSON Schema (draft 2020-12 keywords) for the prompt. */
    public static ObjectNode jsonSchema(SearchSpace space) {
        ObjectNode params = JSON.createObjectNode().put("type", "object");
        ObjectNode props = params.putObject("properties");
        ArrayNode required = JSON.createArrayNode();
        for (Parameter p : space.parameters()) {
            ObjectNode node = props.putObject(p.name());
            if (p instanceof Parameter.FloatParameter f) {
                node.put("type", "number").put("minimum", f.low()).put("maximum", f.high());
                if (f.log()) {
                    node.put("description", "log scale");
                }
            } else if (p instanceof Parameter.IntParameter i) {
                node.put("type", "integer").put("minimum", i.low()).put("maximum", i.high());
                if (i.log()) {
                    node.put("description", "log scale");
                }
            } else if (p instanceof Parameter.CategoricalParameter c) {
                ArrayNode values = node.putArray("enum");
                c.choices().forEach(v -> values.addPOJO(v));
            }
            Condition condition = p.condition();
            if (condition == null) {
                required.add(p.name());
            } else {
                node.put("description", (node.has("description") ? node.get("description").asText() + "; " : "")
                        + conditionText(condition));
            }
        }
        params.set("required", required);
        params.put("additionalProperties", false);

        ObjectNode proposal = JSON.createObjectNode().put("type", "object");
        ObjectNode pp = proposal.putObject("properties");
        pp.set("parameters", params);
        pp.putObject("rationale").put("type", "string");
        pp.putObject("hypothesis").put("type", "string");
        proposal.putArray("required").add("parameters").add("rationale").add("hypothesis");
        proposal.put("additionalProperties", false);

        ObjectNode root = JSON.createObjectNode().put("type", "object");
        root.putObject("properties").putObject("proposals").put("type", "array").set("items", proposal);
        root.putArray("required").add("proposals");
        root.put("additionalProperties", false);
        return root;
    }

    public static String jsonSchemaText(SearchSpace space) {
        return jsonSchema(space).toString();
    }

    /** The provider-side schema, for {@link ResponseFormat} in structured-output mode. */
    public static JsonSchema langchainSchema(SearchSpace space) {
        JsonObjectSchema.Builder params = JsonObjectSchema.builder();
        List<String> required = new ArrayList<>();
        for (Parameter p : space.parameters()) {
            params.addProperty(p.name(), element(p));
            if (p.condition() == null) {
                required.add(p.name());
            }
        }
        params.required(required).additionalProperties(false);
        JsonObjectSchema proposal = JsonObjectSchema.builder()
                .addProperty("parameters", params.build())
                .addStringProperty("rationale")
                .addStringProperty("hypothesis", "a falsifiable prediction about the objective")
                .required("parameters", "rationale", "hypothesis")
                .additionalProperties(false)
                .build();
        JsonObjectSchema root = JsonObjectSchema.builder()
                .addProperty("proposals", JsonArraySchema.builder().items(proposal).build())
                .required("proposals")
                .additionalProperties(false)
                .build();
        return JsonSchema.builder().name("proposals").rootElement(root).build();
    }

    public static ResponseFormat responseFormat(SearchSpace space) {
        return ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(langchainSchema(space)).build();
    }

    private static JsonSchemaElement element(Parameter p) {
        String when = p.condition() == null ? "" : "; " + conditionText(p.condition());
        if (p instanceof Parameter.FloatParameter f) {
            return JsonNumberSchema.builder().description(String.format(Locale.ROOT, "between %s and %s%s%s",
                    f.low(), f.high(), f.log() ? " (log scale)" : "", when)).build();
        }
        if (p instanceof Parameter.IntParameter i) {
            return JsonIntegerSchema.builder().description(String.format(Locale.ROOT, "between %d and %d%s%s",
                    i.low(), i.high(), i.log() ? " (log scale)" : "", when)).build();
        }
        if (p instanceof Parameter.CategoricalParameter c) {
            if (c.choices().stream().allMatch(v -> v instanceof String)) {
                return JsonEnumSchema.builder().enumValues(c.choices().stream().map(String::valueOf).toList())
                        .description(when.isEmpty() ? null : when.substring(2)).build();
            }
            String desc = "one of " + c.choices() + when;
            if (c.choices().stream().allMatch(v -> v instanceof Integer || v instanceof Long)) {
                return JsonIntegerSchema.builder().description(desc).build();
            }
            if (c.choices().stream().allMatch(v -> v instanceof Number)) {
                return JsonNumberSchema.builder().description(desc).build();
            }
            return JsonStringSchema.builder().description(desc).build();
        }
        return JsonStringSchema.builder().description(p.name() + when).build();
    }

    static String conditionText(Condition c) {
        return "only when " + c.parent() + " is " + (c.values().size() == 1 ? c.values().get(0) : "one of " + c.values())
                + "; leave it out otherwise";
    }
}
