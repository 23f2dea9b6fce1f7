package io.nightshift.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
