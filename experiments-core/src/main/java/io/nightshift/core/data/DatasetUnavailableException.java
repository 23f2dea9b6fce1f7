package io.nightshift.core.data;

import java.io.IOException;

/**
 * A dataset whose files are missing or damaged and could not be fetched. The message says what
 * was looked for, where, what each fetcher reported, and how to put the files there by hand.
 */
public class DatasetUnavailableException extends IOException {

    public DatasetUnavailableException(String message) {
        super(message);
    }
}
