package io.nightshift.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reading of a plugin's settings (the map given to {@link Plugin#configure}), each mistake an
 * {@link InvalidSettingException} that names the key:
 *
 * <pre>{@code
 * public void configure(Map<String, Object> settings) {
 *     PluginSettings s = PluginSettings.of(settings).allowOnly("noise", "dimensions");
 *     noise = s.doubleValue("noise", 0.1);
 *     dimensions = s.intValue("dimensions", 8);
 * }
 * }</pre>
 *
 * <p>Values arrive as YAML gave them: numbers as {@code Integer}, {@code Long} or {@code Double}, {@code true} and
 * {@code false} as {@code Boolean}, text as {@code String}, nested lists and mappings as {@code List} and
 * {@code Map}; a key written with no value holds null, which the getters read as absent.
 */
public final class PluginSettings {

    private final Map<String, Object> values;

    private PluginSettings(Map<String, Object> values) {
        this.values = values;
    }

    public static PluginSettings of(Map<String, ?> settings) {
        return new PluginSettings(settings == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(settings)));
    }

    /** Refuses any key not named here (a typo would otherwise be ignored in silence). */
    public PluginSettings allowOnly(String... keys) {
        List<String> known = Arrays.asList(keys);
        List<String> unknown = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidSettingException(unknown.get(0), "unknown setting"
                    + (unknown.size() > 1 ? "s " + unknown : "") + "; this plugin knows " + known);
        }
        return this;
    }

    /** True when the key is set to something other than null. */
    public boolean has(String key) {
        return values.get(key) != null;
    }

    /** The value as written, if set. */
    public Optional<Object> raw(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public double doubleValue(String key, double fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new InvalidSettingException(key, "expected a number, got " + describe(v));
    }

    public int intValue(String key, int fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new InvalidSettingException(key, "expected a whole number, got " + describe(v));
    }

    public long longValue(String key, long fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 0x1p53) {
            return (long) n.doubleValue();
        }
        throw new InvalidSettingException(key, "expected a whole number, got " + describe(v));
    }

    public boolean booleanValue(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new InvalidSettingException(key, "expected true or false, got " + describe(v));
    }

    public String string(String key, String fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        throw new InvalidSettingException(key, "expected a text value, got " + describe(v));
    }

    /** A text value that must be one of {@code choices}. */
    public String oneOf(String key, String fallback, String... choices) {
        String v = string(key, fallback);
        if (v == null || Arrays.asList(choices).contains(v)) {
            return v;
        }
        throw new InvalidSettingException(key, "must be one of " + Arrays.toString(choices) + ", got \"" + v + "\"");
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping " + v;
        }
        if (v instanceof List<?>) {
            return "a list " + v;
        }
        return String.valueOf(v);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
