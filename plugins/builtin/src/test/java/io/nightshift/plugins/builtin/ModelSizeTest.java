package io.nightshift.plugins.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.plugin.Plugin;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the built-in plugins tell review about a configuration's model before anything trains. */
class ModelSizeTest {

    @Test
    void anMlpCountsWeightsAndBiasesAndEveryLayersOutputPerBatch() {
        Map<String, Object> p = Map.of("hidden_width", 128, "hidden_layers", 2, "activation", "relu",
                "optimizer", "adam", "learning_rate", 1e-3, "batch_size", 64, "epochs", 1);
        MnistMlpPlugin plugin = new MnistMlpPlugin();
        assertThat(plugin.parameterCount(p)).hasValue(784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10);
        // Input 784, then fc 128, relu 128, fc 128, relu 128, fc 10: per example, times the batch.
        assertThat(plugin.activationCount(p)).hasValue(64L * (784 + 128 + 128 + 128 + 128 + 10));
    }

    @Test
    void aCnnCountsItsArchitecture() {
        Map<String, Object> p = Map.of("architecture", MnistCnnPlugin.ARCHITECTURES.get(0), "optimizer", "adam",
                "learning_rate", 1e-3, "schedule", "constant", "batch_size", 128, "epochs", 1);
        // conv(8,3): 8*9+8; conv(16,3): 16*8*9+16; fc(64) on 16x5x5: 400*64+64; fc(10): 64*10+10.
        assertThat(new MnistCnnPlugin().parameterCount(p)).hasValue(80 + 1168 + 25_664 + 650);
        // 1x28x28 -> 8x26x26 -relu-> 8x26x26 -pool-> 8x13x13 -> 16x11x11 -relu-> 16x11x11 -pool-> 16x5x5
        // -> fc 64 -relu-> 64 -> fc 10.
        long perExample = 784 + 2 * 8 * 26 * 26 + 8 * 13 * 13 + 2 * 16 * 11 * 11 + 16 * 5 * 5 + 64 + 64 + 10;
        assertThat(new MnistCnnPlugin().activationCount(p)).hasValue(128 * perExample);
    }

    @Test
    void anAutoencoderCountsEncoderAndDecoder() {
        Map<String, Object> p = Map.of("bottleneck_width", 8, "hidden_width", 64, "learning_rate", 1e-3,
                "batch_size", 256, "epochs", 1);
        assertThat(new MnistAutoencoderPlugin().parameterCount(p))
                .hasValue(784 * 64 + 64 + 64 * 8 + 8 + 8 * 64 + 64 + 64 * 784 + 784);
        assertThat(new MnistAutoencoderPlugin().activationCount(p))
                .hasValue(256L * (784 + 64 + 64 + 8 + 64 + 64 + 784 + 784));
    }

    @Test
    void everySampledConfigurationHasACountAndItIsCheap() {
        for (Plugin plugin : new Plugin[] {new MnistMlpPlugin(), new MnistCnnPlugin(), new MnistAutoencoderPlugin()}) {
            SplittableRandom random = new SplittableRandom(3);
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                Map<String, Object> p = plugin.descriptor().searchSpace().sample(random);
                assertThat(plugin.parameterCount(p).orElseThrow()).as("%s %s", plugin.descriptor().id(), p).isPositive();
                assertThat(plugin.activationCount(p).orElseThrow()).isPositive();
            }
            // Called for every proposal waiting for review on every tick: well under a millisecond each.
            assertThat((System.nanoTime() - start) / 400 / 1_000_000.0).as(plugin.descriptor().id()).isLessThan(5.0);
        }
    }
}
