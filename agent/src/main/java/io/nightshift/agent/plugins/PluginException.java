package io.nightshift.agent.plugins;

/** A plugin that cannot be found or loaded; the message says which and where to look. */
public class PluginException extends RuntimeException {
    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
