package io.nightshift.store;

/** The store cannot do what was asked; the message says what to do about it where that is known. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
