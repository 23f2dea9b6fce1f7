package io.nightshift.core.data;

import java.io.IOException;

/** A file that is not a readable IDX file; the message names the file and what was wrong. */
public class IdxFormatException extends IOException {

    public IdxFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
