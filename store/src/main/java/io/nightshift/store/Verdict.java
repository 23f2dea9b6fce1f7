package io.nightshift.store;

/** What a reviewer (a person or the auto-approve policy) decided about a proposal. */
public enum Verdict {
    APPROVE,
    REJECT
}
