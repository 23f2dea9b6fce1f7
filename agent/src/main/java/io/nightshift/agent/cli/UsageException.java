package io.nightshift.agent.cli;

/** An argument that parses but cannot be used; exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
