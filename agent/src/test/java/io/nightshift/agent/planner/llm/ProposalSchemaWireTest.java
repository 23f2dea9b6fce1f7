package io.nightshift.agent.planner.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.random.RandomPlanner;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the provider is told in structured-output mode, read from the request the real LangChain4j
 * client sent to a WireMock stub: every parameter's bounds and choices, numeric choices included.
 */
class ProposalSchemaWireTest {

    static final PluginDescriptor PLUGIN = new PluginDescriptor("toy", "A toy model.", "Train a toy MLP.",
            SearchSpace.builder().logFloatParam("lr", 1e-4, 1e-1).intParam("width", 16, 256)
                    .categorical("batch_size", 32, 64, 128).categorical("dropout", 0.0, 0.25, 0.5)
                    .categorical("optimizer", "sgd", "adam").floatParam("momentum", 0, 0.99).when("optimizer", "sgd")
                    .build(),
            Objective.maximize("val_accuracy"), List.of("Which learning rate?"));

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    Store store;
    ModelStub stub;

    @BeforeEach
    void setUp() {
        store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
    }

    @AfterEach
    void tearDown() {
        if (stub != null) {
            stub.close();
        }
        store.close();
    }

    @ParameterizedTest
    @EnumSource(ModelStub.Flavour.class)
    void theSchemaSentToTheProviderCarriesBoundsAndChoices(ModelStub.Flavour flavour) throws Exception {
        stub = new ModelStub(flavour).answer("""
                {"proposals": [{"parameters": {"lr": 0.01, "width": 64, "batch_size": 64, "dropout": 0.25,
                 "optimizer": "adam"}, "rationale": "r", "hypothesis": "h"}]}""");
        long questionId = store.questions().create("toy", "Which learning rate?", "llm", 10, 60, 1).id();
        var planner = new LlmPlanner(LlmServices.create(stub.config(), store, Map.of()), new RandomPlanner(1));

        var result = planner.plan(new PlanningContext(questionId, "Which learning rate?", PLUGIN, List.of(), List.of(),
                List.of(), 5), 1);

        assertThat(result.accepted()).singleElement().satisfies(p -> assertThat(p.planner()).isEqualTo("llm"));
        JsonNode params = parametersSchema(JSON.readTree(stub.requests().get(0).getBodyAsString()), flavour);
        JsonNode props = params.get("properties");
        assertThat(props.at("/lr/type").asText()).isEqualTo("number");
        assertThat(props.at("/lr/minimum").asDouble()).isEqualTo(1e-4);
        assertThat(props.at("/lr/maximum").asDouble()).isEqualTo(0.1);
        assertThat(props.at("/lr/description").asText()).contains("log scale");
        assertThat(props.at("/width/type").asText()).isEqualTo("integer");
        assertThat(props.at("/width/minimum").asInt()).isEqualTo(16);
        assertThat(props.at("/width/maximum").asInt()).isEqualTo(256);
        assertThat(props.at("/batch_size/type").asText()).isEqualTo("integer");
        assertThat(props.at("/batch_size/enum").toString()).isEqualTo("[32,64,128]");
        assertThat(props.at("/dropout/type").asText()).isEqualTo("number");
        assertThat(props.at("/dropout/enum").toString()).isEqualTo("[0.0,0.25,0.5]");
        assertThat(props.at("/optimizer/enum").toString()).isEqualTo("[\"sgd\",\"adam\"]");
        assertThat(props.at("/momentum/minimum").asDouble()).isZero();
        assertThat(props.at("/momentum/maximum").asDouble()).isEqualTo(0.99);
        assertThat(props.at("/momentum/description").asText()).contains("only when optimizer is sgd");
        assertThat(params.get("required").toString()).isEqualTo("[\"lr\",\"width\",\"batch_size\",\"dropout\",\"optimizer\"]");
    }

    /** The parameters object of the answer schema, wherever the provider's request keeps it. */
    private static JsonNode parametersSchema(JsonNode body, ModelStub.Flavour flavour) throws Exception {
        JsonNode schema;
        if (flavour == ModelStub.Flavour.OPENAI) {
            assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
            schema = body.at("/response_format/json_schema/schema");
        } else {
            JsonNode format = body.get("format");
            schema = format.isTextual() ? JSON.readTree(format.asText()) : format;
        }
        JsonNode params = schema.at("/properties/proposals/items/properties/parameters");
        assertThat(params.isMissingNode()).as("parameters schema in %s", body).isFalse();
        return params;
    }
}
