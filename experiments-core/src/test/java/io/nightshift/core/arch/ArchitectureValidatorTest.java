package io.nightshift.core.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.nightshift.core.model.MlpSpec;
import io.nightshift.core.model.NetworkSpec;
import org.junit.jupiter.api.Test;

class ArchitectureValidatorTest {

    private static final long[] MNIST = {1, 28, 28};

    @Test
    void computesShapesAndParameterCount() {
        ShapePlan plan = new ArchitectureValidator(MNIST).expectOutputs(10).validate(
                Architecture.parse("conv(32,3) relu pool(2) conv(64,3) relu pool(2) fc(128) relu fc(10)"));
        assertThat(plan.layerOutputs().get(0)).containsExactly(32, 26, 26);
        assertThat(plan.layerOutputs().get(2)).containsExactly(32, 13, 13);
        assertThat(plan.layerOutputs().get(5)).containsExactly(64, 5, 5);
        assertThat(plan.output()).containsExactly(10);
        long expected = (32 * 9 + 32) + (64 * 32 * 9 + 64) + (64 * 5 * 5 * 128 + 128) + (128 * 10 + 10);
        assertThat(plan.parameterCount()).isEqualTo(expected);
        assertThat(plan.describe()).startsWith("1x28x28 -conv(32,3)-> 32x26x26");
    }

    @Test
    void theBuiltBlockHasThePlannedShapeAndParameters() {
        NetworkSpec spec = NetworkSpec.parse(
                "conv(4,3,1,1) batchnorm relu pool(2) conv(8,3,2,0) relu dropout(0.1) flatten fc(16) tanh fc(10)", MNIST, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = spec.newBlock();
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            long trainable = block.getParameters().values().stream().filter(Parameter::requiresGradient)
                    .mapToLong(p -> p.getArray().size()).sum();
            assertThat(trainable).isEqualTo(spec.parameterCount());
            assertThat(block.getOutputShapes(new Shape[] {new Shape(2, 1, 28, 28)})[0]).isEqualTo(new Shape(2, 10));
        }
        assertThat(spec.layerNames()).containsExactly("conv1", "batchnorm1", "relu1", "pool1", "conv2", "relu2",
                "dropout1", "flatten1", "fc1", "tanh1", "fc2");
    }

    @Test
    void mlpSpecIsTheSameNetworkAsItsArchitecture() {
        MlpSpec mlp = MlpSpec.builder().hiddenLayers(2, 32).dropout(0.2).batchNorm(true).build();
        assertThat(mlp.architecture().toString())
                .isEqualTo("fc(32) batchnorm relu dropout(0.2) fc(32) batchnorm relu dropout(0.2) fc(10)");
        assertThat(mlp.parameterCount()).isEqualTo((784 * 32 + 32 + 64) + (32 * 32 + 32 + 64) + (32 * 10 + 10));
    }

    @Test
    void rejectsShapesThatDoNotFit() {
        assertThatThrownBy(() -> NetworkSpec.parse("conv(8,3) pool(2) conv(8,3) pool(2) conv(8,3) pool(2) conv(8,3) fc(10)",
                MNIST, 10))
                .isInstanceOf(InvalidArchitectureException.class)
                .hasMessageContaining("layer 7 'conv(8,3)' gets 8x1x1")
                .hasMessageContaining("smaller than its 3x3 kernel");
        assertThatThrownBy(() -> NetworkSpec.parse("fc(64) conv(8,3) fc(10)", MNIST, 10))
                .hasMessageContaining("layer 2 'conv(8,3)' gets 64 (a flat vector)");
        assertThatThrownBy(() -> NetworkSpec.parse("conv(8,3) pool(32) fc(10)", MNIST, 10))
                .hasMessageContaining("smaller than its 32x32 window");
        assertThatThrownBy(() -> NetworkSpec.parse("conv(8,3) relu fc(20)", MNIST, 10))
                .hasMessageContaining("ends with 20 outputs").hasMessageContaining("fc(10)");
        assertThatThrownBy(() -> NetworkSpec.parse("conv(8,3) relu", MNIST, 10))
                .hasMessageContaining("ends with 8x26x26");
        assertThatThrownBy(() -> NetworkSpec.of(Architecture.parse("fc(4096) fc(10)"), MNIST, 10, 1_000_000))
                .hasMessageContaining("over the limit of 1000000");
        assertThatThrownBy(() -> new ArchitectureValidator(1, 28))
                .hasMessageContaining("[features] or [channels, height, width]");
    }
}
