package io.nightshift.agent.planner.llm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.planner.Deadline;
import io.nightshift.store.LlmCall;
import io.nightshift.store.LlmCallRepository;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounting decorator around a {@link ChatModel}: every attempt, successful or not, becomes an
 * {@code llm_call} row (provider, model, purpose, prompt, response, tokens, latency, estimated cost,
 * error), with credentials redacted and each text capped at {@link TextLimit#CALL_TEXT}; and no call is
 * made once the question's estimated spend has reached the cap.
 *
 * <p>Retries are made here, not by the client (whose own retries are off, see {@link ChatModelFactory}):
 * a timeout, a 429, a 5xx or a lost connection is tried again up to {@code llm.max-retries} times with a
 * short backoff, each attempt its own row, so that every failure is counted. A refusal that asking again
 * cannot change (bad key, unknown model, bad request) is not retried. No attempt starts once the round's
 * {@link Deadline} has passed. Thread-safe when the model is.
 */
public class ModelGateway {

    private static final Logger log = LoggerFactory.getLogger(ModelGateway.class);
    /** First wait between attempts; it doubles per attempt, up to {@link #MAX_BACKOFF}. */
    static final Duration BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    /** Waits between attempts; a test passes one that records instead of sleeping. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ChatModel model;
    private final NightshiftConfig.Llm config;
    private final LlmCallRepository calls;
    private final Redactor redactor;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    public ModelGateway(ChatModel model, NightshiftConfig.Llm config, LlmCallRepository calls, Redactor redactor) {
        this(model, config, calls, redactor, System::nanoTime, d -> Thread.sleep(d.toMillis()));
    }

    ModelGateway(ChatModel model, NightshiftConfig.Llm config, LlmCallRepository calls, Redactor redactor,
                 LongSupplier nanoTime, Sleeper sleeper) {
        this.model = model;
        this.config = config;
        this.calls = calls;
        this.redactor = redactor;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * The model's text, redacted (so nothing built from it downstream can carry the key), and the id of
     * its {@code llm_call} row.
     */
    public record Reply(long callId, String text) {}

    /** No call was made: the question's estimated spend has reached the cap. */
    public static final class CostCapReached extends Exception {
        public CostCapReached(String message) {
            super(message);
        }
    }

    /** The call failed, after the retries that could help; the rows record why. The message is redacted. */
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

    public Redactor redactor() {
        return redactor;
    }

    /** As {@link #ask(long, String, Prompt, ResponseFormat, Deadline)} with no deadline. */
    public Reply ask(long questionId, String purpose, Prompt prompt, ResponseFormat format) throws CostCapReached, CallFailed {
        return ask(questionId, purpose, prompt, format, Deadline.none());
    }

    /**
     * @param questionId the question to book the call against; 0 for none
     * @param format     the structured-output format, or null for plain text
     * @param deadline   no retry starts after it (the first attempt is always made)
     */
    public Reply ask(long questionId, String purpose, Prompt prompt, ResponseFormat format, Deadline deadline)
            throws CostCapReached, CallFailed {
        Long question = questionId > 0 ? questionId : null;
        if (config.maxCost() > 0 && question != null) {
            double spent = calls.spend(questionId).estimatedCost();
            if (spent >= config.maxCost()) {
                throw new CostCapReached(String.format(Locale.ROOT,
                        "estimated language-model spend %.4f has reached the cap %.4f", spent, config.maxCost()));
            }
        }
        ChatRequest.Builder builder = ChatRequest.builder()
                .messages(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user()));
        if (format != null) {
            builder.responseFormat(format);
        }
        ChatRequest request = builder.build();
        String transcript = TextLimit.cap(redactor.redact(prompt.transcript()), TextLimit.CALL_TEXT);
        int promptTokens = estimateTokens(prompt.transcript());
        int attempts = 1 + config.maxRetries();
        for (int attempt = 1; ; attempt++) {
            long start = nanoTime.getAsLong();
            try {
                return answered(question, purpose, transcript, promptTokens, model.chat(request), start);
            } catch (RuntimeException e) {
                long millis = (nanoTime.getAsLong() - start) / 1_000_000;
                boolean retry = attempt < attempts && isRetriable(e) && !Thread.currentThread().isInterrupted();
                String error = redactor.redact(describe(e));
                String stored = attempts > 1 ? "attempt " + attempt + " of " + attempts + ": " + error : error;
                calls.record(new LlmCall.New(question, config.provider(), config.model(), purpose, transcript, null,
                        null, null, millis, 0, TextLimit.cap(stored, TextLimit.CALL_TEXT)));
                log.warn("language-model call ({}) failed after {} ms: {}", purpose, millis, TextLimit.cap(stored, 500));
                Duration wait = backoff(attempt);
                if (!retry || deadline.left().compareTo(wait) <= 0) {
                    if (retry) {
                        log.warn("no retry: the planning round's time is up");
                    }
                    throw new CallFailed(TextLimit.cap(error, TextLimit.PROPOSAL_TEXT), isBadRequest(e));
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CallFailed("interrupted before retrying: " + TextLimit.cap(error, TextLimit.PROPOSAL_TEXT), false);
                }
            }
        }
    }

    private Reply answered(Long question, String purpose, String transcript, int promptTokens, ChatResponse response,
                           long start) {
        long millis = (nanoTime.getAsLong() - start) / 1_000_000;
        String text = response.aiMessage() == null || response.aiMessage().text() == null ? "" : response.aiMessage().text();
        String redacted = redactor.redact(text);
        TokenUsage usage = response.tokenUsage();
        Integer in = usage == null ? null : usage.inputTokenCount();
        Integer out = usage == null ? null : usage.outputTokenCount();
        double cost = cost(in != null ? in : promptTokens, out != null ? out : estimateTokens(text));
        LlmCall row = calls.record(new LlmCall.New(question, config.provider(), config.model(), purpose, transcript,
                TextLimit.cap(redacted, TextLimit.CALL_TEXT), in, out, millis, cost, null));
        log.info("language-model call ({}) took {} ms, {} tokens in, {} out, estimated cost {}", purpose, millis,
                in, out, String.format(Locale.ROOT, "%.4f", cost));
        return new Reply(row.id(), redacted);
    }

    /** 0.5 s before the second attempt, then twice as long each time, at most {@link #MAX_BACKOFF}. */
    static Duration backoff(int failedAttempts) {
        Duration wait = BACKOFF.multipliedBy(1L << Math.min(failedAttempts - 1, 10));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /** Records why an answer that arrived could not be used. */
    public void noteProblem(long callId, String problem) {
        calls.setError(callId, TextLimit.cap(redactor.redact(problem), TextLimit.CALL_TEXT));
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

    /** As the client's own retry policy had it: everything but a refusal that asking again cannot change. */
    private static boolean isRetriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.langchain4j.exception.NonRetriableException
                    || t instanceof dev.langchain4j.exception.UnsupportedFeatureException) {
                return false;
            }
        }
        return true;
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
