package io.nightshift.store;

/** Review state of a proposal. Stored by name, so renaming a constant needs a migration. */
public enum ProposalStatus {
    PENDING,
    APPROVED,
    REJECTED
}
