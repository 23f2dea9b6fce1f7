package io.nightshift.agent.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Encodes and decodes one protocol message per line. */
public final class MessageCodec {

    private final ObjectMapper json = new ObjectMapper();

    public String encode(WorkerMessage message) {
        try {
            String line = json.writeValueAsString(message);
            // Jackson never emits raw newlines inside a JSON string, so one message is one line.
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + message + ": " + e.getOriginalMessage(), e);
        }
    }

    /** @throws ProtocolException when the line is not a protocol message */
    public WorkerMessage decode(String line) {
        try {
            return json.readValue(line, WorkerMessage.class);
        } catch (JsonProcessingException e) {
            String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
            throw new ProtocolException("not a protocol message: '" + shown + "' (" + e.getOriginalMessage() + ")", e);
        }
    }

    public static final class ProtocolException extends RuntimeException {
        public ProtocolException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
