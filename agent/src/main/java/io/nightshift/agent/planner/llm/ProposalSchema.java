package io.nightshift.agent.planner.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.nightshift.plugin.Condition;
import io.nightshift.plugin.Parameter;
import io.nightshift.plugin.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer format, generated from a search space: {@code {"proposals": [{"parameters": {...},
 * "rationale": "...", "hypothesis": "..."}]}}. Two renderings of the same shape: standard JSON Schema
 * text for the prompt, and LangChain4j's schema for the provider's structured-output mode. Both carry
 * each parameter's bounds and choices ({@code minimum}/{@code maximum}, {@code enum}, numeric enums
 * too), so that a well-behaved model is never refused for a value it was not told about.
 *
 * <p>LangChain4j's typed {@code JsonNumberSchema} and {@code JsonIntegerSchema} have no bounds, and its
 * {@code JsonEnumSchema} only string values (1.18). So each parameter travels as a {@link JsonRawSchema}
 * holding the same JSON as in the prompt's schema; the OpenAI and Ollama mappers put a raw schema into
 * the request as it is. The structure around it stays typed.
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
            props.set(p.name(), parameterSchema(p));
            if (p.condition() == null) {
                required.add(p.name());
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

    /**
     * One parameter's schema: type and bounds for numbers, {@code enum} (with its JSON type when all
     * choices share one) for categoricals, and a description for log scale and conditions.
     */
    static ObjectNode parameterSchema(Parameter p) {
        ObjectNode node = JSON.createObjectNode();
        List<String> notes = new ArrayList<>();
        if (p instanceof Parameter.FloatParameter f) {
            node.put("type", "number").put("minimum", f.low()).put("maximum", f.high());
            if (f.log()) {
                notes.add("log scale");
            }
        } else if (p instanceof Parameter.IntParameter i) {
            node.put("type", "integer").put("minimum", i.low()).put("maximum", i.high());
            if (i.log()) {
                notes.add("log scale");
            }
        } else if (p instanceof Parameter.CategoricalParameter c) {
            String type = jsonType(c.choices());
            if (type != null) {
                node.put("type", type);
            }
            ArrayNode values = node.putArray("enum");
            c.choices().forEach(values::addPOJO);
        } else {
            node.put("type", "string");
        }
        if (p.condition() != null) {
            notes.add(conditionText(p.condition()));
        }
        if (!notes.isEmpty()) {
            node.put("description", String.join("; ", notes));
        }
        return node;
    }

    /** The JSON type all choices share, or null when they mix types. */
    private static String jsonType(List<?> choices) {
        if (choices.stream().allMatch(v -> v instanceof String)) {
            return "string";
        }
        if (choices.stream().allMatch(v -> v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)) {
            return "integer";
        }
        if (choices.stream().allMatch(v -> v instanceof Number)) {
            return "number";
        }
        if (choices.stream().allMatch(v -> v instanceof Boolean)) {
            return "boolean";
        }
        return null;
    }

    /** The provider-side schema, for {@link ResponseFormat} in structured-output mode. */
    public static JsonSchema langchainSchema(SearchSpace space) {
        JsonObjectSchema.Builder params = JsonObjectSchema.builder();
        List<String> required = new ArrayList<>();
        for (Parameter p : space.parameters()) {
            params.addProperty(p.name(), JsonRawSchema.from(parameterSchema(p).toString()));
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

    static String conditionText(Condition c) {
        return "only when " + c.parent() + " is " + (c.values().size() == 1 ? c.values().get(0) : "one of " + c.values())
                + "; leave it out otherwise";
    }
}
