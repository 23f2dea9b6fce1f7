package io.nightshift.agent.planner.llm;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it is logged or stored: the configured API key wherever it
 * appears (also with some of its characters written as JSON {@code \}u escapes, which a model may
 * produce and which decode to the key), and anything that looks like an authorization header or an
 * API-key parameter.
 */
public final class Redactor {

    static final String MASK = "[REDACTED]";

    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?i)(authorization\\s*[:=]\\s*\"?)(?:bearer\\s+|basic\\s+)?[^\\s\",}]+"),
            Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"),
            Pattern.compile("(?i)((?:x-api-key|api[_-]?key)\"?\\s*[:=]\\s*\"?)[^\\s\",}&]+"));

    private final String secret;
    private final Pattern escapedSecret;

    /** @param secret the API key in use; null or blank when there is none */
    public Redactor(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret;
        this.escapedSecret = this.secret == null ? null : escapedForm(this.secret);
    }

    /** Each character of the key as itself or as a JSON {@code \}u escape (hex digits in either case). */
    private static Pattern escapedForm(String secret) {
        StringBuilder regex = new StringBuilder();
        secret.chars().forEach(c -> {
            regex.append("(?:").append(Pattern.quote(String.valueOf((char) c))).append("|\\\\u");
            for (char h : String.format(java.util.Locale.ROOT, "%04x", c).toCharArray()) {
                regex.append(Character.isLetter(h) ? "[" + h + Character.toUpperCase(h) + "]" : String.valueOf(h));
            }
            regex.append(')');
        });
        return Pattern.compile(regex.toString());
    }

    public static Redactor none() {
        return new Redactor(null);
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = secret == null ? text : escapedSecret.matcher(text.replace(secret, MASK)).replaceAll(MASK);
        for (Pattern p : PATTERNS) {
            out = p.matcher(out).replaceAll("$1" + MASK);
        }
        return out;
    }
}
