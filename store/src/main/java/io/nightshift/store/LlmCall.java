package io.nightshift.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One call to a language model, successful or not.
 *
 * @param questionId    the question it was made for; null outside a question
 * @param purpose       why it was made, e.g. {@code propose}
 * @param prompt        the messages as sent (credentials never included)
 * @param response      the model's text; null when the call failed
 * @param tokensIn      input tokens as the provider reported them; null when unknown
 * @param tokensOut     output tokens as the provider reported them; null when unknown
 * @param estimatedCost from the configured per-1k-token prices (0 when none are configured)
 * @param error         why the call failed, or why its answer could not be used; null when all went well
 */
public record LlmCall(
        long id,
        Long questionId,
        String provider,
        String model,
        String purpose,
        String prompt,
        String response,
        Integer tokensIn,
        Integer tokensOut,
        long latencyMillis,
        double estimatedCost,
        String error,
        Instant createdAt) {

    public LlmCall {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** What to record; the store adds the id and the time. */
    public record New(Long questionId, String provider, String model, String purpose, String prompt, String response,
                      Integer tokensIn, Integer tokensOut, long latencyMillis, double estimatedCost, String error) {}

    /** Totals over a set of calls. */
    public record Spend(int calls, int failed, long tokensIn, long tokensOut, double estimatedCost) {
        public static final Spend NONE = new Spend(0, 0, 0, 0, 0);
    }
}
