package io.nightshift.plugin;

import java.util.Objects;

/**
 * A plugin setting (a key of the plugin's {@code plugins.<id>:} section in {@code nightshift.yaml}) that the plugin
 * refuses. Thrown from {@link Plugin#configure}; nightshift reports it as a configuration error naming the plugin,
 * the key and the message, e.g. {@code plugins.hello-descent.noise: must be between 0 and 1, got 3.0}.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private final String key;

    /**
     * @param key     the setting's key inside the plugin's section (e.g. {@code noise}), or "" for the section as a whole
     * @param message what is wrong and what would be right, e.g. "must be between 0 and 1, got 3.0"
     */
    public InvalidSettingException(String key, String message) {
        super(message);
        this.key = Objects.requireNonNullElse(key, "");
    }

    /** The key inside the plugin's section, or "" when the problem is the section as a whole. */
    public String key() {
        return key;
    }
}
