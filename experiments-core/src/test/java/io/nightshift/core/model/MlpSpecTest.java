package io.nightshift.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.nightshift.core.arch.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlpSpecTest {

    @Test
    void parameterCountMatchesTheBuiltBlock() {
        MlpSpec spec = MlpSpec.builder().hiddenWidths(List.of(64, 32)).activation(Activation.GELU).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = spec.newBlock();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 784));
            long actual = block.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();

            assertThat(spec.parameterCount()).isEqualTo(actual).isEqualTo(784 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10);
            assertThat(block.getOutputShapes(new Shape[] {new Shape(5, 784)})[0]).isEqualTo(new Shape(5, 10));
        }
    }

    @Test
    void describesItself() {
        assertThat(MlpSpec.builder().hiddenLayers(2, 256).activation(Activation.TANH).build().describe())
                .isEqualTo("784-256-256-10 tanh");
        assertThat(MlpSpec.builder().hiddenWidths(List.of()).build().parameterCount()).isEqualTo(7850);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> MlpSpec.builder().hiddenWidths(List.of(10, 0)).build())
                .hasMessageContaining("hidden layer 2 must have a positive width, got 0");
        assertThatThrownBy(() -> MlpSpec.builder().inputSize(0).build()).hasMessageContaining("inputSize");
        assertThatThrownBy(() -> Activation.parse("swish")).hasMessageContaining("relu, tanh, sigmoid, gelu");
        assertThat(Activation.parse(" Gelu ")).isEqualTo(Activation.GELU);
    }
}
