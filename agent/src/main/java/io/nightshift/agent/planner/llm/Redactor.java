package io.nightshift.agent.planner.llm;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it is logged or stored: the configured API key wherever it
 * appears, and anything that looks like an authorization header or an API-key parameter.
 */
public final class Redactor {

    static final String MASK = "[REDACTED]";

    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?i)(authorization\\s*[:=]\\s*\"?)(?:bearer\\s+|basic\\s+)?[^\\s\",}]+"),
            Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"),
            Pattern.compile("(?i)((?:x-api-key|api[_-]?key)\"?\\s*[:=]\\s*\"?)[^\\s\",}&]+"));

    private final String secret;

    /** @param secret the API key in use; null or blank when there is none */
    public Redactor(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret;
    }

    public static Redactor none() {
        return new Redactor(null);
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = secret == null ? text : text.replace(secret, MASK);
        for (Pattern p : PATTERNS) {
            out = p.matcher(out).replaceAll("$1" + MASK);
        }
        return out;
    }
}
