package io.nightshift.agent.review;

/** A review request that could not be carried out; the message says why and what to do. Nothing was changed. */
public final class ReviewException extends RuntimeException {

    public enum Kind {
        /** No such proposal. */
        NOT_FOUND,
        /** Someone (a person or the loop's policy) decided it first. */
        ALREADY_DECIDED,
        /** The request itself cannot be done: an invalid edit, a missing reason, a finished question. */
        INVALID
    }

    private final Kind kind;

    public ReviewException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
