package io.nightshift.agent.planner.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.nightshift.agent.config.NightshiftConfig;
import java.util.List;

/**
 * A WireMock server on a random local port answering as an OpenAI-compatible server
 * ({@code POST /v1/chat/completions}) or as Ollama ({@code POST /api/chat}). Each queued answer is
 * served once, in order (a WireMock scenario); the last one repeats.
 */
public final class ModelStub implements AutoCloseable {

    public enum Flavour { OPENAI, OLLAMA }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final Flavour flavour;
    private int queued;

    public ModelStub(Flavour flavour) {
        this.flavour = flavour;
        server.start();
    }

    public String path() {
        return flavour == Flavour.OPENAI ? "/v1/chat/completions" : "/api/chat";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + (flavour == Flavour.OPENAI ? "/v1" : "");
    }

    public String provider() {
        return flavour == Flavour.OPENAI ? "openai-compatible" : "ollama";
    }

    /** The model's answer text, as a successful completion with token usage. */
    public ModelStub answer(String content) {
        return respond(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(completion(content)));
    }

    public ModelStub status(int status, String body) {
        return respond(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body));
    }

    public ModelStub slowAnswer(String content, int delayMillis) {
        return respond(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(completion(content)).withFixedDelay(delayMillis));
    }

    private ModelStub respond(ResponseDefinitionBuilder response) {
        String state = queued == 0 ? Scenario.STARTED : "answer-" + queued;
        queued++;
        server.stubFor(post(urlPathEqualTo(path())).inScenario("answers").whenScenarioStateIs(state)
                .willReturn(response).willSetStateTo("answer-" + queued));
        // The last answer also serves every later request.
        server.stubFor(post(urlPathEqualTo(path())).inScenario("answers").whenScenarioStateIs("answer-" + queued)
                .willReturn(response));
        return this;
    }

    public List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(path())));
    }

    public NightshiftConfig.Llm config() {
        return config(provider(), baseUrl());
    }

    public static NightshiftConfig.Llm config(String provider, String baseUrl) {
        return new NightshiftConfig.Llm(provider, baseUrl, "stub-model", "", 5, 0, 30, 0.2, 1024, true, 2, 0,
                0.5, 1.5, 20, new NightshiftConfig.Hybrid("rank", 4, 3));
    }

    private String completion(String content) {
        ObjectNode root = JSON.createObjectNode();
        if (flavour == Flavour.OPENAI) {
            root.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1_700_000_000L).put("model", "stub-model");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", content);
            root.putObject("usage").put("prompt_tokens", 1000).put("completion_tokens", 200).put("total_tokens", 1200);
        } else {
            root.put("model", "stub-model").put("created_at", "2026-01-01T00:00:00Z").put("done", true).put("done_reason", "stop");
            root.putObject("message").put("role", "assistant").put("content", content);
            root.put("prompt_eval_count", 1000).put("eval_count", 200);
        }
        return root.toString();
    }

    @Override
    public void close() {
        server.stop();
    }
}
