package io.nightshift.agent.plugins;

/**
 * A plugin, or a whole jar, that was skipped while loading, and why: the other plugins load anyway.
 *
 * @param source the jar's path, or "the classpath" for a built-in
 * @param reason what was wrong, naming the class where one is known
 */
public record PluginProblem(String source, String reason) {

    /** One line for a warning or an error message. */
    public String describe() {
        return source + ": " + reason;
    }
}
