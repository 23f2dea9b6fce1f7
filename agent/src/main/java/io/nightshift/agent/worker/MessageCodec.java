package io.nightshift.agent.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes protocol messages. On the wire each message is one frame: a 4-byte big-endian length,
 * then that many bytes of UTF-8 JSON. A frame longer than {@link #MAX_FRAME_BYTES} (or of no bytes), or one
 * that is not exactly one protocol message, is a {@link ProtocolException}: the reader cannot trust what
 * follows, so the peer is lost.
 */
public final class MessageCodec {

    /** The largest frame either side sends or accepts. Messages are small; a worker clips long log text. */
    public static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public String encode(WorkerMessage message) {
        try {
            // Jackson never emits raw newlines inside a JSON string, so one message is one line.
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + message + ": " + e.getOriginalMessage(), e);
        }
    }

    /** @throws ProtocolException when the line is not a protocol message */
    public WorkerMessage decode(String line) {
        try {
            return json.readValue(line, WorkerMessage.class);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("not a protocol message: '" + shown(line) + "' (" + e.getOriginalMessage() + ")", e);
        }
    }

    /**
     * The message as one frame, length first.
     *
     * @throws FrameTooLargeException when it would be longer than {@link #MAX_FRAME_BYTES}
     */
    public byte[] frame(WorkerMessage message) {
        byte[] body = encode(message).getBytes(StandardCharsets.UTF_8);
        if (body.length > MAX_FRAME_BYTES) {
            throw new FrameTooLargeException("a " + message.getClass().getSimpleName().toLowerCase() + " message of "
                    + body.length + " bytes is larger than a frame may be (" + MAX_FRAME_BYTES + " bytes)");
        }
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    /**
     * Reads the next frame.
     *
     * @return the message, or null when the stream ends cleanly between two frames
     * @throws EOFException      when the stream ends inside a frame (the peer died while writing)
     * @throws ProtocolException when the frame is too large, empty, or not one protocol message
     */
    public WorkerMessage readFrame(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        byte[] rest = in.readNBytes(3);
        if (rest.length < 3) {
            throw new EOFException("the stream ended inside a frame's length");
        }
        int length = (first << 24) | ((rest[0] & 0xff) << 16) | ((rest[1] & 0xff) << 8) | (rest[2] & 0xff);
        if (length <= 0 || length > MAX_FRAME_BYTES) {
            throw new ProtocolException("a frame of " + Integer.toUnsignedString(length) + " bytes (at most "
                    + MAX_FRAME_BYTES + " are allowed)", null);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("the stream ended after " + body.length + " of a frame's " + length + " bytes");
        }
        try {
            return json.readValue(body, WorkerMessage.class);
        } catch (IOException e) {
            String text = new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8);
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ProtocolException("a frame that is not a protocol message: '" + shown(text) + "' (" + reason + ")", e);
        }
    }

    private static String shown(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        // A frame can hold anything: keep control characters out of the logs the reason ends up in.
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    public static final class ProtocolException extends RuntimeException {
        public ProtocolException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A message that does not fit in one frame; nothing was sent. */
    public static final class FrameTooLargeException extends IllegalArgumentException {
        public FrameTooLargeException(String message) {
            super(message);
        }
    }
}
