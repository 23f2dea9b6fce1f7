package io.nightshift.plugin.testkit;

/** One call of {@code context.note(name, text)}. */
public record Note(String name, String text) {
}
