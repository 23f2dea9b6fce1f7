package io.nightshift.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void everyMessageSurvivesARoundTripOnOneLine() {
        List<WorkerMessage> messages = List.of(
                new WorkerMessage.Run(7, "mnist-mlp", Map.of("lr", 0.01, "width", 128, "act", "relu"), 42, 30_000L, "/data"),
                new WorkerMessage.Cancel(7),
                new WorkerMessage.Shutdown(),
                new WorkerMessage.Ready(1234, "cpu"),
                new WorkerMessage.Heartbeat(null),
                new WorkerMessage.Heartbeat(7L),
                new WorkerMessage.Metric(7, "val_accuracy", 0.97, 2, 860),
                new WorkerMessage.Log(7, "line one\nline two"),
                new WorkerMessage.Result(7, Map.of("val_accuracy", 0.97, "train_loss", Double.NaN)),
                new WorkerMessage.Error(7, "boom", "at x\nat y"));
        for (WorkerMessage m : messages) {
            String line = codec.encode(m);
            assertThat(line).doesNotContain("\n");
            assertThat(codec.decode(line)).isEqualTo(m);
        }
    }

    @Test
    void typeFieldNamesTheMessage() {
        assertThat(codec.encode(new WorkerMessage.Cancel(3))).isEqualTo("{\"type\":\"cancel\",\"trialId\":3}");
    }

    @Test
    void garbageIsAProtocolErrorShowingTheLine() {
        assertThatThrownBy(() -> codec.decode("WARNING: libtorch says hello"))
                .isInstanceOf(MessageCodec.ProtocolException.class)
                .hasMessageContaining("WARNING: libtorch says hello");
        assertThatThrownBy(() -> codec.decode("{\"type\":\"teleport\"}"))
                .isInstanceOf(MessageCodec.ProtocolException.class);
    }

    @Test
    void framesAreALengthThenTheJson() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<WorkerMessage> messages = List.of(new WorkerMessage.Ready(1, "cpu"),
                new WorkerMessage.Log(7, "ünïcode\nand a newline"), new WorkerMessage.Cancel(7));
        for (WorkerMessage m : messages) {
            wire.write(codec.frame(m));
        }
        byte[] cancel = codec.frame(new WorkerMessage.Cancel(3));
        assertThat(ByteBuffer.wrap(cancel).getInt()).isEqualTo(cancel.length - 4);
        assertThat(new String(cancel, 4, cancel.length - 4, StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"cancel\",\"trialId\":3}");

        InputStream in = new ByteArrayInputStream(wire.toByteArray());
        for (WorkerMessage m : messages) {
            assertThat(codec.readFrame(in)).isEqualTo(m);
        }
        assertThat(codec.readFrame(in)).as("a clean end between frames").isNull();
    }

    @Test
    void anOversizedEmptyOrMalformedFrameIsAProtocolError() {
        assertThatThrownBy(() -> codec.readFrame(frameHeader(MessageCodec.MAX_FRAME_BYTES + 1)))
                .isInstanceOf(MessageCodec.ProtocolException.class)
                .hasMessage("a frame of 4194305 bytes (at most 4194304 are allowed)");
        assertThatThrownBy(() -> codec.readFrame(frameHeader(-1)))
                .isInstanceOf(MessageCodec.ProtocolException.class).hasMessageContaining("a frame of 4294967295 bytes");
        assertThatThrownBy(() -> codec.readFrame(frameHeader(0)))
                .isInstanceOf(MessageCodec.ProtocolException.class).hasMessageContaining("a frame of 0 bytes");
        for (String body : List.of("WARNING: libtorch says hello", "{\"type\":\"teleport\"}",
                "{\"type\":\"cancel\",\"trialId\":3} {\"type\":\"cancel\",\"trialId\":4}", "\u0000\u00ff\u001b[2J")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            byte[] frame = ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
            assertThatThrownBy(() -> codec.readFrame(new ByteArrayInputStream(frame)))
                    .as(body)
                    .isInstanceOf(MessageCodec.ProtocolException.class)
                    .hasMessageStartingWith("a frame that is not a protocol message")
                    .hasMessageNotContaining("\u001b");
        }
    }

    @Test
    void anEndInsideAFrameIsAnEndOfStreamNotAMessage() {
        byte[] frame = codec.frame(new WorkerMessage.Cancel(3));
        assertThatThrownBy(() -> codec.readFrame(new ByteArrayInputStream(Arrays.copyOf(frame, frame.length - 1))))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> codec.readFrame(new ByteArrayInputStream(Arrays.copyOf(frame, 2))))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void aMessageTooLargeForAFrameIsNotSent() {
        assertThatThrownBy(() -> codec.frame(new WorkerMessage.Log(1, "x".repeat(MessageCodec.MAX_FRAME_BYTES))))
                .isInstanceOf(MessageCodec.FrameTooLargeException.class)
                .hasMessageContaining("a log message of 4194343 bytes is larger than a frame may be");
        // The worker clips long text so that logs and errors always fit.
        WorkerMessage clipped = WorkerMain.clip(new WorkerMessage.Log(1, "\u0001".repeat(MessageCodec.MAX_FRAME_BYTES)));
        assertThat(codec.frame(clipped).length).isLessThan(MessageCodec.MAX_FRAME_BYTES);
    }

    private static InputStream frameHeader(int length) {
        byte[] bytes = ByteBuffer.allocate(8).putInt(length).putInt(0).array();
        return new ByteArrayInputStream(bytes);
    }
}
