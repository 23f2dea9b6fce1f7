package io.nightshift.agent.plugins;

import io.nightshift.agent.config.ConfigException;

/**
 * A plugin refused its settings (its {@code plugins.<id>:} section of the configuration): a configuration error
 * (exit status 2) whose message names the plugin and the key.
 */
public class PluginSettingsException extends ConfigException {
    public PluginSettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
