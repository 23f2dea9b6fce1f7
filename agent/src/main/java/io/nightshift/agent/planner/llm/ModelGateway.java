package io.nightshift.agent.planner.llm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.store.LlmCall;
import io.nightshift.store.LlmCallRepository;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounting decorator around a {@link ChatModel}: every call, successful or not, becomes an
 * {@code llm_call} row (provider, model, purpose, prompt, response, tokens, latency, estimated cost,
 * error), with credentials redacted; and no call is made once the question's estimated spend has
 * reached the cap. Thread-safe when the model is.
 */
public class ModelGateway {

    private static final Logger log = LoggerFactory.getLogger(ModelGateway.class);

    private final ChatModel model;
    private final NightshiftConfig.Llm config;
    private final LlmCallRepository calls;
    private final Redactor redactor;
    private final LongSupplier nanoTime;

    public ModelGateway(ChatModel model, NightshiftConfig.Llm config, LlmCallRepository calls, Redactor redactor) {
        this(model, config, calls, redactor, System::nanoTime);
    }

    ModelGateway(ChatModel model, NightshiftConfig.Llm config, LlmCallRepository calls, Redactor redactor,
                 LongSupplier nanoTime) {
        this.model = model;
        this.config = config;
        this.calls = calls;
        this.redactor = redactor;
        this.nanoTime = nanoTime;
    }

    /** The model's text and the id of its {@code llm_call} row. */
    public record Reply(long callId, String text) {}

    /** No call was made: the question's estimated spend has reached the cap. */
    public static final class CostCapReached extends Exception {
        public CostCapReached(String message) {
            super(message);
        }
    }

    /** The call failed after the client's retries; the row records why. The message is redacted. */
    public static final class CallFailed extends Exception {
        private final boolean badRequest;

        public CallFailed(String message, boolean badRequest) {
            super(message);
            this.badRequest = badRequest;
        }

        /** The provider refused the request itself (HTTP 400), e.g. a response format it does not support. */
        public boolean badRequest() {
            return badRequest;
        }
    }

    public NightshiftConfig.Llm config() {
        return config;
    }

    /**
     * @param questionId the question to book the call against; 0 for none
     * @param format     the structured-output format, or null for plain text
     */
    public Reply ask(long questionId, String purpose, Prompt prompt, ResponseFormat format) throws CostCapReached, CallFailed {
        Long question = questionId > 0 ? questionId : null;
        if (config.maxCost() > 0 && question != null) {
            double spent = calls.spend(questionId).estimatedCost();
            if (spent >= config.maxCost()) {
                throw new CostCapReached(String.format(Locale.ROOT,
                        "estimated language-model spend %.4f has reached the cap %.4f", spent, config.maxCost()));
            }
        }
        ChatRequest.Builder request = ChatRequest.builder()
                .messages(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user()));
        if (format != null) {
            request.responseFormat(format);
        }
        String transcript = redactor.redact(prompt.transcript());
        long start = nanoTime.getAsLong();
        ChatResponse response;
        try {
            response = model.chat(request.build());
        } catch (RuntimeException e) {
            long millis = (nanoTime.getAsLong() - start) / 1_000_000;
            String error = redactor.redact(describe(e));
            calls.record(new LlmCall.New(question, config.provider(), config.model(), purpose, transcript, null,
                    null, null, millis, 0, error));
            log.warn("language-model call ({}) failed after {} ms: {}", purpose, millis, error);
            throw new CallFailed(error, isBadRequest(e));
        }
        long millis = (nanoTime.getAsLong() - start) / 1_000_000;
        String text = response.aiMessage() == null ? null : response.aiMessage().text();
        TokenUsage usage = response.tokenUsage();
        Integer in = usage == null ? null : usage.inputTokenCount();
        Integer out = usage == null ? null : usage.outputTokenCount();
        double cost = cost(in != null ? in : estimateTokens(transcript), out != null ? out : estimateTokens(text));
        LlmCall row = calls.record(new LlmCall.New(question, config.provider(), config.model(), purpose, transcript,
                redactor.redact(text == null ? "" : text), in, out, millis, cost, null));
        log.info("language-model call ({}) took {} ms, {} tokens in, {} out, estimated cost {}", purpose, millis,
                in, out, String.format(Locale.ROOT, "%.4f", cost));
        return new Reply(row.id(), text == null ? "" : text);
    }

    /** Records why an answer that arrived could not be used. */
    public void noteProblem(long callId, String problem) {
        calls.setError(callId, redactor.redact(problem));
    }

    double cost(int tokensIn, int tokensOut) {
        return tokensIn / 1000.0 * config.pricePer1kInputTokens() + tokensOut / 1000.0 * config.pricePer1kOutputTokens();
    }

    /** About four characters a token, when the provider reports no usage. */
    static int estimateTokens(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }

    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
            s.append(" (caused by ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
        }
        return s.toString();
    }

    private static boolean isBadRequest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.langchain4j.exception.InvalidRequestException
                    || t instanceof dev.langchain4j.exception.UnsupportedFeatureException) {
                return true;
            }
        }
        return false;
    }
}
