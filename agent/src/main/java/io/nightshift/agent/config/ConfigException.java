package io.nightshift.agent.config;

/** Configuration that cannot be used; the message names the file, the key and what to do. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
